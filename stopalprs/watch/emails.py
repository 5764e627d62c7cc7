"""Emails about tracked public-records requests."""

from __future__ import annotations

from django.urls import reverse

from stopalprs.emails.models import Email
from stopalprs.emails.registry import Message, email_kind
from stopalprs.lib.http import absolute_url
from stopalprs.watch.models import RecordsRequest
from stopalprs.watch.records import tracker_token


def _message(email: Email, template: str) -> Message | None:
    request = RecordsRequest.objects.filter(pk=email.context.get("request")).first()
    if request is None or not email.recipient:
        return None  # erased or withdrawn since: nothing to say
    url = absolute_url(reverse("watch:tracker", args=[tracker_token(request)]))
    return Message(to=email.recipient, template=template,
                   context={"request": request, "url": url})  # fmt: skip


@email_kind("records_confirm")
def confirm(email: Email) -> Message | None:
    return _message(email, "records_confirm")


@email_kind("records_reminder")
def reminder(email: Email) -> Message | None:
    return _message(email, "records_reminder")
