from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from stopalprs.campaigns.models import Campaign
from stopalprs.signatures import paper
from stopalprs.signatures.models import PaperBatch


class Command(BaseCommand):
    help = (
        "Add a typed-up sheet of paper signatures (CSV: first_name, last_name, zip_code, "
        "optionally email and send_updates) as one batch, checked against every signature."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("slug")
        parser.add_argument("csv", type=Path)
        parser.add_argument("--event", required=True)
        parser.add_argument("--date", type=date.fromisoformat, required=True)
        parser.add_argument("--consent", required=True, help="The sheet's consent line.")

    def handle(self, *args: Any, slug: str, csv: Path, **options: Any) -> None:
        campaign = Campaign.objects.filter(slug=slug).first()
        if campaign is None:
            raise CommandError(f"no campaign {slug!r}")
        try:
            rows = paper.read_csv(csv.read_bytes())
        except (OSError, UnicodeDecodeError, paper.PaperError) as error:
            raise CommandError(str(error)) from None
        batch = PaperBatch.objects.create(
            campaign=campaign,
            event=options["event"],
            collected_on=options["date"],
            consent_text=options["consent"],
        )
        progress = tqdm(rows, unit=" rows", file=self.stderr, disable=not sys.stderr.isatty())
        result = paper.import_rows(actor=AnonymousUser(), batch=batch, rows=progress)
        for line, problem in result.errors:
            self.stderr.write(f"line {line}: {problem}")
        for line in result.district_unknown:
            self.stderr.write(
                f"line {line}: stored without a district (split ZIP code, no district column): "
                "counted for the state's senators only"
            )
        self.stdout.write(
            f"{result.added} added, {result.duplicates} had already signed, "
            f"{len(result.errors)} refused, {len(result.district_unknown)} without a district "
            f"(batch {batch.pk})"
        )
