"""The organizer network: intake with double opt-in, the staff pipeline, hubs, introductions.

Every staff action goes through a function here that writes its audit entry; every email is
queued in the caller's transaction and built at sending time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.signing import BadSignature
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from stopalprs.actions import checks, identity
from stopalprs.actions.checks import NO_PROOF, Door, Proof
from stopalprs.audit import services as audit
from stopalprs.emails.models import Email
from stopalprs.emails.services import queue_email
from stopalprs.lawmakers.models import ZipCode
from stopalprs.lib import events
from stopalprs.lib.fastpath.queries import prepare_upsert
from stopalprs.lib.staffers import users_with_perm
from stopalprs.lib.tokens import make_token, read_token
from stopalprs.organizing.models import TRANSITIONS, Note, Organizer, Status, Tag
from stopalprs.signatures.models import Signature
from stopalprs.watch.models import ContractAction

CONFIRM_SALT = "stopalprs.organizing.confirm"
STAFF_PERM = "organizing.view_organizer_data"

# --------------------------------------------------------------------------------------------
# Intake
# --------------------------------------------------------------------------------------------


def confirmation_token(organizer: Organizer) -> str:
    return make_token(organizer.public_id, salt=CONFIRM_SALT)


class InvalidConfirmation(Exception):
    pass


def organizer_for_token(token: str) -> Organizer:
    try:
        public_id = read_token(
            token,
            salt=CONFIRM_SALT,
            max_age=timedelta(days=settings.CONFIRMATION_MAX_AGE_DAYS),
        )
    except BadSignature:
        raise InvalidConfirmation from None
    organizer = Organizer.objects.filter(public_id=public_id).first()
    if organizer is None:
        raise InvalidConfirmation
    return organizer


def submit_intake(
    *, email: str, proof: Proof = NO_PROOF, language: str = "en", **fields: Any
) -> bool:
    """Store a pending intake and ask the person to confirm; or, for an address already in
    the network, email its owner instead. The caller replies the same either way.

    Through the action core like a signature: the one email check and blind index, and the
    form's integrity checks (rate limits, disposable domains), whose verdict staff see."""
    email = identity.check_email(email)
    check = checks.assess(door=Door.FORM, scope="organize", email=email, proof=proof)
    organizer = Organizer(
        email=email,
        email_index=identity.email_index(email),
        ip_hash=proof.sender,
        fraud_state=check.state,
        fraud_reasons=",".join(check.reasons),
        language=language,
        **fields,
    )
    # One statement, new address or not (a new row, or the old one's count of repeats), then
    # one email queued: the same work either way, so the reply's timing does not tell whether
    # the address is in the network. Past DUPLICATE_NOTICE_LIMIT repeats, the email's builder
    # drops it unsent.
    upsert = prepare_upsert(
        organizer,
        unique=("email_index",),
        on_conflict={"notices_sent": "increment"},
        returning=("pk", "notices_sent"),
    )
    with transaction.atomic():
        organizer_id, repeats = upsert()
        queue_email(
            kind="organizer_duplicate" if repeats else "organizer_confirm",
            organizer_id=organizer_id,
            context={"repeat": repeats},
        )
    return not repeats


@transaction.atomic
def confirm_organizer(*, token: str) -> Organizer:
    """Confirm an intake; the first confirmation sends the welcome and tells staff."""
    # The task module imports this one (its task calls back here): imported when called.
    from stopalprs.organizing.tasks import notify_staff_of_organizer

    organizer = organizer_for_token(token)
    now = timezone.now()
    first = Organizer.objects.filter(pk=organizer.pk, confirmed_at__isnull=True).update(
        confirmed_at=now, last_activity_at=now
    )
    if first:
        queue_email(kind="organizer_welcome", organizer_id=organizer.pk)
        events.publish(events.ORGANIZER_CONFIRMED, object_id=organizer.pk)
        transaction.on_commit(lambda: notify_staff_of_organizer.enqueue(organizer.pk))
    organizer.refresh_from_db()
    return organizer


