"""The organizer intake as an action kind: what manage-my-data and the retention job need."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from stopalprs.actions import kinds
from stopalprs.organizing.models import Organizer
from stopalprs.privacy.models import DeletionLog


def held(email_index: str) -> QuerySet[Organizer]:
    return Organizer.objects.filter(email_index=email_index)


def export(email_index: str) -> dict[str, Any] | None:
    o = held(email_index).prefetch_related("notes").first()
    if o is None:
        return None
    return {
        "name": o.name,
        "email": o.email,
        "phone": o.phone,
        "organization": o.organization,
        "city": o.city,
        "state": o.state,
        "zip_code": o.zip_code,
        "role": o.role,
        "city_uses_alpr": o.uses_alpr,
        "vendor": o.vendor,
        "contract_stage": o.stage,
        "help_wanted": o.help_wanted,
        "message": o.message,
        "introduce_me": o.wants_intro,
        "send_updates": o.send_updates,
        "joined_at": o.created_at.isoformat(),
        "confirmed_at": o.confirmed_at.isoformat() if o.confirmed_at else None,
        "status_with_our_staff": o.status,
        "notes_by_our_staff": [
            {"at": n.created_at.isoformat(), "text": n.text} for n in o.notes.all()
        ],
    }


def _before(setting: str) -> Any:
    return timezone.now() - timedelta(days=getattr(settings, setting))


def unconfirmed() -> QuerySet[Organizer]:
    cutoff = _before("UNCONFIRMED_RETENTION_DAYS")
    return Organizer.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)


def inactive() -> QuerySet[Organizer]:
    # With their notes and queued mail.
    return Organizer.objects.filter(
        last_activity_at__lt=_before("ORGANIZER_INACTIVE_RETENTION_DAYS")
    )


ORGANIZER = kinds.Kind(
    name="organizer",
    export_as="organizer_network",
    held=held,
    export=export,
    announce_as="organizer",
    purges=(
        kinds.Purge(log_as=DeletionLog.Kind.ORGANIZERS_UNCONFIRMED, rows=unconfirmed),
        kinds.Purge(log_as=DeletionLog.Kind.ORGANIZERS_INACTIVE, rows=inactive),
    ),
)
