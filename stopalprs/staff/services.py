"""Staff access to personal data. Every function here writes its audit entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from stopalprs.actions import identity
from stopalprs.audit import services as audit
from stopalprs.campaigns.models import Campaign
from stopalprs.lawmakers.models import Delivery
from stopalprs.lawmakers.tasks import prepare_delivery
from stopalprs.signatures.models import Signature


@transaction.atomic
def search_people(*, actor: Any, email: str) -> list[Signature]:
    """Signatures made with exactly this address (in canonical form), on every campaign."""
    index = identity.email_index(email)
    found = list(Signature.objects.filter(email_index=index).select_related("campaign"))
    audit.record(
        actor,
        "person.searched",
        object_type="signature",
        count=len(found),
        # The searched address is itself personal data: the entry keeps only its hash.
        detail=f"search by email (blind index {index[:12]}…)",
    )
    return found


@transaction.atomic
def view_signature(*, actor: Any, public_id: str) -> Signature | None:
    signature = Signature.objects.select_related("campaign").filter(public_id=public_id).first()
    if signature is not None:
        audit.record(
            actor,
            "person.viewed",
            object_type="signature",
            ref=str(signature.public_id),
            count=1,
        )
    return signature


def request_delivery(*, actor: Any, campaign: Campaign) -> None:
    """Queue the building of delivery packets; it starts once the caller's transaction commits."""
    transaction.on_commit(lambda: prepare_delivery.enqueue(campaign.pk, actor.pk))


@transaction.atomic
def open_delivery_file(*, actor: Any, delivery: Delivery, name: str) -> Path | None:
    """The path of one of a delivery's files, after recording that staff opened it."""
    if name not in delivery.files:
        return None
    path = (settings.DELIVERY_DIR / name).resolve()
    if not path.is_relative_to(settings.DELIVERY_DIR.resolve()) or not path.is_file():
        return None
    audit.record(
        actor,
        "delivery.viewed",
        object_type="delivery",
        ref=name,
        count=delivery.named_count,
        detail="downloaded a delivery packet file",
    )
    return path
