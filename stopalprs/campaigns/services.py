"""Campaign counts and open data.

Counts are never kept in a counter row that every signature would update (the hot row that
brought down UK Parliament's petitions site in 2019). The public figure is an aggregate over
confirmed signatures, served from the cache for ``COUNT_CACHE_SECONDS``: one query per campaign
per interval, whatever the traffic, and never staler than that interval.
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from stopalprs.audit import services as audit
from stopalprs.campaigns import default_campaign as d
from stopalprs.campaigns.models import Campaign
from stopalprs.campaigns.share import CHANNELS
from stopalprs.lib import events
from stopalprs.lib.memo import forgettable
from stopalprs.signatures.models import Signature

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Counts:
    total: int
    # Of the total, signatures copied in from paper sheets.
    paper: int
    by_state: dict[str, int]
    by_district: dict[str, int]
    updated_at: datetime

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            total=self.total + other.total,
            paper=self.paper + other.paper,
            by_state=_sum(self.by_state, other.by_state),
            by_district=_sum(self.by_district, other.by_district),
            updated_at=max(self.updated_at, other.updated_at),
        )


def _sum(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    if not b:
        return a
    total = Counter(a)
    total.update(b)
    return dict(sorted(total.items()))


def page_key(slug: str, language: str, prefix: str = "/", channel: str = "") -> str:
    """The cache key of a campaign page with a blank form, per language, URL prefix (its
    links differ under /es/) and share channel (it changes where the form posts to, so the
    channel can be tallied)."""
    return f"campaign-page:v3:{slug}:{language}:{prefix}:{channel}"


def _counts_key(campaign_id: int) -> str:
    return f"campaign-counts:v3:{campaign_id}"


def _snapshot_key(campaign_id: int) -> str:
    return f"campaign-count-snapshot:v1:{campaign_id}"


# A signature confirmed this long before a snapshot is taken is in it. The margin covers a
# confirmation whose transaction is still open while the snapshot is counted: its time is
# before the snapshot's, its row not yet visible to it.
SNAPSHOT_MARGIN = timedelta(seconds=30)


def public_counts(campaign: Campaign) -> Counts:
    key = _counts_key(campaign.pk)
    counts: Counts | None = cache.get(key)
    if counts is None:
        counts = _snapshot_and_since(campaign)
        cache.set(key, counts, settings.COUNT_CACHE_SECONDS)
    return counts


def _snapshot_and_since(campaign: Campaign) -> Counts:
    """Every counted signature: a snapshot taken at most COUNT_SNAPSHOT_SECONDS ago, plus
    those confirmed since it. Counting a whole campaign takes a second at a million
    signatures; counting the last minute's takes a millisecond, so the count stays fresh
    every COUNT_CACHE_SECONDS whatever the size of the campaign. A signature that stops
    counting (withdrawn, erased, held back) leaves the figure with the next snapshot."""
    key = _snapshot_key(campaign.pk)
    snapshot: tuple[datetime, Counts] | None = cache.get(key)
    if snapshot is None:
        watermark = timezone.now() - SNAPSHOT_MARGIN
        snapshot = (watermark, _count(campaign, until=watermark))
        cache.set(key, snapshot, settings.COUNT_SNAPSHOT_SECONDS)
    watermark, counts = snapshot
    return counts + _count(campaign, since=watermark)


def forget_counts(campaign_id: int) -> None:
    """After a change the next snapshot would catch late (signatures imported with their old
    confirmation dates, signatures held back or restored): count afresh once it commits."""
    keys = [_counts_key(campaign_id), _snapshot_key(campaign_id)]
    transaction.on_commit(lambda: cache.delete_many(keys))


def recount() -> dict[str, int]:
    """Reconcile every public count with the stored signatures; return the drift found.

    Counts are computed from the signatures themselves, so drift can only be a cached figure
    that went stale (a cache that lost its expiry, a clock jump). Run nightly; any drift is
    logged and the cached figure replaced.
    """
    drift = {}
    for campaign in Campaign.objects.all():
        cached: Counts | None = cache.get(_counts_key(campaign.pk))
        fresh = _count(campaign)
        if cached is not None and cached.total != fresh.total:
            drift[campaign.slug] = fresh.total - cached.total
            logger.warning("count drift on %s: %+d", campaign.slug, drift[campaign.slug])
        cache.delete(_snapshot_key(campaign.pk))
        cache.set(_counts_key(campaign.pk), fresh, settings.COUNT_CACHE_SECONDS)
    return drift


def _count(
    campaign: Campaign, *, until: datetime | None = None, since: datetime | None = None
) -> Counts:
    """Counted signatures, all of them or those confirmed ``until``/``since`` a moment (one
    without a confirmation time counts as confirmed long ago)."""
    signatures = Signature.objects.counted().filter(campaign=campaign)
    if until is not None:
        signatures = signatures.filter(Q(confirmed_at__lte=until) | Q(confirmed_at=None))
    if since is not None:
        signatures = signatures.filter(confirmed_at__gt=since)
    # One grouped query gives both breakdowns.
    rows = signatures.values_list("state", "district", "source").annotate(n=Count("id")).order_by()
    by_state: dict[str, int] = {}
    by_district: dict[str, int] = {}
    paper = 0
    for state, district, source, n in rows:
        if source == Signature.Source.PAPER:
            paper += n
        by_state[state] = by_state.get(state, 0) + n
        if district:
            by_district[district] = by_district.get(district, 0) + n
    return Counts(
        total=sum(by_state.values()),
        paper=paper,
        by_state=dict(sorted(by_state.items())),
        by_district=dict(sorted(by_district.items())),
        updated_at=timezone.now(),
    )


def progress_percent(campaign: Campaign, counts: Counts) -> int:
    if campaign.goal <= 0:
        return 100
    return min(100, counts.total * 100 // campaign.goal)


def open_data(campaign: Campaign) -> dict[str, object]:
    """The campaign's public JSON: aggregates only, never anything about a person."""
    counts = public_counts(campaign)
    return {
        "slug": campaign.slug,
        "title": campaign.title,
        "state": campaign.state,
        "goal": campaign.goal,
        "signature_count": counts.total,
        "paper_signature_count": counts.paper,
        "signatures_by_state": counts.by_state,
        "signatures_by_district": counts.by_district,
        "updated_at": counts.updated_at.isoformat(),
    }


