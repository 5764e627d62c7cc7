"""What staff see and do about the count's honesty: trends (one address hash or domain
signing far more than people do) and bulk actions on the signatures they pick out.

Each signature's own checks are the action core's (actions/checks.py).
"""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from stopalprs.actions.checks import Standing
from stopalprs.audit import services as audit
from stopalprs.campaigns.models import Campaign
from stopalprs.campaigns.services import forget_counts
from stopalprs.emails.services import queue_email
from stopalprs.integrity.models import BulkAction, TrendAlert
from stopalprs.lib.staffers import users_with_perm
from stopalprs.signatures.models import Signature

OK, SUSPECT, INVALID = Standing.OK, Standing.SUSPECT, Standing.INVALID

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
    audit.record(
        actor,
        "signatures.bulk_applied",
        object_type="signature",
        ref=campaign.slug,
        count=action.count,
        detail=f"bulk {kind}: {reason}"[:500],
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
    audit.record(
        actor,
        "signatures.bulk_undone",
        object_type="signature",
        ref=action.campaign.slug,
        count=restored,
        detail=f"undid bulk {action.kind} #{action.pk}",
    )
    return restored
