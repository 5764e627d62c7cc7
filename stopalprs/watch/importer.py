"""Load the ALPR contract actions in data/alpr/ into the database, idempotently."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from stopalprs.watch.models import ContractAction

FIELDS = [
    "city", "state", "jurisdiction_type", "vendor", "action", "action_raw", "date",
    "date_precision", "source_url", "archive_url", "compiled_by", "verified", "notes",
]  # fmt: skip


@transaction.atomic
def import_contract_actions(data: Path | None = None) -> dict[str, int]:
    """Replace the table with the file's rows: the file is the source of truth, and rows have
    no stable key of their own (a city can have several actions in one month)."""
    path = (data or settings.REFERENCE_DATA_DIR) / "alpr" / "alpr_contract_actions.csv"
    with path.open(newline="", encoding="utf-8") as f:
        rows: list[dict[str, Any]] = [{k: r[k] for k in FIELDS} for r in csv.DictReader(f)]
    deleted, _ = ContractAction.objects.all().delete()
    ContractAction.objects.bulk_create([ContractAction(**row) for row in rows])
    return {"deleted": deleted, "created": len(rows)}


def ensure_contract_actions() -> None:
    if not ContractAction.objects.exists():
        import_contract_actions()
