from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from stopalprs.campaigns.models import Campaign
from stopalprs.signatures import crm
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
        parser.add_argument(
            "--layout",
            choices=sorted(crm.LAYOUTS),
            default="",
            help="Confirmed signers in Action Network's or ActionKit's columns (implies "
            "--personal).",
        )
        parser.add_argument(
            "--standing",
            action="append",
            choices=list(exports.STANDINGS),
            help="Which signatures (repeat for several): "
            + ", ".join(f"{k} = {v}" for k, v in exports.STANDINGS.items())
            + f". Default: {' and '.join(exports.COUNTED_STANDINGS)}, the ones that count.",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes that decrypt and write CSV in parallel (default: one per core).",
        )

    def handle(self, *args: Any, slug: str, out: Path, **options: Any) -> None:
        campaign = Campaign.objects.filter(slug=slug).first()
        if campaign is None:
            raise CommandError(f"no campaign {slug!r}")
        started = time.monotonic()
        export = exports.export_signatures(
            actor=AnonymousUser(),
            campaign=campaign,
            personal=options["personal"] or bool(options["layout"]),
            layout=options["layout"],
            standings=options["standing"] or exports.COUNTED_STANDINGS,
        )
        progress = tqdm(
            total=export.total,
            unit=" rows",
            file=self.stderr,
            disable=not sys.stderr.isatty() or options["verbosity"] == 0,
        )
        if options["format"] == "xlsx":
            with exports.write_xlsx(export, progress) as made, out.open("wb") as f:
                while chunk := made.read(1 << 20):
                    f.write(chunk)
        else:
            with out.open("w", encoding="utf-8", newline="") as f:
                if options["jobs"] > 1:
                    f.writelines(
                        exports.csv_in_parallel(export, jobs=options["jobs"], progress=progress)
                    )
                else:
                    f.writelines(exports.csv_lines(export, progress))
        progress.close()
        seconds = time.monotonic() - started
        # Peak resident memory of this process and of the largest worker (KiB on Linux).
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        jobs = options["jobs"] if options["format"] == "csv" and options["jobs"] > 1 else 0
        self.stdout.write(
            f"{export.total:,} rows in {seconds:.1f} s "
            f"({export.total / max(seconds, 1e-9):,.0f} rows/s) → {out}; peak memory "
            f"{own:.0f} MB here + {jobs} workers of {worker:.0f} MB at most"
        )
