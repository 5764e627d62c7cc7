"""Writing the audit trail: ``record(actor, "campaign.edited", target, data=…)``.

A low module every app may import: it knows no other app. Each service that changes
something or shows personal data to staff calls ``record`` in its own transaction, so what
happened always has its entry and an entry never outlives a rolled-back change. Verbs are
structured ("<object>.<what happened>") and declared in ``VERBS``: an undeclared verb is a
bug, refused at once rather than written as free text nobody can filter on.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Model

from stopalprs.audit.models import AuditEntry

Action = AuditEntry.Action

# Every verb, with the kind of entry it is (what the audit page filters on).
VERBS: dict[str, str] = {
    # Staff looking at people
    "person.searched": Action.SEARCH,
    "person.viewed": Action.VIEW,
    "organizer.viewed": Action.VIEW,
    "organizers.listed": Action.VIEW,
    "delivery.viewed": Action.VIEW,
    "people.read_by_api": Action.VIEW,
    # Personal data leaving as a file
    "signatures.exported": Action.EXPORT,
    "organizers.exported": Action.EXPORT,
    "delivery.exported": Action.EXPORT,
    # Changes
    "campaign.created": Action.CHANGE,
    "campaign.edited": Action.CHANGE,
    "campaign.won": Action.CHANGE,
    "signatures.imported": Action.CHANGE,
    "signatures.import_started": Action.CHANGE,
    "signatures.bulk_applied": Action.CHANGE,
    "signatures.bulk_undone": Action.CHANGE,
    "paper_batch.created": Action.CHANGE,
    "paper_batch.entered": Action.CHANGE,
    "organizer.status_changed": Action.CHANGE,
    "organizer.noted": Action.CHANGE,
    "organizer.assigned": Action.CHANGE,
    "organizer.follow_up_set": Action.CHANGE,
    "organizer.tagged": Action.CHANGE,
    "organizers.introduced": Action.EXPORT,
    "hub.viewed": Action.VIEW,
    "hub.invited": Action.CHANGE,
    "update.drafted": Action.CHANGE,
    "update.edited": Action.CHANGE,
    "update.sent": Action.CHANGE,
    "report.pending": Action.CHANGE,
    "report.accepted": Action.CHANGE,
    "report.rejected": Action.CHANGE,
    "api_token.created": Action.CHANGE,
    "api_token.revoked": Action.CHANGE,
    "webhook.created": Action.CHANGE,
    "webhook.changed": Action.CHANGE,
    "webhook.resent": Action.CHANGE,
    "outcome.recorded": Action.CHANGE,
    "petition.created": Action.CHANGE,
    "admin.added": Action.CHANGE,
    "admin.changed": Action.CHANGE,
    "admin.deleted": Action.CHANGE,
}


class UnknownVerb(ValueError):
    """A verb that is not declared in VERBS."""


def record(
    actor: Any,
    verb: str,
    target: Model | None = None,
    *,
    object_type: str = "",
    ref: str = "",
    count: int = 0,
    detail: str = "",
    data: dict[str, Any] | None = None,
    actor_name: str = "",
) -> AuditEntry:
    """Write one entry; call inside the transaction of what it records.

    ``actor`` is ``request.user`` (a user, or anonymous for a system job); ``actor_name``
    overrides how it is shown (an API token stands for the staff member who made it).
    ``target``'s key is the entry's reference unless ``ref`` is given; ``object_type`` is the
    verb's object unless given. ``detail`` says it in words, ``data`` for machines (see
    ``changes``); neither may hold a person's data.
    """
    if verb not in VERBS:
        raise UnknownVerb(verb)
    known = bool(getattr(actor, "is_authenticated", False))
    return AuditEntry.objects.create(
        actor=actor if known else None,
        actor_name=(actor_name or (actor.get_username() if known else "(anonymous)"))[:150],
        action=VERBS[verb],
        verb=verb,
        object_type=(object_type or verb.partition(".")[0])[:50],
        object_ref=(ref or (str(target.pk) if target is not None else ""))[:200],
        record_count=count,
        detail=detail[:500],
        data=data or {},
    )


def plain(value: Any) -> Any:
    """A JSON-safe form of a field's value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    if isinstance(value, Model):
        return value.pk
    return str(value)


def snapshot(instance: Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` of ``instance``, JSON-safe: the "before" of an edit."""
    return {name: plain(getattr(instance, name)) for name in fields}


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """``{"before": …, "after": …}`` of the fields whose values differ."""
    changed = [name for name in after if before.get(name) != after[name]]
    return {
        "before": {name: before.get(name) for name in changed},
        "after": {name: after[name] for name in changed},
    }
