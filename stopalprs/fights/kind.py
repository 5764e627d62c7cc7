"""A public comment as an action kind: what manage-my-data and the retention job need."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from stopalprs.actions import kinds
from stopalprs.fights.models import Comment
from stopalprs.privacy.models import DeletionLog


def held(email_index: str) -> QuerySet[Comment]:
    return Comment.objects.filter(email_index=email_index)


def exported(email_index: str) -> list[dict[str, Any]]:
    return [
        {
            "place": str(c.meeting.fight.jurisdiction),
            "meeting": f"{c.meeting.body}, {c.meeting.local_start:%Y-%m-%d %H:%M}",
            "position": c.position,
            "name": c.name,
            "zip_code": c.zip_code,
            "lives_in_the_place": c.resident,
            "words": c.body,
            "written_at": c.created_at.isoformat(),
            "confirmed_at": c.confirmed_at.isoformat() if c.confirmed_at else None,
            "delivered_to": c.delivery.to_address if c.delivery else None,
            "delivered_at": (
                c.delivery.sent_at.isoformat() if c.delivery and c.delivery.sent_at else None
            ),
        }
        for c in held(email_index).select_related("meeting__fight__jurisdiction", "delivery")
    ]


def unconfirmed() -> QuerySet[Comment]:
    cutoff = timezone.now() - timedelta(days=settings.UNCONFIRMED_RETENTION_DAYS)
    return Comment.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)


def past_meeting() -> QuerySet[Comment]:
    """Confirmed comments whose meeting ended COMMENT_RETENTION_DAYS ago and that were not
    stripped yet: the count stays, the writer and words go."""
    cutoff = timezone.now() - timedelta(days=settings.COMMENT_RETENTION_DAYS)
    return Comment.objects.filter(
        confirmed_at__isnull=False, meeting__starts_at__lt=cutoff, email_index__isnull=False
    ).exclude(delivery__status="queued")


def stripped() -> dict[str, Any]:
    return {"name": "", "body": "", "email": "", "email_index": None, "zip_code": ""}


COMMENT = kinds.Kind(
    name="comment",
    export_as="public_comments",
    held=held,
    export=exported,
    purges=(
        kinds.Purge(log_as=DeletionLog.Kind.COMMENTS, rows=unconfirmed),
        kinds.Purge(log_as=DeletionLog.Kind.COMMENTS, rows=past_meeting, strip=stripped),
    ),
)
