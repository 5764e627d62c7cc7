from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from stopalprs.campaigns.models import Campaign

pytestmark = pytest.mark.django_db


def test_closing_a_campaign_in_the_admin_starts_its_retention_clock(staff_client, campaign):
    client = staff_client()
    User.objects.filter(username="carol").update(is_superuser=True)
    url = f"/admin/campaigns/campaign/{campaign.pk}/change/"
    form = {
        "slug": campaign.slug,
        "title": campaign.title,
        "summary": campaign.summary,
        "body": campaign.body,
        "ask": campaign.ask,
        "goal": campaign.goal,
        "state": "closed",
        "share_text": campaign.share_text,
        "thank_you_text": campaign.thank_you_text,
    }
    assert client.post(url, form).status_code == 302
    closed = Campaign.objects.get()
    assert closed.state == "closed" and closed.ended_at is not None
    assert client.post(url, {**form, "state": "open"}).status_code == 302
    assert Campaign.objects.get().ended_at is None
