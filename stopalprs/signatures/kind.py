"""The signature as an action kind: what manage-my-data and the retention job need of it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from stopalprs.actions import kinds
from stopalprs.campaigns.models import Campaign
from stopalprs.privacy.models import DeletionLog
from stopalprs.signatures.models import Signature


def held(email_index: str) -> QuerySet[Signature]:
    return Signature.objects.filter(email_index=email_index).select_related("campaign")


def export(email_index: str) -> list[dict[str, Any]]:
    return [
        {
            "campaign": s.campaign.title,
            "campaign_url": s.campaign.get_absolute_url(),
            "first_name": s.first_name,
            "last_name": s.last_name,
            "email": s.email,
            "zip_code": s.zip_code,
            "state": s.state,
            "comment": s.comment,
            "send_updates": s.send_updates,
            "language": s.language,
            "status": s.status,
            "signed_at": s.created_at.isoformat(),
            "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
            "address_hash_kept": bool(s.ip_hash),
        }
        for s in held(email_index)
    ]


def _before(setting: str) -> Any:
    return timezone.now() - timedelta(days=getattr(settings, setting))


def unconfirmed() -> QuerySet[Signature]:
    # Their queued emails go with them (cascade).
    return Signature.objects.pending().filter(created_at__lt=_before("UNCONFIRMED_RETENTION_DAYS"))


def with_address_hash() -> QuerySet[Signature]:
    return Signature.objects.filter(created_at__lt=_before("IP_HASH_RETENTION_DAYS")).exclude(
        ip_hash="", email_domain=""
    )


def of_ended_campaigns() -> QuerySet[Signature]:
    cutoff = _before("CLOSED_CAMPAIGN_RETENTION_DAYS")
    ended = [c.pk for c in Campaign.objects.all() if c.ended and c.ended <= cutoff]
    return Signature.objects.filter(campaign_id__in=ended, anonymized_at__isnull=True)


def anonymized_fields() -> dict[str, Any]:
    """Everything personal but ZIP and state, so counts never change."""
    return {
        "first_name": "",
        "last_name": "",
        "email": "",
        "comment": "",
        "email_index": None,
        "ip_hash": "",
        "send_updates": False,
        "anonymized_at": timezone.now(),
    }


SIGNATURE = kinds.Kind(
    name="signature",
    export_as="signatures",
    held=held,
    export=export,
    announce_as="signature",
    purges=(
        kinds.Purge(log_as=DeletionLog.Kind.UNCONFIRMED, rows=unconfirmed),
        kinds.Purge(
            log_as=DeletionLog.Kind.IP_HASHES,
            rows=with_address_hash,
            strip=lambda: {"ip_hash": "", "email_domain": ""},
        ),
        kinds.Purge(
            log_as=DeletionLog.Kind.ANONYMIZED, rows=of_ended_campaigns, strip=anonymized_fields
        ),
    ),
)
