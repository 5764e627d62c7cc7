"""The privacy layer: address hashing, retention, self-service data rights, staff audit."""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone

from stopalprs.actions import identity, limits
from stopalprs.campaigns.models import Campaign
from stopalprs.emails.models import Email
from stopalprs.emails.services import queue_email
from stopalprs.lib import events, osdi
from stopalprs.lib.http import client_ip
from stopalprs.organizing.models import Organizer
from stopalprs.privacy.models import AuditEntry, DailyKey, DeletionLog
from stopalprs.signatures.models import Signature
from stopalprs.updates.models import Suppression
from stopalprs.watch import records
from stopalprs.watch.models import Follow, RecordsRequest
from stopalprs.webhooks.models import Delivery

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------
# Client addresses
# ---------------------------------------------------------------------------------------------


_KEYS: dict[date, str] = {}


def _todays_key(day: date) -> str:
    # Kept in the process for the day: one query a day instead of one per signature. Only
    # today's key is ever kept, so destroying old keys in the database destroys them here too.
    if day in _KEYS:
        return _KEYS[day]
    _KEYS.clear()
    _KEYS[day] = _load_key(day)
    return _KEYS[day]


def _load_key(day: date) -> str:
    key = DailyKey.objects.filter(day=day).values_list("key", flat=True).first()
    if key is None:
        try:
            with transaction.atomic():
                key = DailyKey.objects.create(day=day).key
        except IntegrityError:  # another process made today's key first
            key = DailyKey.objects.get(day=day).key
    return key


def request_ip_hash(request: HttpRequest) -> str:
    """The request's client address as the throttles know it: the day's hash, never the
    address (django-axes reads it through AXES_CLIENT_IP_CALLABLE)."""
    return hash_ip(client_ip(request)) or "unknown"


def hash_ip(address: str, *, day: date | None = None) -> str:
    """An abuse-control signal for ``address`` that nobody can reverse after a week.

    HMAC under a random key of the day; the raw address is never stored or logged. Once
    the day's key is destroyed (``enforce_retention``), its hashes can no longer be linked to
    any address, and hashes of different days never match each other.
    """
    if not address:
        return ""
    day = day or timezone.now().date()
    key = _todays_key(day)
    return hmac.new(bytes.fromhex(key), address.encode(), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------------------------------------
# Retention
# ---------------------------------------------------------------------------------------------


def log_deletions(kind: str, count: int) -> None:
    """Add ``count`` to today's public deletion log for ``kind``."""
    if count <= 0:
        return
    today = timezone.now().date()
    updated = DeletionLog.objects.filter(day=today, kind=kind).update(count=F("count") + count)
    if not updated:
        try:
            with transaction.atomic():
                DeletionLog.objects.create(day=today, kind=kind, count=count)
        except IntegrityError:
            DeletionLog.objects.filter(day=today, kind=kind).update(count=F("count") + count)


def _days(setting: str) -> timedelta:
    return timedelta(days=getattr(settings, setting))


@transaction.atomic
def enforce_retention() -> dict[str, int]:
    """Apply every retention period once. Idempotent; run daily (and safe to run hourly)."""
    now = timezone.now()
    done: dict[str, int] = {}

    cutoff = now - _days("UNCONFIRMED_RETENTION_DAYS")
    stale = Signature.objects.pending().filter(created_at__lt=cutoff)
    done[DeletionLog.Kind.UNCONFIRMED] = stale.count()
    stale.delete()  # their queued emails go with them (cascade)

    cutoff = now - _days("IP_HASH_RETENTION_DAYS")
    done[DeletionLog.Kind.IP_HASHES] = (
        Signature.objects.filter(created_at__lt=cutoff)
        .exclude(ip_hash="", email_domain="")
        .update(ip_hash="", email_domain="")
    )
    # The keys themselves: without them, any hash that escaped (a backup, a log) is noise.
    DailyKey.objects.filter(day__lt=cutoff.date()).delete()

    cutoff = now - _days("CLOSED_CAMPAIGN_RETENTION_DAYS")
    ended = [c.pk for c in Campaign.objects.all() if c.ended and c.ended <= cutoff]
    done[DeletionLog.Kind.ANONYMIZED] = anonymize_signatures(
        Signature.objects.filter(campaign_id__in=ended, anonymized_at__isnull=True)
    )

    cutoff = now - _days("UNCONFIRMED_RETENTION_DAYS")
    stale_org = Organizer.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
    done[DeletionLog.Kind.ORGANIZERS_UNCONFIRMED] = stale_org.count()
    stale_org.delete()

    cutoff = now - _days("ORGANIZER_INACTIVE_RETENTION_DAYS")
    inactive = Organizer.objects.filter(last_activity_at__lt=cutoff)
    done[DeletionLog.Kind.ORGANIZERS_INACTIVE] = inactive.count()
    inactive.delete()  # with their notes and queued mail

    old_requests = RecordsRequest.objects.filter(
        Q(sent_on__lt=records.retention_cutoff())
        | Q(confirmed_at__isnull=True, created_at__lt=now - _days("UNCONFIRMED_RETENTION_DAYS"))
    )
    done[DeletionLog.Kind.RECORDS_REQUESTS] = old_requests.count()
    old_requests.delete()
    Follow.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - _days("UNCONFIRMED_RETENTION_DAYS")
    ).delete()

    cutoff = now - _days("EMAIL_RECORD_RETENTION_DAYS")
    old_mail = Email.objects.filter(
        status__in=[Email.Status.SENT, Email.Status.FAILED], created_at__lt=cutoff
    )
    done[DeletionLog.Kind.EMAILS] = old_mail.count()
    old_mail.delete()
    # The webhook log names no one (an event and a record's number), so its pruning is not a
    # deletion of personal data for the public log; it just keeps the table small.
    Delivery.objects.exclude(status=Delivery.Status.QUEUED).filter(created_at__lt=cutoff).delete()

    for kind, count in done.items():
        log_deletions(kind, count)
    logger.info("retention: %s", done)
    return done


