"""Fights: what the public pages show, and what staff record (stances, votes, outcomes).

Every change staff make here is audited with its source; recording an outcome updates the
fight, its stance board, the watch's timeline and the wins page in one transaction, and
queues the result alert (``fights.alerts``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from stopalprs.audit import services as audit
from stopalprs.campaigns.models import Campaign
from stopalprs.fights import alerts
from stopalprs.fights.models import (
    Comment,
    DecisionMaker,
    Fight,
    Meeting,
    Outcome,
    Stance,
    Tally,
    Vote,
)
from stopalprs.lawmakers.models import CustomTarget, ZipCode
from stopalprs.lib.usmap import state_shapes
from stopalprs.signatures.models import Signature
from stopalprs.watch.importer import refresh_status
from stopalprs.watch.models import ContractAction, Jurisdiction

UPCOMING_DAYS = 30

# A recorded decision as the watch's timeline says it (watch.models.STATUS_AFTER, WINS).
WATCH_ACTION: dict[str, str] = {
    Outcome.Decision.CANCELLED: "cancelled",
    Outcome.Decision.NOT_RENEWED: "not_renewed",
    Outcome.Decision.PAUSED: "paused",
    Outcome.Decision.APPROVED: "renewed",
    Outcome.Decision.POSTPONED: "other",
}
FIGHT_STATUS: dict[str, str] = {
    Outcome.Decision.CANCELLED: Fight.Status.CANCELLED,
    Outcome.Decision.NOT_RENEWED: Fight.Status.CANCELLED,
    Outcome.Decision.PAUSED: Fight.Status.PAUSED,
    Outcome.Decision.APPROVED: Fight.Status.APPROVED,
}
# How a member's vote reads on the stance board.
VOTE_STANCE: dict[str, str] = {
    Vote.Choice.AGAINST: Stance.Position.OPPOSES,
    Vote.Choice.FOR: Stance.Position.SUPPORTS,
}


def public_fights() -> QuerySet[Fight]:
    return Fight.objects.filter(published=True).select_related("jurisdiction")


def fight_page(slug: str) -> Fight | None:
    members = DecisionMaker.objects.prefetch_related("stances")
    return (
        public_fights()
        .prefetch_related(
            Prefetch("decision_makers", queryset=members),
            "contracts",
            "outcomes__votes__decision_maker",
        )
        .filter(slug=slug)
        .first()
    )


def upcoming_meetings(fights: QuerySet[Fight] | None = None, *, days: int = UPCOMING_DAYS):
    """Meetings from now to ``days`` ahead where the contract is on the table."""
    now = timezone.now()
    found = Meeting.objects.filter(
        fight__published=True, starts_at__gte=now, starts_at__lte=now + timedelta(days=days)
    ).select_related("fight__jurisdiction")
    if fights is not None:
        found = found.filter(fight__in=fights)
    return found.order_by("starts_at")


def next_meeting(fight: Fight) -> Meeting | None:
    return fight.meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()


def recent_wins(limit: int = 10) -> QuerySet[Outcome]:
    return (
        Outcome.objects.filter(
            fight__published=True,
            decision__in=[Outcome.Decision.CANCELLED, Outcome.Decision.NOT_RENEWED],
        )
        .select_related("fight__jurisdiction")
        .order_by("-decided_on")[:limit]
    )


@dataclass
class MapState:
    code: str
    name: str
    path: str
    fights: int
    won: int

    @property
    def shade(self) -> str:
        if self.won and self.won == self.fights:
            return "ended"
        return "mixed" if self.fights else "none"


def fight_map(fights: QuerySet[Fight]) -> tuple[str, list[MapState]]:
    """The states with fights, drawn from our own shapes (no map tiles from anyone)."""
    total = Counter(f.jurisdiction.state for f in fights)
    won = Counter(f.jurisdiction.state for f in fights if f.won)
    view_box, shapes = state_shapes()
    return view_box, [MapState(s.code, s.name, s.path, total[s.code], won[s.code]) for s in shapes]


def fights_near(*, city: str, state: str) -> list[Fight]:
    """The signer's own city first, then their state's other fights."""
    if not state:
        return []
    found = list(public_fights().filter(jurisdiction__state=state))
    found.sort(key=lambda f: (f.jurisdiction.name.lower() != city.lower(), f.jurisdiction.name))
    return found[:3]


def place_zips(jurisdiction: Jurisdiction) -> list[str]:
    return list(
        ZipCode.objects.filter(state=jurisdiction.state, city__iexact=jurisdiction.name)
        .values_list("zip", flat=True)
        .distinct()
    )


@dataclass
class Counts:
    """Counts only, never who: what the fight page and the open data say."""

    comments: int = 0
    comments_delivered: int = 0
    portal_handoffs: int = 0
    signatures_inside: int = 0
    signatures_outside: int = 0
    contacts: dict[str, int] = field(default_factory=dict)


def counts(fight: Fight) -> Counts:
    confirmed = Comment.objects.filter(meeting__fight=fight, confirmed_at__isnull=False).exclude(
        fraud_state=Signature.FraudState.INVALID
    )
    tallies = dict(Tally.objects.filter(fight=fight).values_list("channel").annotate(n=Count("pk")))
    found = Counts(
        comments=confirmed.count(),
        comments_delivered=confirmed.filter(delivery__status="sent").count(),
        portal_handoffs=tallies.pop(Tally.Channel.PORTAL, 0),
        contacts=tallies,
    )
    if fight.petition_id:
        signed = Signature.objects.counted().filter(campaign_id=fight.petition_id)
        zips = place_zips(fight.jurisdiction)
        found.signatures_inside = signed.filter(zip_code__in=zips).count()
        found.signatures_outside = signed.exclude(zip_code__in=zips).count()
    return found


def tally(*, fight: Fight, channel: str) -> None:
    """One contact, by channel and day only (insert-only: no counter row to fight over)."""
    Tally.objects.create(fight=fight, channel=channel)


# -- what staff record ----------------------------------------------------------------------


@transaction.atomic
def record_outcome(
    *,
    actor: Any,
    fight: Fight,
    decision: str,
    decided_on: date,
    source_url: str,
    meeting: Meeting | None = None,
    votes: dict[int, str] | None = None,
    note: str = "",
    announce: bool = True,
) -> Outcome:
    """Record what the council decided: the fight's status, each member's vote on the board,
    an event on the watch's timeline (and so the wins page), and the result alert to the
    place's followers and signers, once each."""
    outcome = Outcome.objects.create(
        fight=fight,
        meeting=meeting,
        decision=decision,
        decided_on=decided_on,
        source_url=source_url,
        note=note,
    )
    members = {m.pk: m for m in fight.decision_makers.all()}
    for member_id, choice in (votes or {}).items():
        member = members.get(member_id)
        if member is None or not choice:
            continue
        Vote.objects.create(outcome=outcome, decision_maker=member, choice=choice)
        if choice in VOTE_STANCE:
            Stance.objects.create(
                decision_maker=member,
                position=VOTE_STANCE[choice],
                as_of=decided_on,
                source=Stance.Source.VOTE,
                source_url=source_url,
                note=(meeting.body if meeting else "")[:300],
            )
    if decision in FIGHT_STATUS:
        fight.status = FIGHT_STATUS[decision]
        fight.save(update_fields=["status", "updated_at"])
    place = fight.jurisdiction
    ContractAction.objects.create(
        jurisdiction=place,
        city=place.name,
        state=place.state,
        jurisdiction_type=place.kind,
        vendor=place.vendor,
        action=WATCH_ACTION[decision],
        action_raw=f"{meeting.body if meeting else 'Council'}: {outcome.get_decision_display()}",
        date=decided_on.isoformat(),
        date_precision="day",
        source_url=source_url,
        compiled_by="stopalprs staff, from the fight page",
        verified="yes",
        event_date=decided_on,
        notes=note,
    )
    refresh_status(place)
    audit.record(
        actor,
        "outcome.recorded",
        outcome,
        object_type="fight outcome",
        detail=f"{fight}: {decision} on {decided_on}",
        data={"decision": decision, "source_url": source_url, "votes": votes or {}},
    )
    if announce:
        alerts.announce_outcome(outcome)
    return outcome


