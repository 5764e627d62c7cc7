"""The contract watch: jurisdictions, their sourced timelines, the map, and crowd reports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import Truncator

from stopalprs.audit import services as audit
from stopalprs.lawmakers.models import ZipCode
from stopalprs.lib.usmap import state_shapes
from stopalprs.organizing.models import Organizer
from stopalprs.signatures.models import Signature
from stopalprs.watch.alerts import announce_event
from stopalprs.watch.importer import jurisdiction_for, refresh_status
from stopalprs.watch.models import WINS, ContractAction, CrowdReport, Jurisdiction


def search(
    *, q: str = "", state: str = "", status: str = "", vendor: str = ""
) -> QuerySet[Jurisdiction]:
    found = Jurisdiction.objects.prefetch_related("events")
    if q:
        found = found.filter(name__icontains=q)
    if state:
        found = found.filter(state=state.upper())
    if status:
        found = found.filter(status=status)
    if vendor:
        found = found.filter(vendor__icontains=vendor)
    return found


def status_counts() -> list[tuple[str, str, int]]:
    """(value, label, places) for every status at least one place has."""
    counts = Counter(Jurisdiction.objects.values_list("status", flat=True))
    return [(v, str(label), counts[v]) for v, label in Jurisdiction.Status.choices if counts[v]]


@dataclass
class MapState:
    code: str
    name: str
    path: str
    ended: int
    other: int

    @property
    def shade(self) -> str:
        """A fill that also differs in pattern, so the map does not rely on colour alone."""
        if self.ended and not self.other:
            return "ended"
        if self.ended or self.other:
            return "mixed"
        return "none"


def state_map(jurisdictions: QuerySet[Jurisdiction]) -> tuple[str, list[MapState]]:
    ended = Counter(j.state for j in jurisdictions if j.status == Jurisdiction.Status.ENDED)
    other = Counter(j.state for j in jurisdictions if j.status != Jurisdiction.Status.ENDED)
    view_box, shapes = state_shapes()
    states = [MapState(s.code, s.name, s.path, ended[s.code], other[s.code]) for s in shapes]
    return view_box, states


def local_people(jurisdiction: Jurisdiction) -> dict[str, int]:
    """Counts only: how many confirmed signers and organizers live in this place."""
    zips = ZipCode.objects.filter(state=jurisdiction.state, city__iexact=jurisdiction.name)
    return {
        "signers": Signature.objects.counted().filter(zip_code__in=zips.values("zip")).count(),
        "organizers": Organizer.objects.confirmed()
        .filter(state=jurisdiction.state, city__iexact=jurisdiction.name)
        .count(),
    }


def wins() -> QuerySet[ContractAction]:
    return (
        ContractAction.objects.filter(action__in=WINS)
        .select_related("jurisdiction")
        .order_by("-event_date", "city")
    )


def recent_events(limit: int = 50) -> QuerySet[ContractAction]:
    return ContractAction.objects.select_related("jurisdiction").order_by("-event_date", "-pk")[
        :limit
    ]


def upcoming_renewals() -> QuerySet[Jurisdiction]:
    return Jurisdiction.objects.filter(renewal_date__gte=timezone.now().date()).order_by(
        "renewal_date"
    )


KIND_TO_ACTION: dict[str, str] = {
    CrowdReport.Kind.AGENDA: "other",
    CrowdReport.Kind.CONTRACT: "renewed",
    CrowdReport.Kind.RENEWAL: "other",
    CrowdReport.Kind.ENDED: "cancelled",
    CrowdReport.Kind.OTHER: "other",
}


@transaction.atomic
def review_report(*, actor: Any, report: CrowdReport, accept: bool) -> ContractAction | None:
    """Accept a crowd report into the public timeline, or reject it. Audited."""
    if report.status != CrowdReport.Status.PENDING:
        return None
    report.status = CrowdReport.Status.ACCEPTED if accept else CrowdReport.Status.REJECTED
    report.reviewed_at = timezone.now()
    report.save(update_fields=["status", "reviewed_at"])
    event = None
    if accept:
        jurisdiction = jurisdiction_for(report.city, report.state.upper())
        event = ContractAction.objects.create(
            jurisdiction=jurisdiction,
            city=report.city,
            state=report.state.upper(),
            jurisdiction_type=jurisdiction.kind,
            vendor="",
            action=KIND_TO_ACTION[report.kind],
            # The timeline ends each entry with its own full stop.
            action_raw=Truncator(report.description.strip()).chars(200).rstrip(" ."),
            date=report.date.isoformat(),
            date_precision="day",
            source_url=report.source_url,
            compiled_by=f"crowd report #{report.pk}, accepted by staff",
            event_date=report.date,
            notes=report.description,
        )
        if report.kind == CrowdReport.Kind.RENEWAL:
            jurisdiction.renewal_date = report.date
            jurisdiction.save(update_fields=["renewal_date"])
        refresh_status(jurisdiction)
        announce_event(event)
    audit.record(
        actor,
        "report." + report.status,
        object_type="crowd report",
        ref=str(report.pk),
        detail=f"report {report.status}",
    )
    return event


def place_status(*, city: str, state: str) -> Jurisdiction | None:
    """The watch's record for a city, if it has one (for campaign and organizer pages)."""
    if not city or not state:
        return None
    return Jurisdiction.objects.filter(state=state, name__iexact=city).first()
