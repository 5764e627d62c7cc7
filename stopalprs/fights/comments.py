"""Public comments: taken through the action core, confirmed by email, delivered to the city.

A comment is delivered to the city's comment address by the outbox's "city" channel, one
email per comment or one packet before the deadline (as the fight says), from the site's
address, in the commenter's name. Each comment is attached to exactly one delivery by a
conditional UPDATE, so no comment reaches the clerk twice however often a task runs; each
delivery is sent at least once; a delivery whose meeting has begun is dropped (too late to
matter) and the commenter told. When the delivery is recorded, the commenter's receipt is
queued in the same transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.signing import BadSignature
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from stopalprs.actions import checks, identity
from stopalprs.actions.checks import NO_PROOF, Door, Proof
from stopalprs.emails.registry import Message
from stopalprs.emails.services import new_message_id, queue_email, send_message
from stopalprs.fights.models import CityDelivery, Comment, Fight, Meeting
from stopalprs.lib.tokens import make_token, read_token
from stopalprs.outbox import channels
from stopalprs.signatures.models import Signature

COMMENT_SALT = "stopalprs.fights.comment"
# A packet is assembled this long before the deadline; comments confirmed later still go,
# in a packet of their own, until the deadline.
PACKET_LEAD = timedelta(hours=2)


class CommentRefused(Exception):
    """The comment cannot be taken: ``reason`` says why ("closed", "portal_only", "none")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def word_count(text: str) -> int:
    return len(text.split())


def comment_token(comment: Comment) -> str:
    return make_token(comment.public_id, salt=COMMENT_SALT)


def comment_for_token(token: str) -> Comment | None:
    try:
        public_id = read_token(token, salt=COMMENT_SALT, max_age=timedelta(days=60))
    except BadSignature:
        return None
    return (
        Comment.objects.filter(public_id=public_id)
        .select_related("meeting__fight__jurisdiction", "delivery")
        .first()
    )


def submit_comment(
    *,
    meeting: Meeting,
    email: str,
    name: str,
    body: str,
    position: str,
    zip_code: str = "",
    resident: bool = False,
    language: str = "en",
    proof: Proof = NO_PROOF,
) -> None:
    """Take a comment and ask its writer to confirm it. The caller replies the same whether
    the address had commented on this item before or not.

    A second comment from one address on one item replaces the first while it is still
    unconfirmed (the person is correcting it); once confirmed, the address is told it
    commented already. Raises ``CommentRefused`` when the city takes no comment here now."""
    if not meeting.takes_email:
        raise CommentRefused("portal_only" if meeting.comment_portal_url else "none")
    if not meeting.comments_open():
        raise CommentRefused("closed")
    email = identity.check_email(email)
    check = checks.assess(door=Door.FORM, scope="comment", email=email, proof=proof)
    index = identity.email_index(email)
    fields = {
        "position": position,
        "body": body.strip(),
        "name": name.strip(),
        "zip_code": zip_code,
        "resident": resident,
        "email": email,
        "language": language,
        "fraud_state": check.state,
        "fraud_reasons": check.reasons,
    }
    with transaction.atomic():
        found = (
            Comment.objects.select_for_update().filter(meeting=meeting, email_index=index).first()
        )
        if found is not None and found.confirmed_at is not None:
            queue_email(kind="comment_already", context={"comment": found.pk})
            return
        if found is not None:
            for key, value in fields.items():
                setattr(found, key, value)
            found.save()
            comment = found
        else:
            try:
                with transaction.atomic():
                    comment = Comment.objects.create(meeting=meeting, email_index=index, **fields)
            except IntegrityError:  # the same address, at the same moment: one comment
                return
        queue_email(kind="comment_confirm", context={"comment": comment.pk})


@dataclass(frozen=True)
class Confirmed:
    comment: Comment
    first: bool  # this request confirmed it
    in_time: bool  # confirmed before the deadline: it will be delivered


