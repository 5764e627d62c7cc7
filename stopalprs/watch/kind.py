"""The watch's two action kinds, a tracked records request and a followed place: what
manage-my-data and the retention job need of them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from stopalprs.actions import kinds
from stopalprs.privacy.models import DeletionLog
from stopalprs.watch import records
from stopalprs.watch.models import Follow, RecordsRequest


def _unconfirmed_cutoff() -> Any:
    return timezone.now() - timedelta(days=settings.UNCONFIRMED_RETENTION_DAYS)


def old_requests() -> QuerySet[RecordsRequest]:
    return RecordsRequest.objects.filter(
        Q(sent_on__lt=records.retention_cutoff())
        | Q(confirmed_at__isnull=True, created_at__lt=_unconfirmed_cutoff())
    )


def unconfirmed_follows() -> QuerySet[Follow]:
    return Follow.objects.filter(confirmed_at__isnull=True, created_at__lt=_unconfirmed_cutoff())


def places_followed(email_index: str) -> list[str]:
    return [
        f.jurisdiction.name + ", " + f.jurisdiction.state
        for f in Follow.objects.filter(email_index=email_index).select_related("jurisdiction")
    ]


RECORDS_REQUEST = kinds.Kind(
    name="records_request",
    export_as="public_records_requests",
    held=lambda email_index: RecordsRequest.objects.filter(email_index=email_index),
    export=records.held_for,
    purges=(kinds.Purge(log_as=DeletionLog.Kind.RECORDS_REQUESTS, rows=old_requests),),
)

FOLLOW = kinds.Kind(
    name="follow",
    export_as="places_followed",
    held=lambda email_index: Follow.objects.filter(email_index=email_index),
    export=places_followed,
    purges=(kinds.Purge(log_as="", rows=unconfirmed_follows),),
)
