from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from stopalprs.campaigns.models import Campaign
from stopalprs.staff import exports


class Command(BaseCommand):
    help = (
        "Export a campaign's signatures as CSV or XLSX, with a progress bar. Audited like an "
        "export from the staff pages; personal columns only with --personal."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("slug")
        parser.add_argument("--out", type=Path, required=True, help="File to write.")
        parser.add_argument("--format", choices=exports.FORMATS, default="csv")
        parser.add_argument("--personal", action="store_true", help="Names, email, comment.")

    def handle(self, *args: Any, slug: str, out: Path, **options: Any) -> None:
        campaign = Campaign.objects.filter(slug=slug).first()
        if campaign is None:
            raise CommandError(f"no campaign {slug!r}")
        started = time.monotonic()
        export = exports.export_signatures(
            actor=AnonymousUser(), campaign=campaign, personal=options["personal"]
        )
        rows = tqdm(
            export.rows, total=export.total, unit=" rows", file=self.stderr,
            disable=not sys.stderr.isatty() or options["verbosity"] == 0,
        )  # fmt: skip
        if options["format"] == "xlsx":
            with exports.write_xlsx(export, rows) as made, out.open("wb") as f:
                while chunk := made.read(1 << 20):
                    f.write(chunk)
        else:
            export.rows = iter(rows)
            with out.open("w", encoding="utf-8", newline="") as f:
                f.writelines(exports.csv_lines(export))
        seconds = time.monotonic() - started
        self.stdout.write(
            f"{export.total:,} rows in {seconds:.1f} s "
            f"({export.total / max(seconds, 1e-9):,.0f} rows/s) → {out}"
        )
