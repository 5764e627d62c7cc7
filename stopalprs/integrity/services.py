"""Keeping the count honest without watching signers.

Signals come only from what a signature already carries: the day's address hash, the email
domain, a honeypot field, an optional proof-of-work. None of them blocks anyone: a signature
that trips one is stored as *suspect* (or *invalid*), the signer sees the same pages and gets
the same email, and staff decide. Raw addresses are never used or kept.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import Any

import altcha
from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS
from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from stopalprs.campaigns.models import Campaign
from stopalprs.campaigns.services import forget_counts
from stopalprs.emails.services import queue_email
from stopalprs.integrity.models import BulkAction, TrendAlert
from stopalprs.privacy.models import AuditEntry
from stopalprs.privacy.services import Access, record_access
from stopalprs.signatures.models import Signature

OK, SUSPECT, INVALID = (
    Signature.FraudState.OK,
    Signature.FraudState.SUSPECT,
    Signature.FraudState.INVALID,
)

# --------------------------------------------------------------------------------------------
# Rate limits
# --------------------------------------------------------------------------------------------


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()[:100]


def limits_for(campaign: Campaign) -> dict[str, tuple[int, int]]:
    merged = dict(settings.RATE_LIMITS)
    for name, value in (campaign.rate_limits or {}).items():
        if name in merged and isinstance(value, list | tuple) and len(value) == 2:
            merged[name] = (int(value[0]), int(value[1]))
    return merged


def _hit(key: str, window: int) -> int:
    """Count one event under ``key``, kept for two windows; return the count so far.
    Atomic on Redis, so every web process shares the count. One cache operation in the
    common case (the key exists); creating it is the rare path."""
    for _ in range(2):
        try:
            return int(caches["limits"].incr(key))
        except ValueError:  # the first event of this window, or the key just expired
            if caches["limits"].add(key, 1, timeout=2 * window + 5):
                return 1
            # another process created it between our two calls: count on it
    return 1


def sliding_counts(windows: list[tuple[str, int]], now: float) -> list[float]:
    """For each ``(prefix, window)``, events in the last ``window`` seconds, counting this
    one: the current fixed window plus the previous one weighted by how much of it still
    overlaps. Unlike plain fixed windows, a burst straddling a window boundary cannot slip
    through at twice the limit. The previous windows are read in one cache call."""
    keys = [
        (f"{prefix}:{int(now // window)}", f"{prefix}:{int(now // window) - 1}")
        for prefix, window in windows
    ]
    current = [_hit(key, window) for (key, _), (_, window) in zip(keys, windows, strict=True)]
    previous = caches["limits"].get_many([key for _, key in keys])
    return [
        count + int(previous.get(key, 0)) * (1 - (now % window) / window)
        for count, (_, key), (_, window) in zip(current, keys, windows, strict=True)
    ]


def rate_reasons(*, campaign: Campaign, ip_hash: str, domain: str) -> list[str]:
    """Record one signing attempt; return the limits it goes over."""
    now = timezone.now().timestamp()
    subjects = [("ip", ip_hash)] if ip_hash else []
    if domain and domain not in settings.COMMON_EMAIL_DOMAINS:
        subjects.append(("domain", domain))
    limits = limits_for(campaign)
    checks = []
    for dimension, value in subjects:
        for kind in ("burst", "sustained"):
            limit, window = limits[f"{dimension}_{kind}"]
            prefix = f"rl:{campaign.pk}:{dimension}:{value}:{window}"
            checks.append((f"{dimension}_{kind}", limit, prefix, window))
    counts = sliding_counts([(prefix, window) for _, _, prefix, window in checks], now)
    return [
        reason for (reason, limit, _, _), count in zip(checks, counts, strict=True) if count > limit
    ]


# --------------------------------------------------------------------------------------------
# Proof of work (ALTCHA, self-hosted)
# --------------------------------------------------------------------------------------------


def altcha_key() -> str:
    return f"altcha:{settings.SECRET_KEY}"


def new_challenge() -> dict[str, Any]:
    challenge = altcha.create_challenge_v1(
        altcha.ChallengeOptionsV1(
            hmac_key=altcha_key(),
            max_number=settings.ALTCHA_MAX_NUMBER,
            expires=dt.datetime.now(tz=dt.UTC) + timedelta(minutes=30),
        )
    )
    return {
        "algorithm": challenge.algorithm,
        "challenge": challenge.challenge,
        "maxnumber": challenge.max_number,
        "salt": challenge.salt,
        "signature": challenge.signature,
    }


def proof_of_work(payload: str) -> str:
    """'none' (no JavaScript: fine), 'ok', or 'bad' (forged, expired or replayed)."""
    if not payload:
        return "none"
    try:
        ok, _error = altcha.verify_solution_v1(payload, altcha_key(), check_expires=True)
        signature = json.loads(base64.b64decode(payload))["signature"]
    except (ValueError, KeyError, TypeError):
        return "bad"
    if not ok:
        return "bad"
    # One solution, one signature: a solved challenge replayed by a script is caught here.
    return "ok" if caches["limits"].add(f"altcha-used:{signature}", 1, timeout=3600) else "bad"


# --------------------------------------------------------------------------------------------
# Assessment of one signature
# --------------------------------------------------------------------------------------------


@dataclass
class Assessment:
    state: str = OK
    reasons: list[str] = field(default_factory=list)

    def flag(self, state: str, reason: str) -> None:
        self.reasons.append(reason)
        if state == INVALID or self.state == OK:
            self.state = state


def assess(
    *, campaign: Campaign, ip_hash: str, email: str, honeypot: str, pow_payload: str
) -> Assessment:
    result = Assessment()
    domain = email_domain(email)
    if honeypot:
        result.flag(INVALID, "honeypot")
    for reason in rate_reasons(campaign=campaign, ip_hash=ip_hash, domain=domain):
        result.flag(SUSPECT, reason)
    if domain in DISPOSABLE_DOMAINS:
        result.flag(SUSPECT, "disposable")
    if proof_of_work(pow_payload) == "bad":
        result.flag(SUSPECT, "bad_pow")
    return result


# --------------------------------------------------------------------------------------------
# "Did you mean …?"
# --------------------------------------------------------------------------------------------

KNOWN_DOMAINS = [
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "icloud.com",
    "aol.com",
    "comcast.net",
    "protonmail.com",
    "proton.me",
    "live.com",
    "msn.com",
    "att.net",
    "verizon.net",
    "sbcglobal.net",
    "ymail.com",
    "me.com",
]


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance: a swapped pair of letters counts as one typo."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def suggest_email(email: str) -> str | None:
    """``alice@gmial.com`` → ``alice@gmail.com``; None when the domain looks right."""
    local, _at, domain = email.rpartition("@")
    fixed = _suggest_domain(domain.lower())
    return f"{local}@{fixed}" if local and fixed else None


@lru_cache(maxsize=4096)
def _suggest_domain(domain: str) -> str | None:
    if domain in KNOWN_DOMAINS:
        return None
    # Only domains of about the same length can be two typos away.
    near = [k for k in KNOWN_DOMAINS if abs(len(k) - len(domain)) <= 2]
    best = min(near, key=lambda known: _distance(domain, known), default=None)
    if best is not None and 0 < _distance(domain, best) <= 2:
        return best
    return None


# --------------------------------------------------------------------------------------------
# Trending
# --------------------------------------------------------------------------------------------


@transaction.atomic
def find_trends(*, hour: dt.datetime | None = None) -> list[TrendAlert]:
    """Record (once) and announce every address hash or domain over its threshold in the
    hour starting at ``hour`` (default: the last full hour)."""
    if hour is None:
        hour = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    window = Signature.objects.filter(
        created_at__gte=hour, created_at__lt=hour + timedelta(hours=1)
    )
    found: list[TrendAlert] = []
    checks = [
        ("ip", "ip_hash", settings.TRENDING_IP_THRESHOLD, window.exclude(ip_hash="")),
        (
            "domain",
            "email_domain",
            settings.TRENDING_DOMAIN_THRESHOLD,
            window.exclude(email_domain="").exclude(email_domain__in=settings.COMMON_EMAIL_DOMAINS),
        ),
    ]
    for kind, column, threshold, rows in checks:
        grouped = (
            rows.values("campaign_id", column).annotate(n=Count("id")).filter(n__gte=threshold)
        )
        for row in grouped:
            try:
                with transaction.atomic():
                    alert = TrendAlert.objects.create(
                        campaign_id=row["campaign_id"],
                        hour=hour,
                        kind=kind,
                        value=row[column],
                        count=row["n"],
                    )
            except IntegrityError:
                continue  # already announced
            found.append(alert)
    if found:
        from stopalprs.staff.access import users_with_perm

        for user in users_with_perm("integrity.view_trendalert"):
            queue_email(
                kind="trend_alert",
                recipient=user.email,
                context={"alerts": [a.pk for a in found]},
            )
    return found


# --------------------------------------------------------------------------------------------
# Bulk invalidation and clearing
# --------------------------------------------------------------------------------------------

CRITERIA = ("email_domain", "ip_hash", "zip_code", "state", "since", "until", "fraud_state")


def matching(campaign: Campaign, criteria: dict[str, str]) -> QuerySet[Signature]:
    qs = Signature.objects.filter(campaign=campaign)
    for name in ("email_domain", "ip_hash", "zip_code", "state", "fraud_state"):
        if criteria.get(name):
            qs = qs.filter(**{name: criteria[name]})
    if criteria.get("since"):
        qs = qs.filter(created_at__gte=criteria["since"])
    if criteria.get("until"):
        qs = qs.filter(created_at__lt=criteria["until"])
    return qs


@transaction.atomic
def apply_bulk(
    *, actor: Any, campaign: Campaign, kind: str, criteria: dict[str, str], reason: str
) -> BulkAction:
    """Invalidate (or clear) every signature matching ``criteria``; record how to undo it."""
    target = INVALID if kind == BulkAction.Kind.INVALIDATE else OK
    rows = matching(campaign, criteria).exclude(fraud_state=target)
    action = BulkAction.objects.create(
        campaign=campaign,
        kind=kind,
        criteria=criteria,
        reason=reason,
        actor=actor,
        count=0,
    )
    for state in (OK, SUSPECT, INVALID):
        rows.filter(fraud_state=state).update(
            prior_fraud_state=state, fraud_state=target, bulk_action=action
        )
    action.count = Signature.objects.filter(bulk_action=action).count()
    action.save(update_fields=["count"])
    forget_counts(campaign.pk)
    record_access(
        actor=actor,
        access=Access(
            action=AuditEntry.Action.CHANGE,
            object_type="signature",
            object_ref=campaign.slug,
            record_count=action.count,
            detail=f"bulk {kind}: {reason}"[:500],
        ),
    )
    return action


@transaction.atomic
def undo_bulk(*, actor: Any, action: BulkAction) -> int:
    if action.undone_at is not None:
        return 0
    restored = 0
    for state in (OK, SUSPECT, INVALID):
        restored += Signature.objects.filter(bulk_action=action, prior_fraud_state=state).update(
            fraud_state=state, prior_fraud_state="", bulk_action=None
        )
    action.undone_at = timezone.now()
    action.save(update_fields=["undone_at"])
    forget_counts(action.campaign_id)
    record_access(
        actor=actor,
        access=Access(
            action=AuditEntry.Action.CHANGE,
            object_type="signature",
            object_ref=action.campaign.slug,
            record_count=restored,
            detail=f"undid bulk {action.kind} #{action.pk}",
        ),
    )
    return restored
