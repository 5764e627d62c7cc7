"""The outbox: how a queued row (an email, a webhook delivery) is claimed, sent, retried and
recorded. Written once; a channel passes in what differs, above all its send function.

Guarantees, for every channel: a row queued by a committed transaction is sent at least once
(its task is written in the same transaction, and the sweeper, ``requeue_stalled``, queues
again any row whose task went missing); a lease keeps two workers from sending one row at the
same time, and if a worker dies mid-send the lease runs out and the row is sent again; every
outcome is recorded with an UPDATE, so a row deleted mid-send (its person erased, staff
deleting a log) is simply not recorded, never a crash.

A row of a channel's model has ``status``, ``attempts``, ``lease_until``, ``next_attempt_at``
and ``last_error`` (see ``emails.Email`` and ``webhooks.Delivery``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from django.db import transaction
from django.db.models import F, Model, Q, QuerySet
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import import_string

from stopalprs.lib import leases

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sent:
    """It went out. ``fields``: what else to record (e.g. ``sent_at``)."""

    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Dropped:
    """Not sent, and never will be: what it was about is gone or no longer wants it."""

    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Failed:
    """Not sent this time. ``permanent``: trying again cannot help (a refused address).
    ``error`` is recorded as ``last_error``: a reply code or an error class, never content."""

    error: str
    permanent: bool = False
    fields: dict[str, Any] = field(default_factory=dict)


Outcome = Sent | Dropped | Failed


@dataclass(frozen=True)
class Channel[M: Model]:
    """One kind of thing the site sends, and what is particular to it."""

    name: str
    model: type[M]
    # The task that sends one row, taking its primary key, as "module.path.name": the task
    # module calls back into this channel, so the channel names it rather than importing it.
    task_path: str
    send: Callable[[M], Outcome]
    lease: timedelta
    max_attempts: int
    first_backoff: timedelta
    max_backoff: timedelta
    queued: str = "queued"
    sent: str = "sent"
    failed: str = "failed"
    dropped: str = "sent"
    # Blanked once a row is done with, whatever the outcome (e.g. an email's address).
    forget_when_done: dict[str, Any] = field(default_factory=dict)
    # Loaded with the claimed row, for its send function.
    related: tuple[str, ...] = ()
    # Called with the row and "sent", "dropped" or "failed" in the transaction that records
    # that outcome, so what follows from it (a receipt to the person) is queued exactly when
    # the outcome is recorded, and lost with it or not at all.
    on_outcome: Callable[[M, str], None] | None = None

    @cached_property
    def task(self) -> Task[Any, Any]:
        task: Task[Any, Any] = import_string(self.task_path)
        return task

    def rows(self) -> QuerySet[M]:
        return self.model._default_manager.all()

    def queued_rows(self) -> QuerySet[M]:
        return self.rows().filter(status=self.queued)

    def backoff(self, attempts: int) -> timedelta:
        return min(self.first_backoff * 2 ** max(attempts - 1, 0), self.max_backoff)

    def enqueue(self, pk: int, *, run_after: datetime | None = None) -> None:
        task = self.task if run_after is None else self.task.using(run_after=run_after)
        task.enqueue(pk)

    def due(self) -> QuerySet[M]:
        now = timezone.now()
        return (
            self.queued_rows()
            .filter(next_attempt_at__lte=now)
            .exclude(lease_until__gt=now)
            .order_by("next_attempt_at", "pk")
        )


def claim[M: Model](channel: Channel[M], pk: int) -> M | None:
    """Lease row ``pk`` and count the attempt; the row, or None if it is done, leased by
    another worker, or gone."""
    if not leases.take(channel.queued_rows(), pk=pk, lease=channel.lease):
        return None
    rows = channel.rows().select_related(*channel.related) if channel.related else channel.rows()
    return rows.filter(pk=pk).first()


def claim_many[M: Model](channel: Channel[M], pks: list[int]) -> list[int]:
    """Lease whichever of ``pks`` no other worker holds, in the order given."""
    return leases.take_many(channel.queued_rows(), pks=pks, lease=channel.lease)


def record(channel: Channel[Any], row: Model, **fields: Any) -> bool:
    """Record an outcome with an UPDATE, not ``save()``: if the row was deleted while it was
    being sent, there is nothing left to record (False), and nothing to crash on."""
    for name, value in fields.items():
        setattr(row, name, value)
    return bool(channel.rows().filter(pk=row.pk).update(**fields))


def deliver(channel: Channel[Any], pk: int) -> str:
    """Send one queued row. Safe to call any number of times for the same key."""
    row = claim(channel, pk)
    if row is None:
        return "skipped"
    return deliver_claimed(channel, row)


def _finish(channel: Channel[Any], row: Any, verdict: str, **fields: Any) -> None:
    """Record a final outcome, and what follows from it, in one transaction (a channel with
    nothing to follow records with its one UPDATE: no transaction around it to pay for)."""
    if channel.on_outcome is None:
        record(channel, row, **fields)
        return
    with transaction.atomic():
        if record(channel, row, **fields):
            channel.on_outcome(row, verdict)


def deliver_claimed(channel: Channel[Any], row: Any) -> str:
    """Send a row this worker holds the lease on, record the outcome, and schedule the retry;
    "sent", "dropped", "failed" or "retry"."""
    outcome = channel.send(row)
    done = {"lease_until": None, **channel.forget_when_done}
    if isinstance(outcome, Sent):
        _finish(channel, row, "sent", status=channel.sent, **done, **outcome.fields)
        return "sent"
    if isinstance(outcome, Dropped):
        _finish(channel, row, "dropped", status=channel.dropped, **done, **outcome.fields)
        return "dropped"
    last_error = outcome.error[:200]
    if outcome.permanent or row.attempts >= channel.max_attempts:
        _finish(
            channel,
            row,
            "failed",
            status=channel.failed,
            last_error=last_error,
            **done,
            **outcome.fields,
        )
        logger.warning("%s %s failed for good: %s", channel.name, row.pk, last_error)
        return "failed"
    next_attempt = timezone.now() + channel.backoff(row.attempts)
    if record(
        channel,
        row,
        next_attempt_at=next_attempt,
        lease_until=None,
        last_error=last_error,
        **outcome.fields,
    ):
        channel.enqueue(row.pk, run_after=next_attempt)
        logger.info("%s %s will be retried at %s", channel.name, row.pk, next_attempt)
    return "retry"


def release(channel: Channel[Any], pks: list[int], *, run_after: datetime | None = None) -> None:
    """Hand leased, unattempted rows back to the queue, each with a task of its own."""
    channel.rows().filter(pk__in=pks).update(lease_until=None, attempts=F("attempts") - 1)
    for pk in pks:
        channel.enqueue(pk, run_after=run_after)


def stalled[M: Model](channel: Channel[M], *, older_than: timedelta) -> QuerySet[M]:
    """Queued rows whose task was lost (a worker killed, an enqueue lost in a crash)."""
    now = timezone.now()
    return channel.queued_rows().filter(
        Q(lease_until__isnull=True) | Q(lease_until__lte=now),
        next_attempt_at__lte=now - older_than,
    )


def requeue_stalled(channel: Channel[Any], *, older_than: timedelta = timedelta(minutes=5)) -> int:
    """Enqueue again every queued row whose task went missing (at most 1,000 a run)."""
    pks = list(stalled(channel, older_than=older_than).values_list("pk", flat=True)[:1000])
    for pk in pks:
        channel.enqueue(pk)
    return len(pks)
