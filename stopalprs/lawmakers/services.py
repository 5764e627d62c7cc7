"""Who represents a signer: offline, from the reference tables, never a network call."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlencode, urlsplit

from django.core.cache import cache

from stopalprs.campaigns.models import Campaign
from stopalprs.lawmakers.models import CustomTarget, Legislator, ZipCode
from stopalprs.lawmakers.states import STATES
from stopalprs.lib.fastpath.queries import PreparedQuery
from stopalprs.lib.memo import forgettable
from stopalprs.lib.zipcodes import normalize

DISTRICT_RE = re.compile(r"^([A-Z]{2})-(\d{1,2})$")

# States with two senators: everything but DC and the territories.
NO_SENATORS = {"DC", "PR", "GU", "VI", "AS", "MP"}

# Where a signer can look up their state legislators when we cannot tell them: a plain link.
STATE_FINDER_FALLBACK = "https://openstates.org/find_your_legislator/"


def zip_code(raw: str) -> ZipCode | None:
    code = normalize(raw)
    return _zip_code(code) if code else None


@lru_cache(maxsize=50_000)
def _zip_code(code: str) -> ZipCode | None:
    # Reference data changes only when `import_lawmakers` runs; processes started after an
    # import see the new rows (runstack restarts them), so a per-process memo is safe.
    return _ZIP_CODE.first(code)


forgettable(_zip_code.cache_clear)


# Compiled once: on a miss, building the query cost ten times what running it does.
_ZIP_CODE = PreparedQuery(lambda: ZipCode.objects.filter(zip="00000")[:1])


@dataclass(frozen=True)
class Seat:
    """Where a signer is represented: their state and congressional district."""

    state: str
    district: str  # "" where none applies (military mail) or the signer could not say
    district_unknown: bool = False  # a split ZIP code and no district given


class SeatError(ValueError):
    """The ZIP code needs an answer the row does not give; the message says which."""


def seat_for(place: ZipCode, *, district: str = "", state: str = "") -> Seat:
    """The seat of a signer in ``place``, from the answers an import row or form gives.

    The same questions the sign form asks: which state, for military mail; which district,
    for a ZIP code split between several (left unknown when not given: the signer still
    counts for the state's senators).
    """
    state, district = state.strip().upper(), district.strip().upper()
    districts = place.district_list
    if place.needs_state:
        if state not in STATES:
            raise SeatError(
                f"ZIP code {place.zip} is military mail: give the state where the signer votes "
                f"(a state column)"
            )
        return Seat(state=state, district="")
    if len(districts) == 1:
        return Seat(state=place.state, district=districts[0])
    if not district:
        return Seat(state=place.state, district="", district_unknown=True)
    if district not in districts:
        raise SeatError(
            f"district {district} is not one of ZIP code {place.zip}'s: {', '.join(districts)}"
        )
    return Seat(state=place.state, district=district)


def split_district(code: str) -> tuple[str, str] | None:
    """``"CA-11"`` → ``("CA", "11")``; None if ``code`` is not a district code."""
    match = DISTRICT_RE.match(code or "")
    return (match.group(1), str(int(match.group(2)))) if match else None


def legislature_url(state: str) -> str:
    """The state legislature's own site, taken from its members' official pages."""
    key = f"legislature-url:{state}"
    url = cache.get(key)
    if url is None:
        urls = Legislator.objects.filter(
            state=state, chamber__in=["upper", "lower", "legislature"]
        ).values_list("url", flat=True)
        origins = Counter(
            f"{p.scheme}://{p.netloc}/" for p in map(urlsplit, urls) if p.scheme and p.netloc
        )
        url = origins.most_common(1)[0][0] if origins else STATE_FINDER_FALLBACK
        cache.set(key, url, 24 * 3600)
    return url


@dataclass
class YourLawmakers:
    state: str
    district: str = ""
    zip_code: str = ""
    house: Legislator | None = None
    house_vacant: bool = False
    senators: list[Legislator] = field(default_factory=list)
    state_legislators: list[Legislator] = field(default_factory=list)
    legislature_url: str = ""
    custom: list[CustomTarget] = field(default_factory=list)

    @property
    def federal(self) -> list[Legislator]:
        return [*([self.house] if self.house else []), *self.senators]

    @property
    def any(self) -> bool:
        return bool(self.federal or self.state_legislators or self.custom or self.house_vacant)


def lawmakers_for(
    *, campaign: Campaign, state: str, district: str = "", zip_code: str = "", city: str = ""
) -> YourLawmakers:
    """The campaign's targets that represent a signer in ``state`` (and ``district``)."""
    found = YourLawmakers(state=state, district=district, zip_code=zip_code)
    members = Legislator.objects.prefetch_related("offices")
    seat = split_district(district)
    if campaign.target_house and seat:
        found.house = members.filter(
            chamber=Legislator.Chamber.HOUSE, state=seat[0], district=seat[1]
        ).first()
        found.house_vacant = found.house is None
    if campaign.target_senate and state not in NO_SENATORS:
        # senior before junior
        found.senators = list(
            members.filter(chamber=Legislator.Chamber.SENATE, state=state).order_by("-rank")
        )
    if campaign.target_state_legislature:
        # No ZIP → state-district data is shipped, so the delegation is never guessed:
        # the signer gets the legislature's own lookup instead.
        found.legislature_url = legislature_url(state)
    found.custom = [
        target
        for target in campaign.custom_targets.all()
        if target.covers(zip_code=zip_code, city=city, state=state)
    ]
    return found


def place_query(*, zip_code: str, state: str, district: str) -> str:
    """The query string that lets an after-signing page name the signer's lawmakers."""
    return urlencode({"zip": zip_code, "state": state, "district": district})


def lawmakers_from_query(campaign: Campaign, query: dict[str, str]) -> YourLawmakers | None:
    """Read ``place_query``'s parameters back, trusting nothing in them."""
    place = zip_code(query.get("zip", ""))
    state = query.get("state", "")
    if place is None or state not in STATES:
        return None
    district = query.get("district", "")
    if district not in place.district_list:
        district = ""
    return lawmakers_for(
        campaign=campaign, state=state, district=district, zip_code=place.zip, city=place.city
    )
