"""Emails about a person's data: the link to manage it, and receipts for what they did."""

from __future__ import annotations

from stopalprs.emails.models import Email
from stopalprs.emails.registry import Message, email_kind


def _to_recipient(email: Email, template: str) -> Message | None:
    if not email.recipient:
        return None
    return Message(to=email.recipient, template=template, context=dict(email.context))


@email_kind("manage_link")
def manage_link(email: Email) -> Message | None:
    return _to_recipient(email, "manage_link")


@email_kind("withdrawal_done")
def withdrawal_done(email: Email) -> Message | None:
    return _to_recipient(email, "withdrawal_done")


@email_kind("erasure_done")
def erasure_done(email: Email) -> Message | None:
    return _to_recipient(email, "erasure_done")
