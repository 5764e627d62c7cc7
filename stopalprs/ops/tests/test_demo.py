"""make demo: invented data on its own database, marked as a demo, never on a real site."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from stopalprs.fights.models import Fight
from stopalprs.organizing.models import Organizer
from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db


def test_the_demo_data_is_refused_outside_the_demo(settings, campaign):
    settings.DEMO = False
    with pytest.raises(CommandError, match="DEMO"):
        call_command("seed_demo", signatures=10)
    assert not Signature.objects.exists()


def test_the_demo_fills_the_site_once_and_says_it_is_a_demo(settings, campaign, client):
    settings.DEMO = True
    out = io.StringIO()
    call_command("seed_demo", signatures=200, stdout=out)
    assert "invented" in out.getvalue()
    signatures = Signature.objects.filter(campaign=campaign)
    assert signatures.count() == 200
    assert 120 < signatures.filter(status="confirmed").count() < 200
    days = {s.created_at.date() for s in signatures}
    assert len(days) > 20  # spread over the sixty days, as a living campaign's are
    assert all(s.email.endswith("@example.org") for s in signatures[:20])  # nobody real
    # Each signer in one district, as the form places them (a split ZIP's districts are one
    # string in the reference data: a signature holds only the one picked).
    assert all(";" not in d and len(d) <= 6 for d in signatures.values_list("district", flat=True))
    assert Organizer.objects.values("city").distinct().count() >= 5
    call_command("seed_demo", signatures=200, stdout=io.StringIO())  # again: nothing doubled
    assert signatures.count() == 200
    for url in ("/", "/es/", "/organize/", "/fights/"):
        html = client.get(url).content.decode()
        assert 'class="demo-banner"' in html, url
    # Three fights at different stages: a vote next week with its comment window open, a
    # win, one just starting; and not doubled by a second run.
    fights = {f.status: f for f in Fight.objects.all()}
    assert set(fights) == {"renewal", "cancelled", "review"}
    index = client.get("/fights/").content.decode()
    assert "<svg" in index and all(f.get_absolute_url() in index for f in fights.values())
    soon = fights["renewal"].meetings.get()
    assert soon.comments_open() and timedelta(days=6) < soon.starts_at - timezone.now()
    page = client.get(fights["renewal"].get_absolute_url()).content.decode()
    assert "example.org/demo/eugene-contract.pdf" in page  # facts with their source
    assert "Leaning against" in page and "300 words" in page
    assert fights["cancelled"].outcomes.get().won


def test_the_demo_banner_speaks_the_pages_language(settings, campaign, client):
    settings.DEMO = True
    assert (
        "every name, signature and place on it is invented" in client.get("/en/").content.decode()
    )
    assert "son inventados" in client.get("/es/").content.decode()


def test_a_real_site_shows_no_demo_banner(settings, campaign, client):
    settings.DEMO = False
    assert "demo-banner" not in client.get("/").content.decode()