def note_state_change(campaign: Campaign) -> None:
    """Stamp when a campaign stopped taking signatures (starts its retention clock), or clear
    the stamp when it reopens. Call before saving a state change."""
    ended = campaign.state in {Campaign.State.CLOSED, Campaign.State.WON}
    if ended and campaign.ended_at is None:
        campaign.ended_at = timezone.now()
    elif not ended:
        campaign.ended_at = None


def load_default_campaign() -> tuple[Campaign, bool]:
    """Create the built-in campaign once; later runs leave staff's edits alone."""
    campaign, created = Campaign.objects.get_or_create(
        slug=d.SLUG,
        defaults={
            "title": d.TITLE,
            "summary": d.SUMMARY,
            "body": d.BODY,
            "ask": d.ASK,
            "goal": 100_000,
            "state": Campaign.State.OPEN,
            "share_text": d.SHARE_TEXT,
            "thank_you_text": d.THANK_YOU,
            "translations": {"es": d.SPANISH},
        },
    )
    if not created and not campaign.translations:  # made before it had a Spanish text
        campaign.translations = {"es": d.SPANISH}
        campaign.save(update_fields=["translations"])
    return campaign, created


HOSTNAME_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def is_plausible_hostname(value: str) -> bool:
    """A bare host name such as ``mastodon.social``: no scheme, path, port or user."""
    labels = value.split(".")
    return len(labels) >= 2 and len(value) <= 253 and all(HOSTNAME_LABEL.match(x) for x in labels)


def urlencode_text(text: str) -> str:
    return urlencode({"text": text})