@transaction.atomic
def notify_staff(*, organizer_id: int) -> int:
    organizer = Organizer.objects.filter(pk=organizer_id).first()
    if organizer is None:
        return 0
    staff = list(users_with_perm(STAFF_PERM))
    for user in staff:
        queue_email(kind="staff_new_organizer", recipient=user.email, organizer_id=organizer.pk)
    return len(staff)


# --------------------------------------------------------------------------------------------
# Staff pipeline: every change is an audit entry
# --------------------------------------------------------------------------------------------


class InvalidTransition(Exception):
    pass


def _changed(actor: Any, organizer: Organizer, verb: str, detail: str) -> None:
    Organizer.objects.filter(pk=organizer.pk).update(last_activity_at=timezone.now())
    audit.record(
        actor,
        verb,
        object_type="organizer",
        ref=str(organizer.public_id),
        count=1,
        detail=detail,
    )


@transaction.atomic
def change_status(*, actor: Any, organizer: Organizer, status: str) -> None:
    if status not in TRANSITIONS.get(organizer.status, set()):
        raise InvalidTransition(f"{organizer.status} → {status}")
    old = organizer.status
    organizer.status = status
    organizer.save(update_fields=["status"])
    _changed(actor, organizer, "organizer.status_changed", f"status {old} → {status}")


@transaction.atomic
def assign(*, actor: Any, organizer: Organizer, assignee: Any | None) -> None:
    organizer.assignee = assignee
    organizer.save(update_fields=["assignee"])
    _changed(
        actor,
        organizer,
        "organizer.assigned",
        f"assigned to {assignee.get_username() if assignee else 'nobody'}",
    )


@transaction.atomic
def set_follow_up(*, actor: Any, organizer: Organizer, when: date | None) -> None:
    organizer.next_follow_up = when
    organizer.save(update_fields=["next_follow_up"])
    _changed(actor, organizer, "organizer.follow_up_set", f"follow-up {when or 'cleared'}")


@transaction.atomic
def set_tags(*, actor: Any, organizer: Organizer, names: list[str]) -> None:
    tags = [Tag.objects.get_or_create(name=n.strip()[:50])[0] for n in names if n.strip()]
    organizer.tags.set(tags)
    _changed(
        actor, organizer, "organizer.tagged", f"tags: {', '.join(t.name for t in tags) or 'none'}"
    )


@transaction.atomic
def add_note(*, actor: Any, organizer: Organizer, text: str) -> Note:
    note = Note.objects.create(organizer=organizer, author=actor, text=text)
    _changed(actor, organizer, "organizer.noted", "added a note")
    return note


@transaction.atomic
def view_organizer(*, actor: Any, public_id: str) -> Organizer | None:
    organizer = Organizer.objects.filter(public_id=public_id).first()
    if organizer is not None:
        audit.record(
            actor,
            "organizer.viewed",
            object_type="organizer",
            ref=str(organizer.public_id),
            count=1,
        )
    return organizer


@transaction.atomic
def list_organizers(*, actor: Any, filters: dict[str, Any], limit: int = 200) -> list[Organizer]:
    """The filtered pipeline, as staff see it (names included, so the look is audited)."""
    qs = Organizer.objects.confirmed().select_related("assignee").prefetch_related("tags")
    for field in ("state", "status", "vendor", "stage"):
        if filters.get(field):
            qs = qs.filter(**{field: filters[field]})
    if filters.get("city"):
        qs = qs.filter(city__iexact=filters["city"])
    if filters.get("help"):
        # JSON list membership works the same on SQLite and PostgreSQL this way.
        qs = qs.filter(help_wanted__icontains=f'"{filters["help"]}"')
    if filters.get("overdue"):
        qs = qs.filter(pk__in=Organizer.objects.overdue().values("pk"))
    found = list(qs[:limit])
    audit.record(
        actor,
        "organizers.listed",
        object_type="organizer",
        count=len(found),
        detail="pipeline list " + ", ".join(f"{k}={v}" for k, v in filters.items() if v),
    )
    return found


@transaction.atomic
def search_organizer(*, actor: Any, email: str) -> Organizer | None:
    index = identity.email_index(email)
    found = Organizer.objects.filter(email_index=index).first()
    audit.record(
        actor,
        "person.searched",
        object_type="organizer",
        count=1 if found else 0,
        detail=f"search by email (blind index {index[:12]}…)",
    )
    return found


