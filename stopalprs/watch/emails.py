"""Emails about tracked public-records requests."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from stopalprs.emails.models import Email
from stopalprs.emails.registry import Message, email_kind
from stopalprs.lib.http import absolute_url
from stopalprs.watch.alerts import follow_token
from stopalprs.watch.models import ContractAction, Follow, RecordsRequest
from stopalprs.watch.records import tracker_token


def _message(email: Email, template: str) -> Message | None:
    request = RecordsRequest.objects.filter(pk=email.context.get("request")).first()
    if request is None or not email.recipient:
        return None  # erased or withdrawn since: nothing to say
    url = absolute_url(reverse("watch:tracker", args=[tracker_token(request)]))
    return Message(to=email.recipient, template=template, context={"request": request, "url": url})


@email_kind("records_confirm")
def confirm(email: Email) -> Message | None:
    return _message(email, "records_confirm")


@email_kind("records_reminder")
def reminder(email: Email) -> Message | None:
    return _message(email, "records_reminder")


def _follow_message(email: Email, template: str, **context: object) -> Message | None:
    follow = (
        Follow.objects.filter(pk=email.context.get("follow")).select_related("jurisdiction").first()
    )
    if follow is None or not email.recipient:
        return None  # unfollowed or erased since
    place = follow.jurisdiction
    with translation.override(follow.language):  # the links in the follower's language
        url = absolute_url(reverse("watch:follow", args=[follow_token(follow)]))
        place_url = absolute_url(place.get_absolute_url())
    return Message(
        to=email.recipient,
        template=template,
        context={
            "place": place,
            "place_url": place_url,
            "url": url,
            **context,
        },
        language=follow.language,
    )


@email_kind("follow_confirm")
def follow_confirm(email: Email) -> Message | None:
    return _follow_message(email, "follow_confirm")


@email_kind("follow_event")
def follow_event(email: Email) -> Message | None:
    event = ContractAction.objects.filter(pk=email.context.get("event")).first()
    return _follow_message(email, "follow_event", event=event) if event else None


@email_kind("follow_renewal")
def follow_renewal(email: Email) -> Message | None:
    return _follow_message(email, "follow_renewal")
