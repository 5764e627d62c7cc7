from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from stopalprs.campaigns.models import Campaign
from stopalprs.signatures import crm


class Command(BaseCommand):
    help = (
        "Bring a campaign's existing signers in from an Action Network or ActionKit CSV "
        "export: stored confirmed, deduplicated, consent to updates kept, nobody emailed."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("slug")
        parser.add_argument("csv", type=Path)
        parser.add_argument(
            "--layout",
            choices=sorted(crm.LAYOUTS),
            default="",
            help="Default: recognised from the header row.",
        )

    def handle(self, *args: Any, slug: str, csv: Path, **options: Any) -> None:
        campaign = Campaign.objects.filter(slug=slug).first()
        if campaign is None:
            raise CommandError(f"no campaign {slug!r}")
        try:
            layout, rows = crm.read_rows(csv.read_bytes(), options["layout"])
        except (OSError, crm.CrmFileError) as error:
            raise CommandError(str(error)) from None
        result = crm.import_signatures(
            actor=AnonymousUser(),
            campaign=campaign,
            layout=layout,
            rows=rows,
            filename=csv.name,
        )
        for line, problem in result.errors:
            self.stderr.write(f"line {line}: {problem}")
        self.stdout.write(
            f"{crm.LAYOUTS[layout].label}: {result.added} added "
            f"({result.subscribed} with consent to updates), {result.duplicates} had already "
            f"signed, {len(result.errors)} refused"
        )
