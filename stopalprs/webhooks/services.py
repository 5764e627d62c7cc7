"""Outgoing webhooks: tell other tools (a CRM, a chat bot) when something happens here.

Deliveries follow the Standard Webhooks convention (https://www.standardwebhooks.com/), so
receivers can check them with an off-the-shelf library: headers ``webhook-id`` (also sent as
``Idempotency-Key``), ``webhook-timestamp`` and ``webhook-signature`` = ``v1,`` + base64 of
HMAC-SHA256 over ``id.timestamp.body`` under the endpoint's secret.

Like the mail queue: the Delivery row and its task are written in the transaction of the
change they report, so a committed change is always reported at least once; a lease keeps two
workers from sending one delivery at the same time; failures are retried with backoff from
the task queue, then marked failed where staff can see them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from stopalprs.audit import services as audit
from stopalprs.campaigns.models import Campaign
from stopalprs.campaigns.services import public_counts
from stopalprs.lib import osdi
from stopalprs.lib.events import Happening, Record
from stopalprs.organizing.models import Organizer
from stopalprs.outbox import channels
from stopalprs.signatures.models import Signature
from stopalprs.webhooks.models import ERASURES, Delivery, Endpoint, Event

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 15  # with the backoff below: retries over about 32 hours
MAX_BACKOFF = timedelta(hours=6)
USER_AGENT = "stopalprs-webhooks/1"


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def check_url(url: str) -> None:
    """HTTPS only (a webhook carries personal data), unless the operator allows plain HTTP
    for development (WEBHOOK_ALLOW_HTTP)."""
    scheme = urlsplit(url).scheme
    if scheme == "https" or (scheme == "http" and settings.WEBHOOK_ALLOW_HTTP):
        return
    raise ValidationError("Use an https:// address.")


@transaction.atomic
def create_endpoint(
    *,
    actor: Any,
    name: str,
    url: str,
    events: list[str],
    personal_data: bool,
    campaign_id: int | None = None,
) -> Endpoint:
    check_url(url)
    unknown = set(events) - set(Event.values)
    if unknown or not events:
        raise ValidationError(f"Choose events from: {', '.join(Event.values)}.")
    endpoint = Endpoint.objects.create(
        name=name,
        url=url,
        secret=new_secret(),
        events=sorted(set(events)),
        personal_data=personal_data,
        campaign_id=campaign_id,
        created_by=actor if actor.is_authenticated else None,
    )
    _audit(
        actor,
        endpoint,
        "webhook.created",
        "created" + (" with personal data" if personal_data else ""),
    )
    return endpoint


@transaction.atomic
def set_active(*, actor: Any, endpoint: Endpoint, active: bool) -> None:
    Endpoint.objects.filter(pk=endpoint.pk).update(active=active)
    endpoint.active = active
    _audit(actor, endpoint, "webhook.changed", "turned on" if active else "turned off")


def _audit(actor: Any, endpoint: Endpoint, verb: str, what: str) -> None:
    audit.record(
        actor,
        verb,
        object_type="webhook",
        ref=str(endpoint.pk),
        detail=f"webhook '{endpoint.name}' ({endpoint.url}) {what}; "
        f"events {', '.join(endpoint.events)}",
    )


def emit(
    event: str, *, object_id: int, campaign_id: int | None = None, gone: tuple[Record, ...] = ()
) -> int:
    """Queue ``event`` for every active endpoint that wants it, in the caller's transaction
    (the task backend shares the database: this is the transactional outbox). An erasure
    also goes to every endpoint that was sent personal data about the records in ``gone``."""
    wanting = [e for e in Endpoint.objects.filter(active=True) if e.wants(event, campaign_id)]
    endpoints = {e.pk: e for e in wanting}
    if event in ERASURES and gone:
        for endpoint in _told_about(gone):
            endpoints.setdefault(endpoint.pk, endpoint)
    identifiers = [record.identifier for record in gone]
    for endpoint in endpoints.values():
        delivery = Delivery.objects.create(
            endpoint=endpoint, event=event, object_id=object_id, identifiers=identifiers
        )
        WEBHOOK.enqueue(delivery.pk)
    return len(endpoints)


def on_event(happening: Happening) -> None:
    """The webhooks' subscription to what services publish (lib/events.py)."""
    emit(
        happening.name,
        object_id=happening.object_id,
        campaign_id=happening.campaign_id,
        gone=happening.gone,
    )


_CONFIRMED_EVENT = {"signature": Event.SIGNATURE_CONFIRMED, "organizer": Event.ORGANIZER_CONFIRMED}


def _told_about(gone: tuple[Record, ...]) -> list[Endpoint]:
    """Active endpoints allowed personal data that may hold one of these records: it was
    delivered to them, or an attempt was made (a timed-out POST may still have arrived). A
    delivery never attempted will be dropped now that its record is gone: nothing to undo."""
    about = Q(pk__in=[])
    for record in gone:
        about |= Q(event=_CONFIRMED_EVENT[record.kind], object_id=record.pk)
    sent = Delivery.objects.filter(about).filter(
        Q(status=Delivery.Status.DELIVERED) | Q(attempts__gt=0)
    )
    return list(
        Endpoint.objects.filter(
            active=True, personal_data=True, pk__in=sent.values("endpoint_id")
        ).order_by("pk")
    )


