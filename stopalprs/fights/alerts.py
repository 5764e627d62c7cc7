"""Alerts about a fight: a vote scheduled, a comment deadline 48 hours away, the result.

Who hears: the place's confirmed followers (the watch's follow) and the confirmed signers
from inside the place who asked for updates; each address once per alert, however many ways
it is known to us. Each alert is marked sent in the transaction that queues its emails, by a
conditional UPDATE, so a second beat or a retried task queues nothing more. The email's
builder drops an alert that no longer makes sense when its turn comes (the meeting began).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from stopalprs.emails.services import queue_email
from stopalprs.fights.models import Meeting, Outcome
from stopalprs.lawmakers.models import ZipCode
from stopalprs.signatures.models import Signature
from stopalprs.watch.models import Follow, Jurisdiction

DEADLINE_NOTICE = timedelta(hours=48)


def audience(place: Jurisdiction) -> tuple[list[int], list[int]]:
    """(follow ids, signature ids) to tell, one per address."""
    follows = list(
        Follow.objects.filter(jurisdiction=place, confirmed_at__isnull=False).values_list(
            "pk", "email_index"
        )
    )
    known = {index for _, index in follows}
    zips = ZipCode.objects.filter(state=place.state, city__iexact=place.name).values("zip")
    signers = []
    for pk, index in (
        Signature.objects.counted()
        .filter(send_updates=True, zip_code__in=zips)
        .order_by("-confirmed_at")
        .values_list("pk", "email_index")
    ):
        if index and index not in known:
            known.add(index)
            signers.append(pk)
    return [pk for pk, _ in follows], signers


def _queue(place: Jurisdiction, what: str, **context: int) -> int:
    follows, signers = audience(place)
    for follow_id in follows:
        queue_email(kind="fight_alert", context={"what": what, "follow": follow_id, **context})
    for signature_id in signers:
        queue_email(
            kind="fight_alert", signature_id=signature_id, context={"what": what, **context}
        )
    return len(follows) + len(signers)


@transaction.atomic
def announce_meeting(meeting: Meeting) -> int:
    """A vote is scheduled: told once, only while it is still ahead."""
    now = timezone.now()
    if not meeting.is_vote or meeting.starts_at <= now or not meeting.fight.published:
        return 0
    # The deadline reminder would follow within minutes: this one says the deadline too.
    near = meeting.comment_deadline is not None and meeting.comment_deadline - now < DEADLINE_NOTICE
    changes = {"announced_at": now, **({"deadline_alerted_at": now} if near else {})}
    if not Meeting.objects.filter(pk=meeting.pk, announced_at=None).update(**changes):
        return 0
    return _queue(meeting.fight.jurisdiction, "scheduled", meeting=meeting.pk)


@transaction.atomic
def remind_deadline(meeting: Meeting) -> int:
    now = timezone.now()
    deadline = meeting.comment_deadline
    if deadline is None or not (now < deadline <= now + DEADLINE_NOTICE):
        return 0
    if not meeting.takes_comments:
        return 0
    if not Meeting.objects.filter(pk=meeting.pk, deadline_alerted_at=None).update(
        deadline_alerted_at=now
    ):
        return 0
    return _queue(meeting.fight.jurisdiction, "deadline", meeting=meeting.pk)


def announce_outcome(outcome: Outcome) -> int:
    """The result: once per outcome. Call inside the transaction that records it."""
    if not Outcome.objects.filter(pk=outcome.pk, announced_at=None).update(
        announced_at=timezone.now()
    ):
        return 0
    return _queue(outcome.fight.jurisdiction, "result", outcome=outcome.pk)


def send_due_alerts() -> int:
    """The periodic pass: meetings staff added (in the admin, say) and deadlines drawing near."""
    now = timezone.now()
    sent = 0
    upcoming = Meeting.objects.filter(starts_at__gt=now, fight__published=True).select_related(
        "fight__jurisdiction"
    )
    for meeting in upcoming.filter(announced_at=None, is_vote=True):
        sent += announce_meeting(meeting)
    for meeting in upcoming.filter(
        deadline_alerted_at=None,
        comment_deadline__gt=now,
        comment_deadline__lte=now + DEADLINE_NOTICE,
    ):
        sent += remind_deadline(meeting)
    return sent
