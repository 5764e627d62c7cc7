"""A campaign's progress in numbers and pictures: aggregates only, nothing about a person.

Charts are SVG drawn here on the server; every figure in them is also written out as text
(titles, labels, tables), so nothing depends on colour or on seeing the picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from stopalprs.campaigns.models import Campaign, ShareTally
from stopalprs.lib.usmap import state_shapes
from stopalprs.signatures.models import Signature

CHART_DAYS = 60
CHART_WIDTH, CHART_HEIGHT = 600, 160
# Map shading steps: (lowest count, label). Each step is darker than the one before, and each
# state's exact figure is in its title and in the table below the map.
MAP_STEPS = [(1, "1 to 9"), (10, "10 to 99"), (100, "100 to 999"), (1000, "1,000+")]


@dataclass(frozen=True)
class Day:
    day: date
    signed: int
    confirmed: int
    x: float
    width: float
    signed_height: float
    confirmed_height: float

    @property
    def signed_y(self) -> float:
        return round(CHART_HEIGHT - self.signed_height, 1)

    @property
    def confirmed_y(self) -> float:
        return round(CHART_HEIGHT - self.confirmed_height, 1)


@dataclass(frozen=True)
class MapState:
    code: str
    name: str
    path: str
    count: int
    step: int  # 0 = none yet, 1..len(MAP_STEPS)


@dataclass(frozen=True)
class Dashboard:
    counted: int
    online_confirmed: int
    paper: int
    pending: int
    suspect: int
    invalid: int
    confirmation_rate: int | None  # percent of online signatures confirmed
    days: list[Day]
    peak: int
    view_box: str
    states: list[MapState]
    top_states: list[tuple[str, int]]
    top_districts: list[tuple[str, int]]
    top_zips: list[tuple[str, int]]
    channels: list[tuple[str, int]]


def _step(count: int) -> int:
    return sum(1 for low, _ in MAP_STEPS if count >= low)


def _days(campaign: Campaign) -> tuple[list[Day], int]:
    since = timezone.localdate() - timedelta(days=CHART_DAYS - 1)
    rows = (
        Signature.objects.filter(campaign=campaign, created_at__date__gte=since)
        .exclude(fraud_state=Signature.FraudState.INVALID)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(signed=Count("id"), confirmed=Count("id", filter=Q(status="confirmed")))
    )
    by_day = {r["day"]: (r["signed"], r["confirmed"]) for r in rows}
    peak = max((s for s, _ in by_day.values()), default=0)
    width = CHART_WIDTH / CHART_DAYS
    scale = CHART_HEIGHT / peak if peak else 0
    days = []
    for i in range(CHART_DAYS):
        day = since + timedelta(days=i)
        signed, confirmed = by_day.get(day, (0, 0))
        days.append(
            Day(
                day,
                signed,
                confirmed,
                round(i * width, 1),
                round(width * 0.8, 1),
                round(signed * scale, 1),
                round(confirmed * scale, 1),
            )
        )
    return days, peak


def build(campaign: Campaign) -> Dashboard:
    signatures = Signature.objects.filter(campaign=campaign)
    tally = signatures.aggregate(
        counted=Count("id", filter=Q(status="confirmed", fraud_state="ok")),
        online=Count("id", filter=Q(source="online") & ~Q(fraud_state="invalid")),
        online_confirmed=Count(
            "id", filter=Q(source="online", status="confirmed") & ~Q(fraud_state="invalid")
        ),
        paper=Count("id", filter=Q(source="paper", fraud_state="ok")),
        pending=Count("id", filter=Q(status="pending") & ~Q(fraud_state="invalid")),
        suspect=Count("id", filter=Q(fraud_state="suspect")),
        invalid=Count("id", filter=Q(fraud_state="invalid")),
    )
    counted = signatures.counted()

    def top(field: str, limit: int = 10) -> list[tuple[str, int]]:
        rows = (
            counted.exclude(**{field: ""})
            .values_list(field)
            .annotate(n=Count("id"))
            .order_by("-n", field)[:limit]
        )
        return [(key, n) for key, n in rows]

    by_state = dict(top("state", 60))
    view_box, shapes = state_shapes()
    days, peak = _days(campaign)
    channels = (
        ShareTally.objects.filter(campaign=campaign, repeat=False)
        .values_list("channel")
        .annotate(n=Count("id"))
        .order_by("-n", "channel")
    )
    online = tally["online"]
    return Dashboard(
        counted=tally["counted"],
        online_confirmed=tally["online_confirmed"],
        paper=tally["paper"],
        pending=tally["pending"],
        suspect=tally["suspect"],
        invalid=tally["invalid"],
        confirmation_rate=round(100 * tally["online_confirmed"] / online) if online else None,
        days=days,
        peak=peak,
        view_box=view_box,
        states=[
            MapState(
                s.code, s.name, s.path, by_state.get(s.code, 0), _step(by_state.get(s.code, 0))
            )
            for s in shapes
        ],
        top_states=list(by_state.items())[:10],
        top_districts=top("district"),
        top_zips=top("zip_code"),
        channels=list(channels),
    )