@transaction.atomic
def save_campaign(
    *, actor: Any, campaign: Campaign, translations: dict[str, dict[str, str]]
) -> Campaign:
    """Create or change a campaign from the staff form; live at /c/<slug>/ on commit."""
    created = campaign.pk is None
    stored = None if created else Campaign.objects.filter(pk=campaign.pk).first()
    if stored is not None and stored.state != campaign.state:
        note_state_change(campaign)
    before = audit.snapshot(stored, AUDITED_FIELDS) if stored is not None else {}
    campaign.translations = translations
    campaign.save()
    after = audit.snapshot(campaign, AUDITED_FIELDS)
    changed = audit.changes(before, after)
    _audit(
        actor,
        campaign,
        "campaign.created" if created else "campaign.edited",
        "created the campaign"
        if created
        else "edited the campaign: " + (", ".join(changed["after"]) or "nothing changed"),
        **changed,
    )
    _forget_cached(campaign)
    return campaign


@transaction.atomic
def mark_won(
    *, actor: Any, campaign: Campaign, message: str, message_es: str = "", notify: bool
) -> Campaign:
    """Mark a campaign won: the message replaces the sign form. Telling the signers is the
    updates app's (``updates.services.declare_victory`` does both)."""
    if campaign.state != Campaign.State.WON:  # saying it again changes the text, not the news
        events.publish(events.CAMPAIGN_WON, object_id=campaign.pk, campaign_id=campaign.pk)
    campaign.state = Campaign.State.WON
    note_state_change(campaign)
    campaign.victory_message = message
    if message_es:
        translations = dict(campaign.translations or {})
        translations["es"] = {**translations.get("es", {}), "victory_message": message_es}
        campaign.translations = translations
    campaign.save()
    _audit(
        actor,
        campaign,
        "campaign.won",
        "declared victory" + (" and emailed supporters" if notify else ""),
    )
    _forget_cached(campaign)
    return campaign


# What an edit's audit entry shows before and after (all of a campaign's own content).
AUDITED_FIELDS = [
    f.name
    for f in Campaign._meta.concrete_fields
    if f.name not in ("id", "created_at", "updated_at")
]


def _audit(actor: Any, campaign: Campaign, verb: str, detail: str, **data: Any) -> None:
    audit.record(actor, verb, object_type="campaign", ref=campaign.slug, detail=detail, data=data)


# A second ahead of the shared cache, in each process: reading the campaign from the cache
# (unpickling it) on every signature was 5% of its cost.
_MEMO_SECONDS = 1.0
_memo: dict[str, tuple[float, Campaign]] = {}
forgettable(_memo.clear)


def public_campaign(slug: str) -> Campaign | None:
    """The public campaign at ``slug``, as of at most PAGE_CACHE_SECONDS + 1 s ago (staff
    edits in this process show at once). Shared: callers must not change it."""
    now = time.monotonic()
    memo = _memo.get(slug) if settings.PAGE_CACHE_SECONDS else None
    if memo is not None and memo[0] > now:
        return memo[1]
    key = f"campaign:v1:{slug}"
    campaign: Campaign | None = cache.get(key)
    if campaign is None:
        campaign = Campaign.objects.public().filter(slug=slug).first()
        if campaign is None:
            return None
        cache.set(key, campaign, settings.PAGE_CACHE_SECONDS)
    if settings.PAGE_CACHE_SECONDS:
        _memo[slug] = (now + min(_MEMO_SECONDS, settings.PAGE_CACHE_SECONDS), campaign)
    return campaign


def _forget_cached(campaign: Campaign) -> None:
    """Drop the cached campaign and its pages so staff see their change at once."""
    keys = [f"campaign:v1:{campaign.slug}", f"open-data:v1:{campaign.slug}"]
    transaction.on_commit(lambda: _memo.pop(campaign.slug, None))
    prefixes = ["/", *(f"/{code}/" for code, _ in settings.LANGUAGES)]
    keys += [
        page_key(campaign.slug, language, prefix, channel)
        for language, _ in settings.LANGUAGES
        for prefix in prefixes
        for channel in ("", *CHANNELS)
    ]
    transaction.on_commit(lambda: cache.delete_many(keys))