# --------------------------------------------------------------------------------------------
# Daily digest
# --------------------------------------------------------------------------------------------


@transaction.atomic
def send_digests() -> int:
    """One email per assignee listing their new and overdue people; nothing if none.

    At most one per person per day, however often it runs (the scheduler enqueues it at every
    start as well as daily).
    """
    today = timezone.now().date()
    mine = Organizer.objects.confirmed().exclude(assignee=None)
    new = mine.filter(status=Status.NEW)
    overdue = mine.filter(next_follow_up__lt=today).exclude(status=Status.CLOSED)
    sent = 0
    for user in get_user_model().objects.filter(is_active=True).exclude(email=""):
        new_ids = [str(p) for p in new.filter(assignee=user).values_list("public_id", flat=True)]
        late = overdue.filter(assignee=user).values_list("public_id", flat=True)
        overdue_ids = [str(p) for p in late]
        already = Email.objects.filter(
            kind="organizer_digest", context__user_id=user.pk, context__day=today.isoformat()
        ).exists()
        if (new_ids or overdue_ids) and not already:
            queue_email(
                kind="organizer_digest",
                recipient=user.email,
                context={
                    "new": new_ids,
                    "overdue": overdue_ids,
                    "day": today.isoformat(),
                    "user_id": user.pk,
                },
            )
            sent += 1
    return sent


# --------------------------------------------------------------------------------------------
# Hubs, introductions, invitations
# --------------------------------------------------------------------------------------------


@dataclass
class Hub:
    city: str
    state: str
    organizers: int
    contract_actions: int = 0


def hubs() -> list[Hub]:
    """Every city with at least one confirmed organizer, biggest first."""
    rows = (
        Organizer.objects.confirmed()
        .values("state", "city")
        .annotate(n=Count("id"))
        .order_by("-n", "state", "city")
    )
    actions = {
        (r["state"], r["city"].lower()): r["n"]
        for r in ContractAction.objects.values("state", "city").annotate(n=Count("id"))
    }
    return [
        Hub(r["city"], r["state"], r["n"], actions.get((r["state"], r["city"].lower()), 0))
        for r in rows
    ]


def hub_zips(city: str, state: str) -> list[str]:
    return list(
        ZipCode.objects.filter(state=state, city__iexact=city).values_list("zip", flat=True)
    )


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(h))


def _city_centres(state: str) -> dict[str, tuple[float, float]]:
    """Where each place of ``state`` is, from one query: the mean coordinates of the ZIP codes
    of each city, of each county ("hays county") and of each other town a ZIP code serves
    ("lago vista"), so a contract of a county or a small town is placed too. A city's own
    ZIP codes win over a county or a town of the same name."""
    sums: dict[str, list[float]] = {}
    minor: dict[str, list[float]] = {}
    rows = ZipCode.objects.filter(state=state, lat__isnull=False, lon__isnull=False)
    for city, county, others, lat, lon in rows.values_list(
        "city", "county", "other_cities", "lat", "lon"
    ):
        if lat is None or lon is None:  # excluded by the query; narrows the type
            continue
        for name, into in (
            (city, sums),
            (county, minor),
            *((other, minor) for other in others.split(";")),
        ):
            if name := name.strip().lower():
                acc = into.setdefault(name, [0.0, 0.0, 0])
                acc[0], acc[1], acc[2] = acc[0] + lat, acc[1] + lon, acc[2] + 1
    return {place: (lat / n, lon / n) for place, (lat, lon, n) in {**minor, **sums}.items()}


@dataclass
class HubDetail:
    hub: Hub
    organizers: list[Organizer]
    signers: int
    actions: list[ContractAction]
    nearby_actions: list[tuple[ContractAction, int]]
    intro_candidates: list[Organizer]
    radius_km: int = 0  # how far "nearby" looked