@transaction.atomic
def create_petition(*, actor: Any, fight: Fight) -> Campaign:
    """The local petition: a campaign addressed to the fight's voting members, whose packet
    goes to them with the place's own residents (people outside the place are counted apart
    on the fight's page and in its open data)."""
    if fight.petition_id:
        return fight.petition  # type: ignore[return-value]
    place = fight.jurisdiction
    campaign = Campaign.objects.create(
        slug=slugify(f"{fight.slug}-vote-no")[:50],
        title=f"{place.name}: end the license plate reader contract",
        summary=(
            f"Ask the {place.name} decision makers to cancel the ALPR contract and keep "
            "our movements off a private company's servers."
        ),
        ask=(
            f"We ask you to vote to end {place.name}'s automated license plate reader "
            "contract, and not to renew or expand it."
        ),
        goal=500,
        state=Campaign.State.OPEN,
        target_house=False,
        target_senate=False,
        target_state_legislature=False,
    )
    zips = " ".join(place_zips(place))
    for member in fight.decision_makers.filter(votes=True):
        CustomTarget.objects.create(
            campaign=campaign,
            name=member.name,
            office=f"{member.get_role_display()}, {place.name}",
            email=member.email,
            phone=member.phone,
            url=member.web_form,
            zip_codes=zips,
            city=place.name,
            state=place.state,
        )
    fight.petition = campaign
    fight.save(update_fields=["petition", "updated_at"])
    audit.record(actor, "petition.created", campaign, object_type="campaign", detail=str(fight))
    return campaign


def board(fight: Fight) -> list[tuple[DecisionMaker, Stance | None]]:
    """The "where they stand" board: each member with their latest stance."""
    return [(member, member.stance) for member in fight.decision_makers.all()]


def board_summary(fight: Fight) -> dict[str, int]:
    summary: Counter[str] = Counter()
    for member, stance in board(fight):
        if member.votes:
            summary[stance.position if stance else Stance.Position.UNKNOWN] += 1
    return dict(summary)


def search(q: str = "") -> QuerySet[Fight]:
    found = public_fights()
    if q:
        found = found.filter(Q(jurisdiction__name__icontains=q) | Q(jurisdiction__state=q.upper()))
    return found
