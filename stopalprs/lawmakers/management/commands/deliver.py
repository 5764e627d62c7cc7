from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from stopalprs.campaigns.models import Campaign
from stopalprs.lawmakers.delivery import deliver


class Command(BaseCommand):
    help = (
        "Write a delivery packet (PDF letter + CSV by ZIP) for every target of a campaign with "
        "at least one confirmed signer, each committed to by a Merkle root, and log them."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("slug")
        parser.add_argument("--out", type=Path, required=True, help="Folder to write into.")

    def handle(self, *args: Any, slug: str, out: Path, **options: Any) -> None:
        campaign = Campaign.objects.filter(slug=slug).first()
        if campaign is None:
            raise CommandError(f"no campaign {slug!r}")
        started = time.monotonic()
        # From the command line there is no request user: the audit entry names the system.
        deliveries = deliver(campaign=campaign, out_dir=out, actor=AnonymousUser())
        for d in deliveries:
            self.stdout.write(f"{d.signature_count:>8,}  {d.target_name} ({d.jurisdiction})")
        total = sum(d.signature_count for d in deliveries)
        self.stdout.write(
            f"{len(deliveries)} packets, {total:,} signatures counted, "
            f"in {time.monotonic() - started:.1f} s → {out / campaign.slug}"
        )
