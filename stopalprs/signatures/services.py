"""Signing a petition and confirming a signature.

Both never reveal whether an address has signed: a second signature with the same address
gets exactly the reply a new signer gets, and the address's owner gets an email instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from stopalprs.campaigns.models import Campaign, ShareTally
from stopalprs.emails.services import queue_email
from stopalprs.lib import crypto
from stopalprs.signatures.models import Signature
from stopalprs.signatures.tokens import read_confirmation_token
from stopalprs.webhooks.models import Event
from stopalprs.webhooks.services import emit

logger = logging.getLogger(__name__)


class CampaignClosed(Exception):
    """The campaign does not take signatures now."""


@dataclass(frozen=True)
class SignOutcome:
    signature_id: int
    # For logs and tests only: views must not branch on it, or duplicates would leak.
    is_new: bool


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
    ip_hash: str = "",
    fraud_state: str = Signature.FraudState.OK,
    fraud_reasons: str = "",
    channel: str = "",
    confirmed: bool = False,
) -> SignOutcome:
    """Store a pending signature and queue its confirmation email, or handle a duplicate.

    ``channel`` is the share channel the signer arrived through (``?s=``), tallied apart
    from the signature so nobody can tell which person came through which channel.
    ``confirmed``: the caller already verified the address (an API token trusted to say so,
    e.g. a CRM syncing people it has confirmed): stored confirmed, no email, and a duplicate
    is left alone rather than emailed.
    """
    if not campaign.accepts_signatures:
        raise CampaignClosed(campaign.slug)
    email_index = crypto.blind_index(crypto.canonical_email(email))
    try:
        # A savepoint of its own: two requests racing with one address both reach the
        # INSERT, and the loser falls through to the duplicate path below.
        with transaction.atomic():
            signature = Signature.objects.create(
                campaign=campaign,
                first_name=first_name,
                last_name=last_name,
                email=email,
                email_index=email_index,
                comment=comment,
                zip_code=zip_code,
                state=state,
                district=district,
                share_name=share_name,
                send_updates=send_updates,
                language=language,
                ip_hash=ip_hash,
                fraud_state=fraud_state,
                fraud_reasons=fraud_reasons,
                email_domain=email.rpartition("@")[2].lower()[:100],
                **_confirmed_fields() if confirmed else {},
            )
            if confirmed:
                emit(Event.SIGNATURE_CONFIRMED, object_id=signature.pk, campaign_id=campaign.pk)
            else:
                queue_email(kind="signature_confirm", signature_id=signature.pk)
            if channel:
                ShareTally.objects.create(campaign=campaign, channel=channel)
            return SignOutcome(signature_id=signature.pk, is_new=True)
    except IntegrityError:
        pass
    if confirmed:
        return _vouch_for_existing(campaign=campaign, email_index=email_index)
    return _notify_duplicate(campaign=campaign, email_index=email_index)


def _confirmed_fields() -> dict[str, object]:
    now = timezone.now()
    return {"status": Signature.Status.CONFIRMED, "confirmed_at": now,
            "source": Signature.Source.IMPORT}  # fmt: skip


@transaction.atomic
def _vouch_for_existing(*, campaign: Campaign, email_index: str) -> SignOutcome:
    """The caller vouches for an address that already signed: a pending signature is now
    confirmed (the owner need not click their link too); a confirmed one stays as it was."""
    existing = Signature.objects.only("pk").get(campaign=campaign, email_index=email_index)
    if Signature.objects.filter(pk=existing.pk, status=Signature.Status.PENDING).update(
        status=Signature.Status.CONFIRMED, confirmed_at=timezone.now()
    ):
        emit(Event.SIGNATURE_CONFIRMED, object_id=existing.pk, campaign_id=campaign.pk)
    return SignOutcome(signature_id=existing.pk, is_new=False)


@transaction.atomic
def _notify_duplicate(*, campaign: Campaign, email_index: str) -> SignOutcome:
    """Tell the address's owner they already signed (or resend their link), a few times."""
    existing = Signature.objects.get(campaign=campaign, email_index=email_index)
    notified = Signature.objects.filter(
        pk=existing.pk, notices_sent__lt=settings.DUPLICATE_NOTICE_LIMIT
    ).update(notices_sent=F("notices_sent") + 1)
    if notified:
        queue_email(kind="signature_duplicate", signature_id=existing.pk)
    else:
        logger.info("duplicate notice limit reached for signature %s", existing.pk)
    return SignOutcome(signature_id=existing.pk, is_new=False)


class InvalidConfirmation(Exception):
    """The link is forged, damaged, expired, or its signature no longer exists."""


def signature_for_token(token: str) -> Signature:
    """The signature a confirmation link points at, without changing anything."""
    from django.core.signing import BadSignature

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
        emit(Event.SIGNATURE_CONFIRMED, object_id=signature.pk, campaign_id=signature.campaign_id)
    signature.refresh_from_db(fields=["status", "confirmed_at"])
    return signature
