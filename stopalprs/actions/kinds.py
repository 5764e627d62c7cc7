"""The kinds of action a person takes here, and what each must answer for.

A kind (a signature, an organizer intake, a follow, a records request; a comment or an RSVP
next) registers once, in its app's ``AppConfig.ready``, with what the manage-my-data page and
the retention job need of it: the records one address holds, what the export shows of them,
and the rules that delete or strip them when their time is up. The privacy app then exports,
erases and purges every kind the same way, without knowing any of them; a new kind registered
here is in the export, the erasure and the retention job from its first day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet

from stopalprs.lib import events, osdi

# Rows changed per transaction by the retention job: on SQLite a transaction holds the one
# write lock, and a signer must never wait behind a year's worth of deletions.
PURGE_CHUNK = 500


@dataclass(frozen=True)
class Purge:
    """One retention rule: the rows past their time, deleted (``strip`` None) or stripped of
    what names a person (``strip`` gives the fields to set), in chunks."""

    # The public deletion log's kind (privacy.DeletionLog.Kind); "" for a log that names no
    # one (e.g. the webhook log), pruned without a public count.
    log_as: str
    rows: Callable[[], QuerySet[Any]]
    strip: Callable[[], dict[str, Any]] | None = None


@dataclass(frozen=True)
class Kind:
    name: str
    # The key of its section in the manage-my-data export.
    export_as: str
    # This address's records, by the address's blind index.
    held: Callable[[str], QuerySet[Any]]
    # What the export shows of them (a list, or one record, as the kind has it).
    export: Callable[[str], Any]
    # Told to the tools we sent these records to when they are erased: the name of the
    # record in erasure events ("signature", "organizer"), or "" for records never sent out.
    announce_as: str = ""
    purges: tuple[Purge, ...] = ()
    # The email address a record holds (for the erasure receipt).
    address: Callable[[Any], str] = field(default=lambda record: str(record.email))


_kinds: dict[str, Kind] = {}
_purges: list[Purge] = []


def register(kind: Kind) -> Kind:
    """Register an action kind (idempotent: app registries can be set up twice in tests)."""
    _kinds[kind.name] = kind
    return kind


def register_purge(purge: Purge) -> None:
    """A retention rule for something that is not an action (a log of sent mail)."""
    if purge not in _purges:
        _purges.append(purge)


def all_kinds() -> list[Kind]:
    return list(_kinds.values())


def holder(email_index: str) -> Any | None:
    """The first record this address holds, of any kind (to email its owner), or None."""
    for kind in _kinds.values():
        if (record := kind.held(email_index).first()) is not None:
            return record
    return None


def export(email_index: str) -> dict[str, Any]:
    """Every kind's section of the manage-my-data export for this address."""
    return {kind.export_as: kind.export(email_index) for kind in _kinds.values()}


def gone(kind: Kind, record: Model) -> events.Record:
    identifier = osdi.identifier(record.public_id)  # type: ignore[attr-defined]
    return events.Record(kind=kind.announce_as, pk=record.pk, identifier=identifier)


@dataclass(frozen=True)
class Erased:
    count: int  # records deleted, of every kind
    address: str  # where the receipt goes ("" when nothing was held)
    gone: tuple[events.Record, ...]  # those to announce to the tools that got them


def erase(email_index: str) -> Erased:
    """Delete every record of every kind this address holds, in the caller's transaction.
    The caller publishes the erasure and sends the receipt."""
    count, address, announced = 0, "", []
    for kind in _kinds.values():
        records = list(kind.held(email_index))
        if not records:
            continue
        address = address or kind.address(records[0])
        if kind.announce_as:
            announced += [gone(kind, record) for record in records]
        count += len(records)
        kind.held(email_index).delete()
    return Erased(count=count, address=address, gone=tuple(announced))


def purges() -> list[Purge]:
    return [purge for kind in _kinds.values() for purge in kind.purges] + _purges


def apply(purge: Purge, *, chunk: int | None = None) -> int:
    """Apply one retention rule, ``chunk`` rows (PURGE_CHUNK) per transaction; how many rows
    it changed."""
    chunk = chunk or PURGE_CHUNK
    done = 0
    while True:
        with transaction.atomic():
            due = purge.rows()
            pks = list(due.order_by("pk").values_list("pk", flat=True)[:chunk])
            if not pks:
                return done
            rows = due.model._default_manager.filter(pk__in=pks)
            if purge.strip is None:
                rows.delete()
            else:
                rows.update(**purge.strip())
        done += len(pks)
        if len(pks) < chunk:
            return done
