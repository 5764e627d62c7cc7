"""Leases for rows that work is done on (queued emails, webhook deliveries).

A worker takes a lease before sending; while it holds one no other worker sends the same row,
and if it dies the lease simply runs out and the row can be taken again.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

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
