from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from stopalprs.privacy.tokens import manage_token
from stopalprs.watch import alerts
from stopalprs.watch.models import CrowdReport, Follow, Jurisdiction

pytestmark = pytest.mark.django_db
FOLLOW_LINK = re.compile(r"http://testserver(/watch/follow/[^\s/\"]+/)")


def follow(client, email, capture, tasks, outbox, slug="tx-austin") -> str:
    with capture(execute=True):
        client.post(f"/watch/{slug}/follow/", {"email": email})
    tasks()
    link = FOLLOW_LINK.search(outbox[-1].body)
    assert link
    return link.group(1)


def test_following_needs_confirmation_and_events_reach_confirmed_followers_only(
    client, staff_client, outbox, tasks, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    link = follow(client, "fay@example.org", capture, tasks, outbox)
    assert "Confirm" in client.get(link).content.decode()
    assert Follow.objects.get().confirmed_at is None  # GET changes nothing
    client.post(link, {"action": "confirm"})
    follow(client, "gus@example.org", capture, tasks, outbox)  # never confirms
    outbox.clear()
    report = CrowdReport.objects.create(
        city="Austin",
        state="TX",
        kind="agenda",
        date=timezone.now().date(),
        description="Council will hear a new Flock proposal.",
        source_url="https://example.org/a",
    )
    with capture(execute=True):
        staff_client().post("/staff/watch/reports/", {"report": report.pk, "decision": "accept"})
    tasks()
    assert [m.to for m in outbox] == [["fay@example.org"]]
    assert "Council will hear a new Flock proposal" in outbox[0].body
    assert "https://example.org/a" in outbox[0].body


def test_renewals_within_60_days_are_announced_once(
    client, outbox, tasks, django_capture_on_commit_callbacks
):
    link = follow(client, "fay@example.org", django_capture_on_commit_callbacks, tasks, outbox)
    client.post(link, {"action": "confirm"})
    outbox.clear()
    austin = Jurisdiction.objects.get(slug="tx-austin")
    austin.renewal_date = timezone.now().date() + timedelta(days=90)
    austin.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.announce_renewals() == 0  # too far away yet
        austin.renewal_date = timezone.now().date() + timedelta(days=45)
        austin.save()
        assert alerts.announce_renewals() == 1
        assert alerts.announce_renewals() == 0  # once per date
    tasks()
    assert "comes up for renewal" in outbox[0].subject


def test_the_stop_link_deletes_the_follow(
    client, outbox, tasks, django_capture_on_commit_callbacks
):
    link = follow(client, "fay@example.org", django_capture_on_commit_callbacks, tasks, outbox)
    client.post(link, {"action": "stop"})
    assert not Follow.objects.exists()


def test_following_again_replies_the_same_and_erasure_removes_it(
    client, outbox, tasks, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    with capture(execute=True):
        first = client.post("/watch/tx-austin/follow/", {"email": "fay@example.org"})
        second = client.post("/watch/tx-austin/follow/", {"email": "FAY@example.org"})
    assert first.content == second.content and Follow.objects.count() == 1
    manage = f"/privacy/manage/{manage_token('fay@example.org')}/"
    assert client.post(manage, {"action": "export"}).json()["places_followed"] == ["Austin, TX"]
    client.post(manage, {"action": "erase"})
    assert not Follow.objects.exists()