def anonymize_signatures(signatures: Any) -> int:
    """Strip everything personal but ZIP and state, so counts never change."""
    return int(
        signatures.update(
            first_name="",
            last_name="",
            email="",
            comment="",
            email_index=None,
            ip_hash="",
            send_updates=False,
            anonymized_at=timezone.now(),
        )
    )


# ---------------------------------------------------------------------------------------------
# Self-service: see, withdraw, export, erase
# ---------------------------------------------------------------------------------------------


def signatures_for(email_index: str) -> Any:
    return Signature.objects.filter(email_index=email_index).select_related("campaign")


def organizer_for(email_index: str) -> Organizer | None:
    return Organizer.objects.filter(email_index=email_index).first()


LINK_REQUESTS_PER_HOUR = 3


@transaction.atomic
def send_manage_link(*, email: str) -> None:
    """Email a fresh manage-my-data link to ``email`` if we hold anything for it.

    The caller shows the same reply either way: nobody learns whether an address signed.
    """
    index = identity.email_index(email)
    held = (
        signatures_for(index).first()
        or organizer_for(index)
        or RecordsRequest.objects.filter(email_index=index).first()
        or Follow.objects.filter(email_index=index).first()
    )
    if held is None:
        return
    if limits.over(f"manage-link:{index}", limits.Limit(LINK_REQUESTS_PER_HOUR, 3600)):
        return
    queue_email(kind="manage_link", recipient=held.email)


def export_data(*, email_index: str) -> dict[str, Any]:
    """Everything held about one address, as the person would want to read it."""
    return {
        "generated_at": timezone.now().isoformat(),
        "about": "Everything this site holds about your email address.",
        "signatures": [
            {
                "campaign": s.campaign.title,
                "campaign_url": s.campaign.get_absolute_url(),
                "first_name": s.first_name,
                "last_name": s.last_name,
                "email": s.email,
                "zip_code": s.zip_code,
                "state": s.state,
                "comment": s.comment,
                "send_updates": s.send_updates,
                "language": s.language,
                "status": s.status,
                "signed_at": s.created_at.isoformat(),
                "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
                "address_hash_kept": bool(s.ip_hash),
            }
            for s in signatures_for(email_index)
        ],
        "organizer_network": _organizer_export(organizer_for(email_index)),
        "public_records_requests": records.held_for(email_index),
        "updates_stopped": Suppression.objects.filter(email_index=email_index).exists(),
        "places_followed": [
            f.jurisdiction.name + ", " + f.jurisdiction.state
            for f in Follow.objects.filter(email_index=email_index).select_related("jurisdiction")
        ],
    }


def _organizer_export(o: Organizer | None) -> dict[str, Any] | None:
    if o is None:
        return None
    return {
        "name": o.name,
        "email": o.email,
        "phone": o.phone,
        "organization": o.organization,
        "city": o.city,
        "state": o.state,
        "zip_code": o.zip_code,
        "role": o.role,
        "city_uses_alpr": o.uses_alpr,
        "vendor": o.vendor,
        "contract_stage": o.stage,
        "help_wanted": o.help_wanted,
        "message": o.message,
        "introduce_me": o.wants_intro,
        "send_updates": o.send_updates,
        "joined_at": o.created_at.isoformat(),
        "confirmed_at": o.confirmed_at.isoformat() if o.confirmed_at else None,
        "status_with_our_staff": o.status,
        "notes_by_our_staff": [
            {"at": n.created_at.isoformat(), "text": n.text} for n in o.notes.all()
        ],
    }