@transaction.atomic
def confirm_comment(comment: Comment) -> Confirmed:
    now = timezone.now()
    meeting = comment.meeting
    first = bool(Comment.objects.filter(pk=comment.pk, confirmed_at=None).update(confirmed_at=now))
    comment.refresh_from_db()
    in_time = comment.confirmed_at is not None and meeting.comments_open(comment.confirmed_at)
    if first and in_time and meeting.fight.delivery == Fight.Delivery.EACH:
        queue_delivery(meeting, [comment.pk])
    return Confirmed(comment=comment, first=first, in_time=in_time)


def deliverable(meeting: Meeting) -> QuerySet[Comment]:
    """Confirmed in time, not yet in a delivery, and not a bot's (the honeypot)."""
    deadline = meeting.comment_deadline or meeting.starts_at
    return meeting.comments.filter(
        confirmed_at__isnull=False, confirmed_at__lt=deadline, delivery=None
    ).exclude(fraud_state=Signature.FraudState.INVALID)


def queue_delivery(meeting: Meeting, comment_ids: list[int]) -> CityDelivery | None:
    """One delivery for those of ``comment_ids`` no other delivery has taken. In the
    caller's transaction."""
    delivery = CityDelivery.objects.create(
        meeting=meeting, to_address=meeting.comment_email, message_id=new_message_id()
    )
    taken = deliverable(meeting).filter(pk__in=comment_ids).update(delivery=delivery)
    if not taken:
        delivery.delete()
        return None
    CityDelivery.objects.filter(pk=delivery.pk).update(comment_count=taken)
    CITY.enqueue(delivery.pk)
    return delivery


def send_packets(now: datetime | None = None) -> int:
    """Packets for meetings whose deadline is near: each holds the comments not yet sent."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(
        fight__delivery=Fight.Delivery.PACKET,
        starts_at__gt=now,
        comment_deadline__lte=now + PACKET_LEAD,
    ).exclude(comment_email="")
    made = 0
    for meeting in meetings:
        with transaction.atomic():
            ids = list(deliverable(meeting).values_list("pk", flat=True))
            if ids and queue_delivery(meeting, ids):
                made += 1
    return made


# -- the "city" channel of the outbox -------------------------------------------------------


def city_message(delivery: CityDelivery) -> tuple[Message, str]:
    """The email to the clerk, and the SHA-256 of its text (the record of what was sent)."""
    meeting = delivery.meeting
    comments = list(delivery.comments.order_by("confirmed_at", "pk"))
    context = {
        "meeting": meeting,
        "fight": meeting.fight,
        "place": meeting.fight.jurisdiction,
        "comments": comments,
        "packet": meeting.fight.delivery == Fight.Delivery.PACKET,
    }
    # Always in English, the language of the city's record; the words are the commenter's.
    text = render_to_string("emails/city_comment-body.txt", context)
    message = Message(
        to=delivery.to_address, template="city_comment", context=context, language="en"
    )
    return message, hashlib.sha256(text.encode()).hexdigest()


def send_to_city(delivery: CityDelivery) -> channels.Outcome:
    if timezone.now() >= delivery.meeting.starts_at:
        return channels.Dropped()  # the meeting has begun: a late comment is no comment
    if not delivery.comments.exists():
        return channels.Dropped()  # every comment in it was erased meanwhile
    message, digest = city_message(delivery)
    return send_message(message, message_id=delivery.message_id, digest=digest)


def after_city(delivery: CityDelivery, verdict: str) -> None:
    """Tell each commenter what happened to their comment."""
    kind = "comment_receipt" if verdict == "sent" else "comment_undelivered"
    for pk in delivery.comments.values_list("pk", flat=True):
        queue_email(kind=kind, context={"comment": pk})


CITY = channels.Channel(
    name="city",
    model=CityDelivery,
    task_path="stopalprs.fights.tasks.deliver_to_city",
    send=send_to_city,
    lease=timedelta(minutes=2),
    max_attempts=40,
    first_backoff=timedelta(seconds=30),
    max_backoff=timedelta(minutes=10),
    dropped=CityDelivery.Status.LATE,
    related=("meeting__fight__jurisdiction",),
    on_outcome=after_city,
)
