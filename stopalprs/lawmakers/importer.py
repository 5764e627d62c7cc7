"""Load the reference data in ``data/`` into the database, idempotently.

Rows are matched on their natural key: new ones are created, changed ones updated, and ones
that vanished from the source deleted, so running the import twice leaves the same tables.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction

from stopalprs.lawmakers.models import DistrictOffice, Legislator, ZipCode

Progress = Callable[[Iterable[Any], str, int], Iterator[Any]]


def no_progress(rows: Iterable[Any], label: str, total: int) -> Iterator[Any]:
    yield from rows


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def sync(
    model: type[models.Model], key: str, rows: list[dict[str, Any]], progress: Progress
) -> dict[str, int]:
    """Make ``model``'s table hold exactly ``rows`` (dicts of field values keyed by ``key``)."""
    fields = [f for f in rows[0] if f != key] if rows else []
    existing = {getattr(o, key): o for o in model._default_manager.all()}
    create, update = [], []
    for row in progress(rows, str(model._meta.verbose_name_plural), len(rows)):
        obj = existing.pop(row[key], None)
        if obj is None:
            create.append(model(**row))
        elif any(getattr(obj, f) != row[f] for f in fields):
            for f in fields:
                setattr(obj, f, row[f])
            update.append(obj)
    model._default_manager.bulk_create(create, batch_size=2000)
    model._default_manager.bulk_update(update, fields, batch_size=2000)
    model._default_manager.filter(**{f"{key}__in": list(existing)}).delete()
    return {"created": len(create), "updated": len(update), "deleted": len(existing)}


def zip_rows(data: Path) -> list[dict[str, Any]]:
    districts = {r["zip"]: r for r in _read(data / "zip_cd" / "zip_to_cd119.csv")}
    rows = []
    for geo in _read(data / "zip_geo" / "zip_city_state_latlon.csv"):
        cd = districts.get(geo["zip"], {})
        rows.append(
            {
                "zip": geo["zip"],
                "city": geo["city"][:100],
                "county": geo.get("county", "")[:100],
                "other_cities": geo.get("acceptable_cities", "")[:300],
                "state": geo["state"],
                "lat": float(geo["lat"]) if geo["lat"] else None,
                "lon": float(geo["lon"]) if geo["lon"] else None,
                "districts": cd.get("districts", ""),
                "method": cd.get("method", "")[:40],
            }
        )
    return rows


def congress_rows(data: Path) -> list[dict[str, Any]]:
    return [
        {
            "source_id": r["bioguide"],
            "chamber": r["chamber"],
            "state": r["state"],
            "district": r["district"] if r["chamber"] == "house" else "",
            "name": r["official_full"] or f"{r['first']} {r['last']}",
            "party": r["party"],
            "rank": r["state_rank"],
            "phone": r["phone"],
            "email": "",
            "url": r["url"],
            "contact_form": r["contact_form"],
            "address": r["address"],
        }
        for r in _read(data / "congress" / "legislators-current.csv")
    ]


STATE_CHAMBERS = {"upper": "upper", "lower": "lower", "legislature": "legislature"}


def state_rows(data: Path) -> list[dict[str, Any]]:
    return [
        {
            "source_id": r["openstates_id"],
            "chamber": STATE_CHAMBERS[r["chamber"]],
            "state": r["state"],
            "district": r["district"][:60],
            "name": r["name"],
            "party": r["party"][:60],
            "rank": "",
            "phone": r["capitol_phone"] or r["district_phone"],
            "email": r["email"],
            "url": r["website"][:300],
            "contact_form": "",
            "address": r["capitol_address"][:300],
        }
        for r in _read(data / "state_legislators" / "openstates_current_legislators.csv")
    ]


def office_rows(data: Path, legislators: dict[str, int]) -> list[dict[str, Any]]:
    rows = []
    for r in _read(data / "congress" / "legislators-district-offices.csv"):
        if r["bioguide"] not in legislators:
            continue
        address = ", ".join(x for x in (r["address"], r["suite"], r["building"]) if x)
        rows.append(
            {
                "office_id": r["office_id"],
                "legislator_id": legislators[r["bioguide"]],
                "address": address[:300],
                "city": r["city"],
                "state": r["state"],
                "zip": r["zip"],
                "phone": r["phone"],
            }
        )
    return rows


@transaction.atomic
def import_reference_data(
    data: Path | None = None, progress: Progress = no_progress
) -> dict[str, dict[str, int]]:
    """Load ZIP codes, members of Congress, district offices and state legislators."""
    data = data or settings.REFERENCE_DATA_DIR
    report = {
        "zip codes": sync(ZipCode, "zip", zip_rows(data), progress),
        "legislators": sync(
            Legislator, "source_id", congress_rows(data) + state_rows(data), progress
        ),
    }
    ids = dict(Legislator.objects.values_list("source_id", "pk"))
    report["district offices"] = sync(DistrictOffice, "office_id", office_rows(data, ids), progress)
    return report


def ensure_reference_data() -> None:
    """Import on a database that has none yet (first start); otherwise leave it alone."""
    # A database imported before ZIP codes had counties gets them on its next start.
    if not ZipCode.objects.exclude(county="").exists():
        import_reference_data()