@transaction.atomic
def hub_detail(*, actor: Any, city: str, state: str) -> HubDetail:
    zips = hub_zips(city, state)
    organizers = list(
        Organizer.objects.confirmed().filter(state=state, city__iexact=city).order_by("status")
    )
    signers = Signature.objects.counted().filter(zip_code__in=zips).count()
    here = list(ContractAction.objects.filter(state=state, city__iexact=city).order_by("date"))
    nearby: list[tuple[ContractAction, int]] = []
    centres = _city_centres(state)
    centre = centres.get(city.lower())
    if centre is not None:
        radius = settings.HUB_RADIUS_KM
        for action in ContractAction.objects.filter(state=state).exclude(city__iexact=city):
            other = centres.get(action.city.lower())
            if other is not None and (d := _distance_km(centre, other)) <= radius:
                nearby.append((action, round(d)))
    audit.record(
        actor,
        "hub.viewed",
        object_type="hub",
        ref=f"{state}/{city}",
        count=len(organizers),
    )
    return HubDetail(
        hub=Hub(city, state, len(organizers), len(here)),
        organizers=organizers,
        signers=signers,
        actions=here,
        nearby_actions=sorted(nearby, key=lambda x: x[1]),
        intro_candidates=intro_candidates(city=city, state=state),
        radius_km=settings.HUB_RADIUS_KM,
    )


def intro_candidates(*, city: str, state: str) -> list[Organizer]:
    """Confirmed organizers who asked to be introduced: in this city, or within
    ``HUB_RADIUS_KM`` of it (by ZIP coordinates)."""
    pool = list(
        Organizer.objects.confirmed()
        .filter(wants_intro=True, state=state)
        .exclude(status=Status.CLOSED)
    )
    centre = _city_centres(state).get(city.lower())
    spots = {
        z: (lat, lon)
        for z, lat, lon in ZipCode.objects.filter(
            zip__in=[p.zip_code for p in pool], lat__isnull=False, lon__isnull=False
        ).values_list("zip", "lat", "lon")
        if lat is not None and lon is not None
    }
    chosen = []
    for person in pool:
        spot = spots.get(person.zip_code)
        if person.city.lower() == city.lower() or (
            centre is not None
            and spot is not None
            and _distance_km(centre, spot) <= settings.HUB_RADIUS_KM
        ):
            chosen.append(person)
    return chosen


class NotEnoughConsent(Exception):
    """Fewer than two of the people chosen asked to be introduced."""


@transaction.atomic
def introduce(*, actor: Any, organizer_ids: list[int]) -> list[Organizer]:
    """Introduce the chosen people to each other — only those who asked to be introduced.

    Staff may pick anyone; whoever did not tick "introduce me" (or has not confirmed) is left
    out here, and again when each email is built, in case they withdrew meanwhile.
    """
    group = list(Organizer.objects.confirmed().filter(pk__in=organizer_ids, wants_intro=True))
    if len(group) < 2:
        raise NotEnoughConsent
    ids = [str(o.public_id) for o in group]
    for person in group:
        others = [i for i in ids if i != str(person.public_id)]
        queue_email(kind="organizer_intro", organizer_id=person.pk, context={"others": others})
        Organizer.objects.filter(pk=person.pk).update(last_activity_at=timezone.now())
    audit.record(
        actor,
        "organizers.introduced",
        object_type="organizer",
        count=len(group),
        detail=f"introduced {len(group)} consenting organizers to each other",
    )
    return group


@transaction.atomic
def invite_signers(*, actor: Any, city: str, state: str) -> int:
    """Invite the hub's confirmed signers who asked for updates to join it (one email each)."""
    seen: set[str] = set()
    invited = 0
    signers = Signature.objects.counted().filter(
        zip_code__in=hub_zips(city, state), send_updates=True, email_index__isnull=False
    )
    for signature_id, email_index in signers.values_list("pk", "email_index"):
        if email_index is None or email_index in seen:
            continue
        seen.add(email_index)
        queue_email(
            kind="hub_invite", signature_id=signature_id, context={"city": city, "state": state}
        )
        invited += 1
    audit.record(
        actor,
        "hub.invited",
        object_type="hub",
        ref=f"{state}/{city}",
        count=invited,
        detail="invited signers who asked for updates to the hub",
    )
    return invited
