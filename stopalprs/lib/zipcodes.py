"""Offline US ZIP code reference: which ZIPs exist, and the state and city of each.

Read from ``data/zip_geo/zip_city_state_latlon.csv`` (see ``data/README.md`` for its
provenance) once per process; no request ever asks a network service where a signer lives.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings

ZIP_RE = re.compile(r"^\s*(\d{5})(?:-?\d{4})?\s*$")


@dataclass(frozen=True, slots=True)
class ZipCode:
    zip: str
    city: str
    state: str
    lat: float | None
    lon: float | None


@cache
def _table() -> dict[str, ZipCode]:
    path = settings.REFERENCE_DATA_DIR / "zip_geo" / "zip_city_state_latlon.csv"
    with path.open(newline="", encoding="utf-8") as f:
        return {
            row["zip"]: ZipCode(
                zip=row["zip"],
                city=row["city"],
                state=row["state"],
                lat=float(row["lat"]) if row["lat"] else None,
                lon=float(row["lon"]) if row["lon"] else None,
            )
            for row in csv.DictReader(f)
        }


def normalize(raw: str) -> str | None:
    """The five-digit ZIP in ``raw`` ("94110", "94110-1234", " 941101234 "), or None."""
    match = ZIP_RE.match(raw or "")
    return match.group(1) if match else None


def lookup(raw: str) -> ZipCode | None:
    """The ZIP code ``raw`` names, if it is a real one."""
    code = normalize(raw)
    return _table().get(code) if code else None
