"""Load the ALPR contract actions in data/alpr/ into the database, idempotently."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from stopalprs.watch.models import STATUS_AFTER, ContractAction, Jurisdiction, RecordsLaw

FIELDS = [
    "city",
    "state",
    "jurisdiction_type",
    "vendor",
    "action",
    "action_raw",
    "date",
    "date_precision",
    "source_url",
    "archive_url",
    "compiled_by",
    "verified",
    "notes",
]


def parse_date(raw: str) -> date | None:
    """'2025-06-03' or '2025-06' (the first of the month) → a date; None otherwise."""
    try:
        if len(raw) == 7:
            return date.fromisoformat(f"{raw}-01")
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def jurisdiction_for(city: str, state: str, kind: str = "") -> Jurisdiction:
    slug = slugify(f"{state}-{city}")[:120]
    found, _ = Jurisdiction.objects.get_or_create(
        slug=slug, defaults={"name": city, "state": state, "kind": kind}
    )
    return found


def refresh_status(jurisdiction: Jurisdiction) -> None:
    """The status follows the latest event that says something about the contract."""
    latest = jurisdiction.events.filter(action__in=STATUS_AFTER).order_by("event_date", "pk").last()
    jurisdiction.status = STATUS_AFTER[latest.action] if latest else Jurisdiction.Status.UNKNOWN
    vendors = jurisdiction.events.exclude(vendor="").values_list("vendor", flat=True)
    jurisdiction.vendor = next(iter(vendors.order_by("-event_date")), jurisdiction.vendor)
    jurisdiction.save(update_fields=["status", "vendor"])


@transaction.atomic
def import_contract_actions(data: Path | None = None) -> dict[str, int]:
    """Replace the shipped rows with the file's: the file is the source of truth, and rows
    have no stable key of their own (a city can have several actions in one month). Accepted
    crowd reports are kept."""
    path = (data or settings.REFERENCE_DATA_DIR) / "alpr" / "alpr_contract_actions.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows: list[dict[str, Any]] = [{k: r[k] for k in FIELDS} for r in csv.DictReader(f)]
    shipped = ContractAction.objects.exclude(compiled_by__startswith="crowd report")
    deleted, _ = shipped.delete()
    for row in rows:
        jurisdiction = jurisdiction_for(row["city"], row["state"], row["jurisdiction_type"])
        ContractAction.objects.create(
            **row, jurisdiction=jurisdiction, event_date=parse_date(row["date"])
        )
    for jurisdiction in Jurisdiction.objects.all():
        refresh_status(jurisdiction)
    Jurisdiction.objects.filter(events=None).delete()
    return {"deleted": deleted, "created": len(rows)}


@transaction.atomic
def import_records_laws(data: Path | None = None) -> int:
    path = (data or settings.REFERENCE_DATA_DIR) / "records_laws" / "state_public_records_laws.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        RecordsLaw.objects.update_or_create(
            state=r["state"],
            defaults={
                "law_name": r["law_name"],
                "citation": r["citation"],
                "response_days": int(r["response_days"]) if r["response_days"] else None,
                "days_type": r["days_type"],
                "deadline_text": r["deadline_text"],
                "fee_notes": r["fee_notes"],
                "source_url": r["source_url"],
                "source_date": r["source_date"],
                "confidence": r["confidence"],
            },
        )
    return len(rows)


def ensure_contract_actions() -> None:
    if not ContractAction.objects.exists():
        import_contract_actions()
    if not RecordsLaw.objects.exists():
        import_records_laws()
