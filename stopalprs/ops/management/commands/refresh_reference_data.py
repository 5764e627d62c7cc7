from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# file (relative to the data folder) -> the columns our code reads from it
FILES: dict[str, set[str]] = {
    "zip_geo/zip_city_state_latlon.csv": {"zip", "city", "state", "lat", "lon"},
    "zip_geo/LICENSE.zipcodes-MIT.txt": set(),
    "zip_cd/zip_to_cd119.csv": {"zip", "state", "districts", "method"},
    "zip_cd/LICENSE.us-zipcodes-congress": set(),
    "congress/legislators-current.csv": {
        "bioguide",
        "chamber",
        "state",
        "district",
        "state_rank",
        "official_full",
        "party",
        "phone",
        "url",
        "contact_form",
        "address",
    },
    "congress/legislators-district-offices.csv": {
        "bioguide",
        "office_id",
        "address",
        "suite",
        "building",
        "city",
        "state",
        "zip",
        "phone",
    },
    "congress/LICENSE.congress-legislators-CC0.txt": set(),
    "state_legislators/openstates_current_legislators.csv": {
        "state",
        "chamber",
        "district",
        "name",
        "party",
        "email",
        "capitol_phone",
        "district_phone",
        "capitol_address",
        "website",
        "openstates_id",
    },
    "state_legislators/LICENSE.openstates-people-CC0.txt": set(),
    "alpr/alpr_contract_actions.csv": {"city", "state", "vendor", "action", "date", "source_url"},
    "records_laws/state_public_records_laws.csv": {
        "state",
        "law_name",
        "citation",
        "response_days",
        "days_type",
        "deadline_text",
        "source_url",
        "confidence",
    },
    "records_laws/state_public_records_laws_sources.csv": {"state", "primary_source_url"},
    "records_laws/README.md": set(),
    "maps/us_states_albers.json": set(),
    "maps/LICENSE.us-atlas-ISC.txt": set(),
}

# Files whose name in the shared data set differs from ours.
SOURCE_NAMES = {"congress/LICENSE.congress-legislators-CC0.txt": "congress/LICENSE"}


class Command(BaseCommand):
    help = (
        "Copy the reference data files stopalprs uses from a newer copy of the shared data "
        "set (same layout), checking each CSV still has the columns we read."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--from", dest="source", required=True, type=Path)

    def handle(self, *args: Any, source: Path, **options: Any) -> None:
        target: Path = settings.REFERENCE_DATA_DIR
        for name, columns in FILES.items():
            src = source / SOURCE_NAMES.get(name, name)
            if not src.is_file():
                raise CommandError(f"{src} is missing")
            if columns:
                with src.open(newline="", encoding="utf-8") as f:
                    header = set(next(csv.reader(f)))
                if missing := columns - header:
                    raise CommandError(f"{src} lacks columns {sorted(missing)}")
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target / name)
            self.stdout.write(f"copied {name}")
        self.stdout.write(
            "Then: update data/README.md with the new source commits, and run "
            "`manage.py import_lawmakers` and `manage.py import_contracts`."
        )
