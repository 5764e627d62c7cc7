"""Fill the demo site (`make demo`) with invented people: signatures over sixty days,
organizers in several cities, and three local fights at different stages. Refuses to run
unless DEMO is set, so it can never touch a real site's database."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from stopalprs.actions import identity
from stopalprs.actions.checks import Door
from stopalprs.campaigns.models import Campaign
from stopalprs.fights.demo import seed as seed_fights
from stopalprs.lawmakers.models import ZipCode
from stopalprs.ops.services import prepare_database
from stopalprs.organizing.models import Organizer, Role, Stage, UsesAlpr, Vendor
from stopalprs.signatures.models import Signature
from stopalprs.signatures.services import new_signature

FIRST = [
    "Ana",
    "Ben",
    "Chloe",
    "Diego",
    "Esther",
    "Farid",
    "Grace",
    "Hiro",
    "Imani",
    "Jonas",
    "Kavya",
    "Luis",
    "Maya",
    "Noah",
    "Olga",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
]
LAST = [
    "Alvarez",
    "Brooks",
    "Chen",
    "Diallo",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Johnson",
    "Kim",
    "Lopez",
    "Moreau",
    "Nguyen",
    "Okafor",
    "Patel",
    "Reyes",
    "Smith",
]
COMMENTS = [
    "",
    "",
    "",
    "Cameras on every corner of my street.",
    "Nobody asked us.",
    "Our council renewed it without a word.",
    "Where does the data go?",
]
CITIES = [
    ("Austin", "TX", "78701"),
    ("Denver", "CO", "80202"),
    ("Oakland", "CA", "94612"),
    ("Springfield", "IL", "62701"),
    ("Durham", "NC", "27701"),
    ("Eugene", "OR", "97401"),
]
BATCH = 500


class Command(BaseCommand):
    help = "Fill the demo database with invented signatures and organizers (DEMO only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--signatures", type=int, default=3000)
        parser.add_argument("--seed", type=int, default=22)

    def handle(self, *args: Any, signatures: int, seed: int, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError("seed_demo runs only on the demo site (DEMO=True, make demo).")
        prepare_database()  # migrated, the default campaign, reference data: as make run has it
        campaign = Campaign.objects.get(slug="stop-alprs")
        rng = random.Random(seed)  # noqa: S311 - invented data, not secrets
        fights = seed_fights(rng)
        if Signature.objects.filter(campaign=campaign).exists():
            self.stdout.write("The demo already has its data: nothing to add.")
            return
        places = ZipCode.objects.exclude(state="").exclude(districts="")
        zips = list(places.values_list("zip", "state", "districts"))
        if not zips:
            raise CommandError("No ZIP codes loaded: run make demo, which loads them first.")
        now = timezone.now()
        rows = []
        for n in range(signatures):
            code, state, districts = rng.choice(zips)
            signed = now - timedelta(days=60 * rng.random() ** 1.5, minutes=rng.randint(0, 600))
            confirmed = rng.random() < 0.85
            rows.append(
                new_signature(
                    campaign=campaign,
                    # Invented people, copied in like an import: no rate limit applies.
                    door=Door.IMPORT,
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    email=f"demo{n}@example.org",
                    zip_code=code,
                    state=state,
                    # A split ZIP code: the district its signer picked on the form.
                    district=rng.choice(districts.split(";")),
                    comment=rng.choice(COMMENTS),
                    share_name=rng.random() < 0.4,
                    send_updates=rng.random() < 0.5,
                    status=Signature.Status.CONFIRMED if confirmed else Signature.Status.PENDING,
                    created_at=signed,
                    confirmed_at=signed + timedelta(minutes=5) if confirmed else None,
                )
            )
        for start in range(0, len(rows), BATCH):
            with transaction.atomic():
                Signature.objects.bulk_create(rows[start : start + BATCH])
        organizers = []
        for n, (city, state, code) in enumerate(CITIES * 4):
            email = f"organizer{n}@example.org"
            organizers.append(
                Organizer(
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    email=email,
                    email_index=identity.email_index(email),
                    city=city,
                    state=state,
                    zip_code=code,
                    role=rng.choice(Role.values),
                    uses_alpr=rng.choice(UsesAlpr.values),
                    vendor=rng.choice(Vendor.values),
                    stage=rng.choice(Stage.values),
                    wants_intro=rng.random() < 0.6,
                    confirmed_at=now - timedelta(days=rng.randint(1, 50)),
                )
            )
        Organizer.objects.bulk_create(organizers)
        self.stdout.write(
            f"Demo data: {len(rows):,} signatures over 60 days, {len(organizers)} organizers in "
            f"{len(CITIES)} cities, {fights} local fights. Every one of them is invented."
        )
