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
}


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
            src = source / name
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
        self.stdout.write("Update data/README.md with the new source commit and date.")
