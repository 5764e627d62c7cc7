"""The update email: rendered at sending time, with a one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

from django.utils import translation

from stopalprs.emails.models import Email
from stopalprs.emails.registry import Message, email_kind
from stopalprs.lib.http import absolute_url
from stopalprs.lib.markdown import render
from stopalprs.organizing.models import Organizer
from stopalprs.signatures.models import Signature
from stopalprs.updates.models import Update
from stopalprs.updates.services import is_suppressed, unsubscribe_url


def _message(update: Update, *, to: str, language: str) -> Message:
    # One language for the whole email: its text, footer and links. A Spanish reader of an
    # update written only in English gets it in English, links included.
    language = update.language_for(language)
    subject, body = update.text(language)
    with translation.override(language):
        url = unsubscribe_url(to)
        campaign = update.campaign.localized(language) if update.campaign else None
        campaign_url = absolute_url(campaign.get_absolute_url()) if campaign else ""
    return Message(
        to=to,
        template="update",
        context={
            "subject": subject,
            "body_html": render(body),
            "body": body,
            "campaign": campaign,
            "campaign_url": campaign_url,
            "unsubscribe_url": url,
        },
        headers={
            "List-Unsubscribe": f"<{url}>",
            # RFC 8058: the mail client may POST "List-Unsubscribe=One-Click" to the URL.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Precedence": "bulk",
        },
        language=language,
    )


@email_kind("update")
def update_email(email: Email) -> Message | None:
    update = (
        Update.objects.select_related("campaign").filter(pk=email.context.get("update_id")).first()
    )
    person: Signature | Organizer | None = None
    if email.signature_id is not None:
        person = Signature.objects.filter(pk=email.signature_id).first()
    elif email.organizer_id is not None:
        person = Organizer.objects.filter(pk=email.organizer_id).first()
    # Checked again at sending time: someone who unsubscribed after the update was queued
    # must not get it.
    if update is None or person is None or not person.send_updates or is_suppressed(person.email):
        return None
    return _message(update, to=person.email, language=person.language)


@email_kind("update_test")
def update_test_email(email: Email) -> Message | None:
    update = (
        Update.objects.select_related("campaign").filter(pk=email.context.get("update_id")).first()
    )
    if update is None or not email.recipient:
        return None
    return _message(update, to=email.recipient, language=email.context.get("language", "en"))
