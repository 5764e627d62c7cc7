from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from stopalprs.fights.models import Contract, DecisionMaker, Fight, Meeting, Stance
from stopalprs.lawmakers.models import ZipCode
from stopalprs.watch.importer import jurisdiction_for


@pytest.fixture
def fight(db) -> Fight:
    place = jurisdiction_for("Springfield", "IL", "city")
    ZipCode.objects.get_or_create(zip="62701", defaults={"state": "IL", "city": "Springfield"})
    found = Fight.objects.create(
        jurisdiction=place,
        slug=place.slug,
        status=Fight.Status.RENEWAL,
        time_zone="America/Chicago",
        summary="The council votes on renewing the cameras.",
        summary_es="El concejo vota si renueva las cámaras.",
        group_name="Springfield Privacy",
    )
    Contract.objects.create(
        fight=found,
        vendor="Flock Safety",
        amount="$90,000 a year",
        cameras=25,
        source_url="https://example.org/contract.pdf",
        source_title="Contract 12",
    )
    for n, name in enumerate(["Ada Quill", "Bo Reyes", "Cy Tran"]):
        member = DecisionMaker.objects.create(
            fight=found,
            name=name,
            seat=f"Ward {n + 1}",
            email=f"m{n}@council.example.org",
            phone="(217) 555-010" + str(n),
            order=n,
        )
        Stance.objects.create(
            decision_maker=member,
            position=Stance.Position.UNDECIDED,
            as_of=timezone.now().date() - timedelta(days=30),
            source=Stance.Source.MEETING,
        )
    return found


@pytest.fixture
def meeting(fight) -> Meeting:
    now = timezone.now()
    return Meeting.objects.create(
        fight=fight,
        body="Springfield City Council",
        starts_at=now + timedelta(days=3),
        item_number="7.B",
        comment_email="clerk@springfield.example.org",
        comment_deadline=now + timedelta(days=2),
        word_limit=50,
        starter_text="I ask you to vote no.",
        starter_text_es="Les pido que voten no.",
    )
