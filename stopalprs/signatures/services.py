"""Signing a petition and confirming a signature.

Both never reveal whether an address has signed: a second signature with the same address
gets exactly the reply a new signer gets, and the address's owner gets an email instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.signing import BadSignature
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from stopalprs.actions import checks, identity
from stopalprs.actions.checks import NO_PROOF, Door, Proof
from stopalprs.campaigns.models import Campaign, ShareTally
from stopalprs.emails.services import queue_emails
from stopalprs.lib import events
from stopalprs.lib.fastpath.queries import PreparedQuery, prepare_insert, prepare_upsert
from stopalprs.outbox import taskqueue
from stopalprs.signatures.models import Signature
from stopalprs.signatures.tokens import read_confirmation_token

logger = logging.getLogger(__name__)


class CampaignClosed(Exception):
    """The campaign does not take signatures now."""


@dataclass(frozen=True)
class SignOutcome:
    signature_id: int
    # For logs and tests only: views must not branch on it, or duplicates would leak.
    is_new: bool


def new_signature(
    *,
    campaign: Campaign,
    door: Door,
    proof: Proof = NO_PROOF,
    first_name: str,
    last_name: str,
    email: str,
    zip_code: str,
    state: str,
    district: str = "",
    comment: str = "",
    share_name: bool = False,
    send_updates: bool = False,
    language: str = "en",
    **fields: Any,
) -> Signature:
    """An unsaved signature, through the action core whatever its door: the one email check,
    its blind index and domain, and the integrity checks the door gets (``fraud_state``).
    Every way in (the form, the API, a CRM file, a paper sheet) builds its rows here.
    ``email`` may be empty only on paper. Raises ValidationError for a malformed address."""
    email = identity.check_email(email) if email or door != Door.PAPER else ""
    check = checks.assess(
        door=door,
        scope=str(campaign.pk),
        overrides=campaign.rate_limits,
        email=email,
        proof=proof,
    )
    return Signature(
        campaign=campaign,
        first_name=first_name,
        last_name=last_name,
        email=email,
        email_index=identity.email_index(email) if email else None,
        comment=comment,
        zip_code=zip_code,
        state=state,
        district=district,
        share_name=share_name,
        send_updates=send_updates,
        language=language,
        ip_hash=proof.sender,
        fraud_state=check.state,
        fraud_reasons=",".join(check.reasons),
        email_domain=identity.email_domain(email),
        **fields,
    )


def sign_petition(
    *,
    campaign: Campaign,
    first_name: str,
    last_name: str,
    email: str,
    zip_code: str,
    state: str,
    district: str = "",
    comment: str = "",
    share_name: bool = False,
    send_updates: bool = False,
    language: str = "en",
    door: Door = Door.FORM,
    proof: Proof = NO_PROOF,
    channel: str = "",
    confirmed: bool = False,
) -> SignOutcome:
    """Take one signature from a person at the form or a tool at the API: checked, stored
    pending with its confirmation email queued, or a duplicate handled without a trace.

    ``proof``: what the door knows of the sender (the day's address hash, or the API token's;
    the form's honeypot and proof-of-work). ``channel`` is the share channel the signer
    arrived through (``?s=``), tallied apart from the signature so nobody can tell which
    person came through which channel. ``confirmed``: the caller already verified the address
    (an API token trusted to say so, e.g. a CRM syncing people it has confirmed): stored
    confirmed, no email, and a duplicate is left alone rather than emailed. The checks apply
    all the same: a confirmed signature from a disposable domain is held back as the form's is.
    """
    if not campaign.accepts_signatures:
        raise CampaignClosed(campaign.slug)
    signature = new_signature(
        campaign=campaign,
        door=door,
        proof=proof,
        first_name=first_name,
        last_name=last_name,
        email=email,
        zip_code=zip_code,
        state=state,
        district=district,
        comment=comment,
        share_name=share_name,
        send_updates=send_updates,
        language=language,
        confirmation_due=not confirmed,
        **_confirmed_fields() if confirmed else {},
    )
    email_index = signature.email_index or ""
    if confirmed:
        return _store_confirmed(signature, email_index=email_index, channel=channel)
    # Encrypted and compiled before the transaction: on SQLite every other signer waits for
    # this one's write lock, so it holds the lock for the statement itself and little more.
    # One statement whether the address signed before or not: a new row, or the old row
    # marked for a "you already signed" email that the relay queues after the reply. The
    # same work either way, so the reply's timing does not tell (bench/duplicate_timing.py).
    upsert = prepare_upsert(
        signature,
        unique=("campaign", "email_index"),
        on_conflict={"duplicate_due": "true"},
        returning=("pk", "duplicate_due"),
    )
    with transaction.atomic():
        signature_id, repeat = upsert()
        _ensure_relay()
        if channel:
            ShareTally.objects.create(campaign=campaign, channel=channel, repeat=repeat)
    return SignOutcome(signature_id=signature_id, is_new=not repeat)


def _store_confirmed(signature: Signature, *, email_index: str, channel: str) -> SignOutcome:
    """A signature its caller vouches for: stored confirmed, or the pending one with its
    address confirmed. No email either way, so the caller's timing shows nothing to a
    signer, and the caller (trusted with the token) is told nothing either."""
    campaign = signature.campaign
    insert = prepare_insert(signature)
    try:
        # A savepoint of its own: two requests racing with one address both reach the
        # INSERT, and the loser falls through to the existing row.
        with transaction.atomic():
            insert()
            events.publish(
                events.SIGNATURE_CONFIRMED, object_id=signature.pk, campaign_id=campaign.pk
            )
            if channel:
                ShareTally.objects.create(campaign=campaign, channel=channel)
            return SignOutcome(signature_id=signature.pk, is_new=True)
    except IntegrityError:
        pass
    return _vouch_for_existing(campaign=campaign, email_index=email_index)


# The confirmation email of a new signature is queued by a relay task, not by the signer's
# request: the row with ``confirmation_due`` set is the outbox. One row written per signature
# instead of three (signature, email, task) is what lets one small server take a signing storm
# (docs/performance.md). Same guarantee as queuing in the transaction: the flag commits with
# the signature, and a relay that runs after the commit queues its email.
RELAY_BATCH = 50
RELAY_MOST = 500


def _ensure_relay() -> None:
    """Make sure a relay task runs after this transaction commits: enqueue one unless one is
    waiting already (a relay not yet claimed by a worker will see this row when it runs).

    On SQLite this is exact: the transaction holds the write lock, and claiming a task is a
    write. On PostgreSQL a worker could claim the waiting relay and look for due rows between
    this check and the commit; the periodic relay (ops/periodic.py) sends that email then.
    """
    # The task module imports this one (its task calls back here): imported when called.
    from stopalprs.signatures.tasks import relay_confirmations

    if not _WAITING_RELAY.exists():
        relay_confirmations.enqueue()


def _waiting_relays() -> QuerySet[Any, tuple[Any, ...]]:
    # The task module imports this one (its task calls back here): imported when called.
    from stopalprs.signatures.tasks import relay_confirmations

    return taskqueue.waiting(relay_confirmations)


# Compiled once: building this query anew cost ten times what running it does. Only the key,
# in no order: the whole task row in the queue's order took 64 µs inside the write lock, this
# takes 18.
_WAITING_RELAY = PreparedQuery(_waiting_relays)


def relay_confirmations() -> int:
    """Queue the email of every signature that is due one: its confirmation, or the notice
    that its address signed again. Idempotent."""
    relayed = 0
    while relayed < RELAY_MOST and (queued := _relay_duplicates() + _relay_batch()):
        relayed += queued
    if relayed >= RELAY_MOST:
        # Taken in turns, so that one worker is not a relay for the whole of a signing storm;
        # signers who came after this relay started have enqueued the next one, or this does.
        _ensure_relay()
    return relayed


@transaction.atomic
def _relay_batch(limit: int = RELAY_BATCH) -> int:
    # Bulk statements, small batches: on SQLite every signer waits for this write lock.
    due = Signature.objects.filter(confirmation_due=True).select_for_update(skip_locked=True)
    rows = list(due.order_by("pk").values_list("pk", "status")[:limit])
    if not rows:
        return 0
    Signature.objects.filter(pk__in=[pk for pk, _ in rows]).update(confirmation_due=False)
    # Confirmed meanwhile (an API caller vouched for it, staff marked it): no email needed.
    pending = [pk for pk, status in rows if status == Signature.Status.PENDING]
    queue_emails(kind="signature_confirm", signature_ids=pending)
    return len(rows)


@transaction.atomic
def _relay_duplicates(limit: int = RELAY_BATCH) -> int:
    """Tell the owners of addresses that signed again that they already had (or resend their
    link), a few times each. Before the confirmations: one whose first email is still due
    needs no second one."""
    due = Signature.objects.filter(duplicate_due=True).select_for_update(skip_locked=True)
    rows = list(
        due.order_by("pk").values_list("pk", "status", "confirmation_due", "notices_sent")[:limit]
    )
    if not rows:
        return 0
    Signature.objects.filter(pk__in=[row[0] for row in rows]).update(duplicate_due=False)
    notify = []
    for pk, status, confirmation_due, notices_sent in rows:
        if confirmation_due and status == Signature.Status.PENDING:
            continue  # its first email, asking to confirm, is about to be queued
        if notices_sent >= settings.DUPLICATE_NOTICE_LIMIT:
            logger.info("duplicate notice limit reached for signature %s", pk)
            continue
        notify.append(pk)
    Signature.objects.filter(pk__in=notify).update(notices_sent=F("notices_sent") + 1)
    queue_emails(kind="signature_duplicate", signature_ids=notify)
    return len(rows)


def _confirmed_fields() -> dict[str, object]:
    now = timezone.now()
    return {
        "status": Signature.Status.CONFIRMED,
        "confirmed_at": now,
        "source": Signature.Source.IMPORT,
    }


@transaction.atomic
def _vouch_for_existing(*, campaign: Campaign, email_index: str) -> SignOutcome:
    """The caller vouches for an address that already signed: a pending signature is now
    confirmed (the owner need not click their link too); a confirmed one stays as it was."""
    existing = Signature.objects.only("pk").get(campaign=campaign, email_index=email_index)
    if Signature.objects.filter(pk=existing.pk, status=Signature.Status.PENDING).update(
        status=Signature.Status.CONFIRMED, confirmed_at=timezone.now(), confirmation_due=False
    ):
        events.publish(events.SIGNATURE_CONFIRMED, object_id=existing.pk, campaign_id=campaign.pk)
    return SignOutcome(signature_id=existing.pk, is_new=False)


class InvalidConfirmation(Exception):
    """The link is forged, damaged, expired, or its signature no longer exists."""


def signature_for_token(token: str) -> Signature:
    """The signature a confirmation link points at, without changing anything."""
    try:
        public_id = read_confirmation_token(token)
    except BadSignature as error:
        raise InvalidConfirmation(type(error).__name__) from None
    signature = Signature.objects.select_related("campaign").filter(public_id=public_id).first()
    if signature is None:
        raise InvalidConfirmation("gone")
    return signature


@transaction.atomic
def confirm_signature(*, token: str) -> Signature:
    """Confirm the signature a link points at. Confirming twice counts once."""
    signature = signature_for_token(token)
    first = Signature.objects.filter(pk=signature.pk, status=Signature.Status.PENDING).update(
        status=Signature.Status.CONFIRMED, confirmed_at=timezone.now()
    )
    if first:
        events.publish(
            events.SIGNATURE_CONFIRMED, object_id=signature.pk, campaign_id=signature.campaign_id
        )
    signature.refresh_from_db(fields=["status", "confirmed_at"])
    return signature
