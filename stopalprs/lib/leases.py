"""Leases for rows that work is done on (queued emails, webhook deliveries).

A worker takes a lease before sending; while it holds one no other worker sends the same row,
and if it dies the lease simply runs out and the row can be taken again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone


def take(queryset: Any, *, pk: int, lease: timedelta) -> bool:
    """Lease row ``pk`` of ``queryset`` (already narrowed to rows that may be worked on) and
    count the attempt, in one UPDATE; False if it is not there or someone else holds it."""
    now = timezone.now()
    return bool(
        queryset.filter(pk=pk)
        .exclude(lease_until__gt=now)
        .update(lease_until=now + lease, attempts=F("attempts") + 1)
    )


def take_many(queryset: Any, *, pks: list[int], lease: timedelta) -> list[int]:
    """Lease whichever of rows ``pks`` no one else holds, in two statements instead of one
    UPDATE each; returns them in the order given. Rows another worker is leasing at this very
    moment are skipped (``SKIP LOCKED`` on PostgreSQL; SQLite lets one writer in at a time)."""
    now = timezone.now()
    with transaction.atomic():
        free = set(
            queryset.filter(pk__in=pks)
            .exclude(lease_until__gt=now)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        if free:
            queryset.filter(pk__in=free).update(lease_until=now + lease, attempts=F("attempts") + 1)
    return [pk for pk in pks if pk in free]
