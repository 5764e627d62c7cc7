"""The privacy layer: address hashing, retention, self-service data rights, staff audit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from stopalprs.actions import identity, kinds, limits
from stopalprs.emails.services import queue_email
from stopalprs.lib import events
from stopalprs.organizing import kind as organizer_kind
from stopalprs.organizing.models import Organizer
from stopalprs.privacy.models import DailyKey, DeletionLog
from stopalprs.signatures import kind as signature_kind
from stopalprs.signatures.models import Signature
from stopalprs.updates.models import Suppression

logger = logging.getLogger(__name__)

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


def enforce_retention() -> dict[str, int]:
    """Apply every retention rule of every action kind (and of the mail and webhook logs)
    once, a chunk of rows per transaction, so a signer never waits long behind it on
    SQLite. Idempotent; run hourly, so a restart never postpones a deletion by a day."""
    done: dict[str, int] = {}
    for purge in kinds.purges():
        count = kinds.apply(purge)
        if purge.log_as:
            done[purge.log_as] = done.get(purge.log_as, 0) + count
    # The keys themselves: without them, any hash that escaped (a backup, a log) is noise.
    cutoff = timezone.now() - _days("IP_HASH_RETENTION_DAYS")
    DailyKey.objects.filter(day__lt=cutoff.date()).delete()
    for kind, count in done.items():
        log_deletions(kind, count)
    logger.info("retention: %s", done)
    return done


# ---------------------------------------------------------------------------------------------
# Self-service: see, withdraw, export, erase
# ---------------------------------------------------------------------------------------------


def signatures_for(email_index: str) -> Any:
    return signature_kind.held(email_index)


def organizer_for(email_index: str) -> Organizer | None:
    return organizer_kind.held(email_index).first()


LINK_REQUESTS_PER_HOUR = 3


@transaction.atomic
def send_manage_link(*, email: str) -> None:
    """Email a fresh manage-my-data link to ``email`` if we hold anything for it.

    The caller shows the same reply either way: nobody learns whether an address signed.
    """
    index = identity.email_index(email)
    held = kinds.holder(index)
    if held is None:
        return
    if limits.over(f"manage-link:{index}", limits.Limit(LINK_REQUESTS_PER_HOUR, 3600)):
        return
    queue_email(kind="manage_link", recipient=held.email)


def export_data(*, email_index: str) -> dict[str, Any]:
    """Everything held about one address, as the person would want to read it: a section
    for each action kind, and whether the address asked for no more updates."""
    return {
        "generated_at": timezone.now().isoformat(),
        "about": "Everything this site holds about your email address.",
        **kinds.export(email_index),
        "updates_stopped": Suppression.objects.filter(email_index=email_index).exists(),
    }


@transaction.atomic
def leave_network(*, email_index: str) -> bool:
    """Delete this address's organizer record (notes and queued mail go with it)."""
    organizer = organizer_for(email_index)
    if organizer is None:
        return False
    address = organizer.email
    gone = (kinds.gone(organizer_kind.ORGANIZER, organizer),)
    events.publish(events.PERSON_ERASED, object_id=organizer.pk, gone=gone)
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
        gone=(kinds.gone(signature_kind.SIGNATURE, signature),),
    )
    signature.delete()
    log_deletions(DeletionLog.Kind.WITHDRAWN, 1)
    queue_email(kind="withdrawal_done", recipient=address, context={"campaign_title": title})
    return True


@transaction.atomic
def erase_data(*, email_index: str) -> int:
    """Delete every record of this address, of every action kind (their queued mail goes
    with them), and its suppression entry; tell the tools that got them; send a receipt.
    How many records were deleted."""
    erased = kinds.erase(email_index)
    if not erased.count:
        return 0
    if erased.gone:  # tools we sent these records to are told to delete their copies
        events.publish(events.PERSON_ERASED, object_id=erased.gone[0].pk, gone=erased.gone)
    Suppression.objects.filter(email_index=email_index).delete()
    log_deletions(DeletionLog.Kind.ERASED, 1)
    # The receipt is the one thing we still send; its address is blanked once it is sent.
    queue_email(kind="erasure_done", recipient=erased.address)
    return erased.count


# Who else may hold personal data: each app that sends it out (webhooks, API tokens that may
# read people) registers a function naming its tools, so the privacy page can list them
# without this app importing those above it.
_connected: list[Callable[[], list[str]]] = []


def register_connected_tools(names: Callable[[], list[str]]) -> None:
    if names not in _connected:
        _connected.append(names)


def connected_tools() -> list[str]:
    """The tools staff have let receive personal data (webhooks allowed names and addresses,
    API tokens that may read people), by the names staff gave them: the privacy page lists
    them, so nobody's data goes anywhere the page does not say."""
    return sorted({name for names in _connected for name in names()})


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
