"""The emails a signer receives, built at sending time from the signature row."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from stopalprs.emails.models import Email
from stopalprs.emails.registry import Message, email_kind
from stopalprs.lib.http import absolute_url
from stopalprs.signatures.models import Signature
from stopalprs.signatures.tokens import confirmation_token


def _context(signature: Signature) -> dict[str, object]:
    # Built in the signer's language: the campaign's text and every link (/es/…) follow it.
    with translation.override(signature.language):
        return _localized_context(signature)


def _localized_context(signature: Signature) -> dict[str, object]:
    campaign = signature.campaign.localized(signature.language)
    return {
        "first_name": signature.first_name,
        "campaign_title": campaign.title,
        "campaign_url": absolute_url(campaign.get_absolute_url()),
        "confirm_url": absolute_url(
            reverse("signatures:confirm", args=[confirmation_token(signature.public_id)])
        ),
        "expiry_days": settings.CONFIRMATION_MAX_AGE_DAYS,
        "receipt": signature.receipt,
        "verify_url": absolute_url(f"{reverse('lawmakers:verify')}?receipt={signature.receipt}"),
    }


def _signature(email: Email) -> Signature | None:
    if email.signature_id is None:
        return None
    if Email.signature.is_cached(email):  # fetched with its batch (emails.services)
        return email.signature
    return Signature.objects.select_related("campaign").filter(pk=email.signature_id).first()


@email_kind("signature_confirm")
def confirm(email: Email) -> Message | None:
    signature = _signature(email)
    if signature is None or signature.status != Signature.Status.PENDING:
        return None  # confirmed already (through an earlier link) or erased: nothing to ask
    return Message(
        to=signature.email,
        template="signature_confirm",
        context=_context(signature),
        language=signature.language,
    )


@email_kind("signature_duplicate")
def duplicate(email: Email) -> Message | None:
    signature = _signature(email)
    if signature is None:
        return None
    pending = signature.status == Signature.Status.PENDING
    return Message(
        to=signature.email,
        # Still pending: a fresh link is the helpful answer. Confirmed: say so, and that
        # someone (perhaps they) used the address again, so a stranger's attempt is visible.
        template="signature_confirm" if pending else "signature_already_signed",
        context={**_context(signature), "again": True},
        language=signature.language,
    )
