"""Three invented fights for the demo site (`make demo`): one with a vote next week and its
comment window open, one won, one just starting. Names, amounts and addresses are made up;
links point at example.org."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from stopalprs.actions import identity
from stopalprs.fights.models import (
    Comment,
    Contract,
    DecisionMaker,
    Fight,
    Meeting,
    Outcome,
    Stance,
    Tally,
    Vote,
)
from stopalprs.watch.importer import jurisdiction_for

SOURCE = "https://example.org/demo/"
POSITIONS = [
    Stance.Position.OPPOSES,
    Stance.Position.LEANING_NO,
    Stance.Position.UNDECIDED,
    Stance.Position.LEANING_YES,
    Stance.Position.SUPPORTS,
    Stance.Position.UNKNOWN,
]


def _at(day: date, hour: int, minute: int, fight: Fight) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=fight.zone)


def _members(
    fight: Fight, names: list[str], rng: random.Random, today: date
) -> list[DecisionMaker]:
    members = [
        DecisionMaker.objects.create(
            fight=fight,
            name=name,
            role=DecisionMaker.Role.MAYOR if n == 0 else DecisionMaker.Role.COUNCIL,
            seat="" if n == 0 else f"Ward {n}",
            email=f"{name.split()[0].lower()}@council.example.org",
            phone=f"(555) 01{n:02d}-{rng.randint(1000, 9999)}",
            office="City Hall, Room 2" + str(n),
            term_ends=date(today.year + 1 + n % 3, 12, 31),
            order=n,
        )
        for n, name in enumerate(names)
    ]
    DecisionMaker.objects.create(
        fight=fight,
        name="Jordan Pike",
        role=DecisionMaker.Role.CHIEF,
        votes=False,
        email="chief@police.example.org",
        order=99,
    )
    return members


def seed(rng: random.Random) -> int:
    """Create the demo fights unless they exist; how many were made."""
    now = timezone.now()
    today = now.date()
    made = 0

    # 1. A vote next week; written comments open until 4 pm the day before.
    place = jurisdiction_for("Eugene", "OR", "city")
    if not Fight.objects.filter(jurisdiction=place).exists():
        fight = Fight.objects.create(
            jurisdiction=place,
            slug=place.slug,
            status=Fight.Status.RENEWAL,
            time_zone="America/Los_Angeles",
            summary=(
                "The council votes next week on renewing a two-year camera contract that "
                "shares every plate it reads with agencies in other states. Three members "
                "are undecided."
            ),
            summary_es=(
                "El concejo vota la semana que viene si renueva por dos años un contrato de "
                "cámaras que comparte cada matrícula que lee con agencias de otros estados. "
                "Tres miembros no han decidido."
            ),
            group_name="Eugene Plate Privacy (demo)",
            group_contact="hello@plateprivacy.example.org",
            group_meets="Tuesdays, 6 pm, public library",
        )
        Contract.objects.create(
            fight=fight,
            vendor="Flock Safety",
            amount="$187,500 over two years",
            cameras=42,
            starts_on=today - timedelta(days=700),
            ends_on=today + timedelta(days=30),
            renewal_on=today + timedelta(days=30),
            notice_by=today + timedelta(days=12),
            data_sharing="National lookup on; shared with 1,100 agencies",
            termination="Either side may end it with 30 days' written notice.",
            source_url=SOURCE + "eugene-contract.pdf",
            source_title="Contract 2024-117 (demo)",
        )
        members = _members(
            fight,
            ["Alex Moreno", "Bea Lindqvist", "Carl Osei", "Dana Whitfield", "Eli Navarro"],
            rng,
            today,
        )
        for member, position in zip(members, POSITIONS, strict=False):
            Stance.objects.create(
                decision_maker=member,
                position=Stance.Position.UNKNOWN,
                as_of=today - timedelta(days=200),
                source=Stance.Source.OTHER,
            )
            Stance.objects.create(
                decision_maker=member,
                position=position,
                as_of=today - timedelta(days=rng.randint(3, 40)),
                source=rng.choice([Stance.Source.QUOTE, Stance.Source.MEETING]),
                source_url=SOURCE + "eugene-minutes",
            )
        vote_day = today + timedelta(days=7)
        meeting = Meeting.objects.create(
            fight=fight,
            body="Eugene City Council",
            starts_at=_at(vote_day, 19, 0, fight),
            location="Council Chamber, 101 W 10th Ave (demo)",
            remote_url="https://example.org/demo/eugene-live",
            agenda_url=SOURCE + "eugene-agenda",
            item_number="7.B",
            item=Meeting.Item.RENEWAL,
            comment_email="council-comments@eugene.example.org",
            comment_deadline=_at(vote_day - timedelta(days=1), 16, 0, fight),
            word_limit=300,
            read_aloud=True,
            speak_signup="Sign up at the clerk's table before 6:45 pm; three minutes each.",
            starter_text=(
                "I live in Eugene and I ask you to vote no on renewing the license plate "
                "reader contract. It records where every driver goes and shares it far "
                "beyond our city."
            ),
            starter_text_es=(
                "Vivo en Eugene y les pido que voten en contra de renovar el contrato de "
                "lectores de matrículas. Registra a dónde va cada conductor y lo comparte "
                "mucho más allá de nuestra ciudad."
            ),
            announced_at=now,
        )
        for n in range(rng.randint(20, 40)):
            email = f"commenter{n}@example.org"
            Comment.objects.create(
                meeting=meeting,
                position=Comment.Position.OPPOSE,
                body="I oppose the renewal. (demo comment)",
                name=f"Demo Commenter {n}",
                zip_code="97401",
                resident=rng.random() < 0.8,
                email=email,
                email_index=identity.email_index(email),
                confirmed_at=now - timedelta(hours=rng.randint(1, 60)),
            )
        for _ in range(rng.randint(30, 60)):
            Tally.objects.create(
                fight=fight,
                channel=rng.choice([Tally.Channel.CALL, Tally.Channel.EMAIL]),
                day=today - timedelta(days=rng.randint(0, 10)),
            )
        made += 1

    # 2. Won: the council voted not to renew.
    place = jurisdiction_for("Austin", "TX", "city")
    if not Fight.objects.filter(jurisdiction=place).exists():
        fight = Fight.objects.create(
            jurisdiction=place,
            slug=place.slug,
            status=Fight.Status.CANCELLED,
            time_zone="America/Chicago",
            summary=(
                "After three meetings of public comment, the council let the contract lapse "
                "and ordered the stored reads deleted."
            ),
            summary_es=(
                "Tras tres sesiones de comentarios públicos, el concejo dejó vencer el "
                "contrato y ordenó borrar las lecturas guardadas."
            ),
            group_name="Austin Drive Free (demo)",
            group_contact="https://example.org/demo/austin-group",
        )
        Contract.objects.create(
            fight=fight,
            vendor="Flock Safety",
            amount="$112,000 a year",
            cameras=40,
            starts_on=today - timedelta(days=800),
            ends_on=today - timedelta(days=20),
            source_url=SOURCE + "austin-contract.pdf",
        )
        members = _members(
            fight, ["Fern Castillo", "Gil Harmon", "Hana Sato", "Ivo Brandt"], rng, today
        )
        decided = today - timedelta(days=25)
        meeting = Meeting.objects.create(
            fight=fight,
            body="Austin City Council",
            starts_at=_at(decided, 10, 0, fight),
            item=Meeting.Item.RENEWAL,
            comment_portal_url="https://example.org/demo/austin-ecomment",
            comment_deadline=_at(decided - timedelta(days=1), 12, 0, fight),
            announced_at=now,
            deadline_alerted_at=now,
        )
        outcome = Outcome.objects.create(
            fight=fight,
            meeting=meeting,
            decision=Outcome.Decision.NOT_RENEWED,
            decided_on=decided,
            source_url=SOURCE + "austin-minutes",
            announced_at=now,
        )
        for n, member in enumerate(members):
            choice = Vote.Choice.FOR if n == 3 else Vote.Choice.AGAINST
            Vote.objects.create(outcome=outcome, decision_maker=member, choice=choice)
            Stance.objects.create(
                decision_maker=member,
                position=(
                    Stance.Position.SUPPORTS
                    if choice == Vote.Choice.FOR
                    else Stance.Position.OPPOSES
                ),
                as_of=decided,
                source=Stance.Source.VOTE,
                source_url=SOURCE + "austin-minutes",
            )
        made += 1

    # 3. Just starting: a group formed, the facts still being gathered.
    place = jurisdiction_for("Durham", "NC", "city")
    if not Fight.objects.filter(jurisdiction=place).exists():
        fight = Fight.objects.create(
            jurisdiction=place,
            slug=place.slug,
            status=Fight.Status.REVIEW,
            summary=(
                "The police department asked for a camera pilot; the council has not taken it "
                "up yet. Neighbors are filing records requests to learn what was promised."
            ),
            group_name="Durham Neighbors for Privacy (demo)",
        )
        _members(fight, ["Jo Ellison", "Kai Mercer", "Lena Fuentes"], rng, today)
        made += 1
    return made
