"""The fight's emails: confirming a comment, its receipt, and the alerts about a place."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation

from stopalprs.emails.models import Email
from stopalprs.emails.registry import Message, email_kind
from stopalprs.fights.comments import comment_token
from stopalprs.fights.models import Comment, Meeting, Outcome
from stopalprs.lib.http import absolute_url
from stopalprs.signatures.models import Signature
from stopalprs.updates.services import is_suppressed, unsubscribe_url
from stopalprs.watch.alerts import follow_token
from stopalprs.watch.models import Follow


def _comment(email: Email) -> Comment | None:
    return (
        Comment.objects.filter(pk=email.context.get("comment"))
        .select_related("meeting__fight__jurisdiction", "delivery")
        .first()
    )


def _comment_message(email: Email, template: str) -> Message | None:
    comment = _comment(email)
    if comment is None:
        return None  # erased since
    meeting = comment.meeting
    with translation.override(comment.language):
        url = absolute_url(reverse("fights:confirm", args=[comment_token(comment)]))
        meeting_url = absolute_url(meeting.get_absolute_url())
    return Message(
        to=comment.email,
        template=template,
        context={
            "comment": comment,
            "meeting": meeting,
            "fight": meeting.fight,
            "place": meeting.fight.jurisdiction,
            "url": url,
            "meeting_url": meeting_url,
        },
        language=comment.language,
    )


@email_kind("comment_confirm")
def comment_confirm(email: Email) -> Message | None:
    return _comment_message(email, "comment_confirm")


@email_kind("comment_already")
def comment_already(email: Email) -> Message | None:
    return _comment_message(email, "comment_already")


@email_kind("comment_receipt")
def comment_receipt(email: Email) -> Message | None:
    return _comment_message(email, "comment_receipt")


@email_kind("comment_undelivered")
def comment_undelivered(email: Email) -> Message | None:
    return _comment_message(email, "comment_undelivered")


def _alert_subject(email: Email) -> tuple[Meeting | None, Outcome | None]:
    meeting = Meeting.objects.filter(pk=email.context.get("meeting")).first()
    outcome = Outcome.objects.filter(pk=email.context.get("outcome")).first()
    return meeting, outcome


@email_kind("fight_alert")
def fight_alert(email: Email) -> Message | None:
    what = email.context.get("what")
    meeting, outcome = _alert_subject(email)
    now = timezone.now()
    # Never after it stopped making sense: a reminder once the meeting began, say.
    if what in {"scheduled", "deadline"} and (meeting is None or meeting.starts_at <= now):
        return None
    if what == "deadline" and meeting and (meeting.comment_deadline or now) <= now:
        return None
    if what == "result" and outcome is None:
        return None
    fight = (meeting or outcome).fight  # type: ignore[union-attr]
    headers: dict[str, str] = {"Precedence": "bulk"}
    if email.signature_id is not None:
        signer = Signature.objects.filter(pk=email.signature_id).first()
        if signer is None or not signer.send_updates or is_suppressed(signer.email):
            return None
        to, language = signer.email, signer.language
        with translation.override(language):
            stop_url = unsubscribe_url(to)
        headers |= {
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    else:
        follow = Follow.objects.filter(pk=email.context.get("follow")).first()
        if follow is None or follow.confirmed_at is None:
            return None
        to, language = follow.email, follow.language
        with translation.override(language):
            stop_url = absolute_url(reverse("watch:follow", args=[follow_token(follow)]))
    with translation.override(language):
        fight_url = absolute_url(fight.get_absolute_url())
        meeting_url = absolute_url(meeting.get_absolute_url()) if meeting else ""
    return Message(
        to=to,
        template=f"fight_{what}",
        context={
            "fight": fight,
            "place": fight.jurisdiction,
            "summary": fight.summary_in(language),
            "meeting": meeting,
            "outcome": outcome,
            "fight_url": fight_url,
            "meeting_url": meeting_url,
            "stop_url": stop_url,
        },
        headers=headers,
        language=language,
    )