@transaction.atomic
def leave_network(*, email_index: str) -> bool:
    """Delete this address's organizer record (notes and queued mail go with it)."""
    organizer = organizer_for(email_index)
    if organizer is None:
        return False
    address = organizer.email
    events.publish(events.PERSON_ERASED, object_id=organizer.pk, gone=(_gone(organizer),))
    organizer.delete()
    log_deletions(DeletionLog.Kind.ORGANIZERS_LEFT, 1)
    queue_email(kind="erasure_done", recipient=address)
    return True


@transaction.atomic
def withdraw_signature(*, email_index: str, public_id: str) -> bool:
    """Remove one of this address's signatures; its campaign's count drops."""
    signature = signatures_for(email_index).filter(public_id=public_id).first()
    if signature is None:
        return False
    address, title = signature.email, signature.campaign.title
    events.publish(
        events.SIGNATURE_WITHDRAWN,
        object_id=signature.pk,
        campaign_id=signature.campaign_id,
        gone=(_gone(signature),),
    )
    signature.delete()
    log_deletions(DeletionLog.Kind.WITHDRAWN, 1)
    queue_email(kind="withdrawal_done", recipient=address, context={"campaign_title": title})
    return True


@transaction.atomic
def erase_data(*, email_index: str) -> int:
    """Delete every record of this address: signatures and the mail queued for them."""
    held = list(signatures_for(email_index))
    organizer = organizer_for(email_index)
    requests = RecordsRequest.objects.filter(email_index=email_index)
    follows = Follow.objects.filter(email_index=email_index)
    others = [r.email for r in requests[:1]] + [f.email for f in follows[:1]]
    if not held and organizer is None and not others:
        return 0
    if held:
        address = held[0].email
    elif organizer is not None:
        address = organizer.email
    else:
        address = others[0]
    gone = tuple(_gone(record) for record in [*held, *([organizer] if organizer else [])])
    if gone:  # tools we sent these records to are told to delete their copies
        events.publish(events.PERSON_ERASED, object_id=gone[0].pk, gone=gone)
    Signature.objects.filter(pk__in=[s.pk for s in held]).delete()
    Suppression.objects.filter(email_index=email_index).delete()
    requests.delete()
    follows.delete()
    if organizer is not None:
        organizer.delete()
    log_deletions(DeletionLog.Kind.ERASED, 1)
    # The receipt is the one thing we still send; its address is blanked once it is sent.
    queue_email(kind="erasure_done", recipient=address)
    return len(held) + (organizer is not None)


def _gone(record: Signature | Organizer) -> events.Record:
    kind = "signature" if isinstance(record, Signature) else "organizer"
    return events.Record(kind=kind, pk=record.pk, identifier=osdi.identifier(record.public_id))


# ---------------------------------------------------------------------------------------------
# Staff access audit
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    action: str
    object_type: str
    object_ref: str = ""
    record_count: int = 0
    detail: str = ""


def record_access(*, actor: Any, access: Access) -> AuditEntry:
    """Write the audit entry for a staff access; call inside the access's own transaction.

    ``actor`` is ``request.user`` (a user, or anonymous for a system job).
    """
    return AuditEntry.objects.create(
        actor=actor if actor.is_authenticated else None,
        actor_name=actor.get_username() if actor.is_authenticated else "(anonymous)",
        action=access.action,
        object_type=access.object_type,
        object_ref=access.object_ref,
        record_count=access.record_count,
        detail=access.detail[:500],
    )


def connected_tools() -> list[str]:
    """The tools staff have let receive personal data (webhooks allowed names and addresses,
    API tokens that may read people), by the names staff gave them: the privacy page lists
    them, so nobody's data goes anywhere the page does not say."""
    from stopalprs.api.models import ApiToken, Scope
    from stopalprs.webhooks.models import Endpoint

    hooks = Endpoint.objects.filter(active=True, personal_data=True).values_list("name", flat=True)
    tokens = [
        t.name for t in ApiToken.objects.filter(revoked_at__isnull=True) if t.allows(Scope.PEOPLE)
    ]
    return sorted({*hooks, *tokens})


def held_counts() -> dict[str, int]:
    """How much personal data we hold, for the transparency page."""
    signatures = Signature.objects.all()
    return {
        # "confirmed" on the page is the counted number; what the checks set aside is held too
        "confirmed": signatures.counted().filter(anonymized_at__isnull=True).count(),
        "set_aside": signatures.confirmed()
        .filter(anonymized_at__isnull=True)
        .exclude(fraud_state=Signature.FraudState.OK)
        .count(),
        "pending": signatures.pending().count(),
        "anonymized": signatures.filter(anonymized_at__isnull=False).count(),
        "with_address_hash": signatures.exclude(Q(ip_hash="")).count(),
        "organizers": Organizer.objects.confirmed().count(),
    }
