from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from stopalprs.campaigns.services import load_default_campaign


class Command(BaseCommand):
    help = "Create the built-in campaign (slug stop-alprs) if it does not exist yet. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        campaign, created = load_default_campaign()
        verb = "Created" if created else "Kept existing"
        self.stdout.write(f"{verb} campaign {campaign.slug!r}")
