from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.tasks import task

from stopalprs.campaigns.models import Campaign
from stopalprs.lawmakers.delivery import deliver


@task()
def prepare_delivery(campaign_id: int, actor_id: int | None) -> int:
    """Build a campaign's packets in the background (100,000 signers take seconds, not a
    request's worth of time). Each run is a new, separately logged delivery."""
    campaign = Campaign.objects.get(pk=campaign_id)
    user = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    actor = user or AnonymousUser()
    return len(deliver(campaign=campaign, out_dir=settings.DELIVERY_DIR, actor=actor))