def payload(delivery: Delivery) -> dict[str, Any] | None:
    """The body for ``delivery``, or None if what it is about no longer exists."""
    personal = delivery.endpoint.personal_data
    data: dict[str, Any]
    if delivery.event in ERASURES:
        data = {"osdi:records": osdi.gone(delivery.identifiers)}
    elif delivery.event == Event.SIGNATURE_CONFIRMED:
        sig = Signature.objects.select_related("campaign").filter(pk=delivery.object_id).first()
        if sig is None or sig.anonymized_at is not None:
            return None
        data = {
            "osdi:signature": osdi.signature(sig, personal=personal),
            "osdi:petition": _petition(sig.campaign),
        }
    elif delivery.event == Event.ORGANIZER_CONFIRMED:
        organizer = Organizer.objects.filter(pk=delivery.object_id).first()
        if organizer is None:
            return None
        data = {"osdi:submission": osdi.submission(organizer, personal=personal)}
    else:
        campaign = Campaign.objects.filter(pk=delivery.object_id).first()
        if campaign is None:
            return None
        data = {
            "osdi:petition": _petition(campaign),
            "victory_message": campaign.victory_message,
        }
    return {
        "type": delivery.event,
        "id": str(delivery.key),
        "timestamp": delivery.created_at.isoformat(),
        "data": data,
    }


def _petition(campaign: Campaign) -> dict[str, Any]:
    return osdi.petition(campaign, total_signatures=public_counts(campaign).total)


def sign(secret: str, *, msg_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def send_delivery(delivery: Delivery) -> channels.Outcome:
    """The webhook channel's send function: one signed POST, its reply recorded."""
    body = payload(delivery)
    if body is None or not delivery.endpoint.active:
        return channels.Dropped()
    raw = json.dumps(body, separators=(",", ":")).encode()
    msg_id, now = str(delivery.key), int(timezone.now().timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": msg_id,
        "Idempotency-Key": msg_id,
        "webhook-timestamp": str(now),
        "webhook-signature": sign(delivery.endpoint.secret, msg_id=msg_id, timestamp=now, body=raw),
    }
    try:
        reply = requests.post(
            delivery.endpoint.url,
            data=raw,
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except requests.RequestException as error:
        return channels.Failed(type(error).__name__, fields={"response_status": None})
    reply.close()  # the receiver's body is not read: it could be anything, and large
    if reply.ok:
        return channels.Sent(
            {"response_status": reply.status_code, "last_error": "", "delivered_at": timezone.now()}
        )
    return channels.Failed(
        f"HTTP {reply.status_code}", fields={"response_status": reply.status_code}
    )


WEBHOOK = channels.Channel(
    name="webhook",
    model=Delivery,
    task_path="stopalprs.webhooks.tasks.deliver_webhook",
    send=send_delivery,
    lease=LEASE,
    max_attempts=MAX_ATTEMPTS,
    first_backoff=timedelta(seconds=30),
    max_backoff=MAX_BACKOFF,
    queued=Delivery.Status.QUEUED,
    sent=Delivery.Status.DELIVERED,
    failed=Delivery.Status.FAILED,
    dropped=Delivery.Status.DROPPED,
    related=("endpoint",),
)


def backoff(attempts: int) -> timedelta:
    return WEBHOOK.backoff(attempts)


def deliver(*, delivery_id: int) -> str:
    """Send one queued delivery. Safe to call any number of times for the same id."""
    return channels.deliver(WEBHOOK, delivery_id)


def requeue_stalled(*, older_than: timedelta = timedelta(minutes=5)) -> int:
    """Enqueue again every queued delivery whose task went missing."""
    return channels.requeue_stalled(WEBHOOK, older_than=older_than)


@transaction.atomic
def retry_now(*, actor: Any, delivery: Delivery) -> None:
    """Staff send a failed delivery again (e.g. once the receiver is fixed)."""
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.QUEUED,
        attempts=0,
        next_attempt_at=timezone.now(),
        lease_until=None,
    )
    WEBHOOK.enqueue(delivery.pk)
    _audit(actor, delivery.endpoint, "webhook.resent", f"delivery {delivery.key} sent again")


def old_deliveries() -> QuerySet[Delivery]:
    """Deliveries done with, past EMAIL_RECORD_RETENTION_DAYS (pruned with the mail log)."""
    cutoff = timezone.now() - timedelta(days=settings.EMAIL_RECORD_RETENTION_DAYS)
    return Delivery.objects.exclude(status=Delivery.Status.QUEUED).filter(created_at__lt=cutoff)


def tools_given_personal_data() -> list[str]:
    """The names of active endpoints allowed personal data (for the privacy page)."""
    allowed = Endpoint.objects.filter(active=True, personal_data=True)
    return list(allowed.values_list("name", flat=True))
