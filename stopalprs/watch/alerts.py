"""Local alerts: follow a place, hear about its new events and coming renewals."""

from __future__ import annotations

from datetime import timedelta

from django.core.signing import BadSignature
from django.db import transaction
from django.utils import timezone

from stopalprs.actions import identity
from stopalprs.emails.services import queue_email
from stopalprs.lib.fastpath.queries import prepare_upsert
from stopalprs.lib.tokens import make_token, read_token
from stopalprs.watch.models import ContractAction, Follow, Jurisdiction

FOLLOW_SALT = "stopalprs.watch.follow"
RENEWAL_NOTICE_DAYS = 60


def follow_token(follow: Follow) -> str:
    return make_token(follow.public_id, salt=FOLLOW_SALT)


def follow_for_token(token: str) -> Follow | None:
    try:
        public_id = read_token(token, salt=FOLLOW_SALT, max_age=timedelta(days=3650))
    except BadSignature:
        return None
    return Follow.objects.filter(public_id=public_id).select_related("jurisdiction").first()


def start_following(*, jurisdiction: Jurisdiction, email: str, language: str = "en") -> None:
    """Ask the address to confirm; an address already following gets its link again. The
    caller replies the same either way."""
    index = identity.email_index(email)
    follow = Follow(
        jurisdiction=jurisdiction, email=email, email_index=index, language=language[:8]
    )
    # One statement, new follower or not, then the link queued: the same work either way,
    # so the reply's timing does not tell whether the address follows the place.
    upsert = prepare_upsert(
        follow,
        unique=("jurisdiction", "email_index"),
        on_conflict={"email_index": "keep"},
        returning=("pk",),
    )
    with transaction.atomic():
        (follow_id,) = upsert()
        queue_email(kind="follow_confirm", recipient=email, context={"follow": follow_id})


@transaction.atomic
def confirm(follow: Follow) -> None:
    Follow.objects.filter(pk=follow.pk, confirmed_at=None).update(confirmed_at=timezone.now())


@transaction.atomic
def stop_following(follow: Follow) -> None:
    follow.delete()


def announce_event(event: ContractAction) -> int:
    """Queue one email per confirmed follower of the event's place. Call in its transaction."""
    if event.jurisdiction is None:
        return 0
    followers = event.jurisdiction.follows.filter(confirmed_at__isnull=False)
    for follow in followers:
        queue_email(
            kind="follow_event",
            recipient=follow.email,
            context={"follow": follow.pk, "event": event.pk},
        )
    return len(followers)


@transaction.atomic
def announce_renewals() -> int:
    """Renewals within RENEWAL_NOTICE_DAYS: each follower hears about each date once."""
    today = timezone.now().date()
    soon = Follow.objects.filter(
        confirmed_at__isnull=False,
        jurisdiction__renewal_date__gte=today,
        jurisdiction__renewal_date__lte=today + timedelta(days=RENEWAL_NOTICE_DAYS),
    ).select_related("jurisdiction")
    sent = 0
    for follow in soon:
        if follow.renewal_announced == follow.jurisdiction.renewal_date:
            continue
        queue_email(kind="follow_renewal", recipient=follow.email, context={"follow": follow.pk})
        follow.renewal_announced = follow.jurisdiction.renewal_date
        follow.save(update_fields=["renewal_announced"])
        sent += 1
    return sent
