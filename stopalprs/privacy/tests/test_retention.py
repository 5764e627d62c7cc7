from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stopalprs.actions import kinds
from stopalprs.actions.senders import hash_ip
from stopalprs.campaigns.models import Campaign
from stopalprs.emails.models import Email
from stopalprs.privacy.models import DailyKey, DeletionLog
from stopalprs.privacy.services import enforce_retention
from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def make_signature(campaign, n, *, status="confirmed", days_ago=0, **extra) -> Signature:
    return Signature.objects.create(
        campaign=campaign,
        first_name=f"First{n}",
        last_name="Last",
        email=f"p{n}@example.org",
        email_index=f"index{n}",
        comment="why",
        zip_code="94110",
        state="CA",
        status=status,
        created_at=NOW - timedelta(days=days_ago),
        **extra,
    )


def logged(kind) -> int:
    return sum(DeletionLog.objects.filter(kind=kind).values_list("count", flat=True))


def test_unconfirmed_signatures_go_after_seven_days(campaign):
    make_signature(campaign, 1, status="pending", days_ago=6)
    old = make_signature(campaign, 2, status="pending", days_ago=8)
    Email.objects.create(kind="signature_confirm", signature=old)
    make_signature(campaign, 3, status="confirmed", days_ago=30)
    enforce_retention()
    assert set(Signature.objects.values_list("first_name", flat=True)) == {"First1", "First3"}
    assert not Email.objects.exists()  # its queued mail went with it
    assert logged(DeletionLog.Kind.UNCONFIRMED) == 1


def test_address_hashes_and_their_keys_go_after_seven_days(campaign):
    with time_machine.travel(NOW - timedelta(days=9)):
        old_hash = hash_ip("198.51.100.1")
    make_signature(campaign, 1, days_ago=9, ip_hash=old_hash)
    make_signature(campaign, 2, days_ago=1, ip_hash=hash_ip("198.51.100.2"))
    enforce_retention()
    assert dict(Signature.objects.values_list("first_name", "ip_hash")) == {
        "First1": "",
        "First2": hash_ip("198.51.100.2"),
    }
    assert list(DailyKey.objects.values_list("day", flat=True)) == [NOW.date()]
    assert logged(DeletionLog.Kind.IP_HASHES) == 1


def test_a_closed_campaigns_signers_are_anonymized_after_90_days_and_still_count(
    client, campaign, make_campaign
):
    closed = make_campaign(state=Campaign.State.CLOSED, ended_at=NOW - timedelta(days=91))
    recent = make_campaign(state=Campaign.State.CLOSED, ended_at=NOW - timedelta(days=89))
    for n in range(3):
        make_signature(closed, n, days_ago=100)
    make_signature(recent, 9, days_ago=100)
    make_signature(campaign, 10, days_ago=100)  # still open
    before = client.get(f"/c/{closed.slug}.json").json()
    enforce_retention()
    after = client.get(f"/c/{closed.slug}.json").json()
    assert after["signature_count"] == before["signature_count"] == 3
    assert after["signatures_by_state"] == {"CA": 3}
    anonymized = Signature.objects.filter(campaign=closed)
    assert all(s.first_name == s.email == s.comment == "" for s in anonymized)
    assert all(s.email_index is None and s.zip_code == "94110" for s in anonymized)
    assert Signature.objects.filter(anonymized_at__isnull=True).count() == 2
    assert logged(DeletionLog.Kind.ANONYMIZED) == 3


def test_a_past_close_date_starts_the_clock_too(make_campaign):
    c = make_campaign(closes_at=NOW - timedelta(days=120))
    make_signature(c, 1, days_ago=150)
    enforce_retention()
    assert Signature.objects.get().anonymized_at is not None


def test_records_of_sent_email_go_after_30_days(campaign):
    Email.objects.create(kind="signature_confirm", status="sent", created_at=NOW - timedelta(31))
    Email.objects.create(kind="signature_confirm", status="sent", created_at=NOW - timedelta(29))
    Email.objects.create(kind="signature_confirm", created_at=NOW - timedelta(31))  # not sent
    enforce_retention()
    assert Email.objects.count() == 2
    assert logged(DeletionLog.Kind.EMAILS) == 1


def test_running_twice_changes_nothing_more(campaign):
    make_signature(campaign, 1, status="pending", days_ago=8)
    assert enforce_retention()[DeletionLog.Kind.UNCONFIRMED] == 1
    assert enforce_retention()[DeletionLog.Kind.UNCONFIRMED] == 0
    assert logged(DeletionLog.Kind.UNCONFIRMED) == 1


def test_the_public_deletion_log_shows_counts_only(client, campaign):
    make_signature(campaign, 1, status="pending", days_ago=8)
    enforce_retention()
    html = client.get("/privacy/deletions/").content.decode()
    assert "Unconfirmed signatures deleted" in html and "<td>1</td>" in html
    assert "First1" not in html and "example.org" not in html


def test_the_privacy_page_states_each_period(client, db, settings):
    settings.CLOSED_CAMPAIGN_RETENTION_DAYS = 45
    html = client.get("/privacy/").content.decode()
    assert "45 days after the campaign ends" in html
    assert "7 days. After that, the secret key" in html
    assert "24 months" in html


def test_unconfirmed_organizers_go_after_seven_days_and_inactive_ones_after_24_months(db):
    from stopalprs.organizing.tests.helpers import confirmed_organizer

    confirmed_organizer(1, confirmed_at=None, created_at=NOW - timedelta(days=8))
    confirmed_organizer(2, confirmed_at=None, created_at=NOW - timedelta(days=6))
    confirmed_organizer(3, last_activity_at=NOW - timedelta(days=731))
    confirmed_organizer(4, last_activity_at=NOW - timedelta(days=700))
    enforce_retention()
    from stopalprs.organizing.models import Organizer

    assert sorted(Organizer.objects.values_list("email_index", flat=True)) == ["idx2", "idx4"]
    assert logged(DeletionLog.Kind.ORGANIZERS_UNCONFIRMED) == 1
    assert logged(DeletionLog.Kind.ORGANIZERS_INACTIVE) == 1


def test_the_purge_goes_a_chunk_per_transaction_and_finishes(campaign, monkeypatch):
    """On SQLite a transaction holds the one write lock: the retention job must let signers
    in between its chunks, and still delete everything due in one run."""
    for n in range(7):
        make_signature(campaign, n, status="pending", days_ago=30)
    make_signature(campaign, 99, status="pending", days_ago=1)
    monkeypatch.setattr(kinds, "PURGE_CHUNK", 3)
    with CaptureQueriesContext(connection) as queries:
        done = enforce_retention()
    assert done[DeletionLog.Kind.UNCONFIRMED] == 7
    assert list(Signature.objects.values_list("first_name", flat=True)) == ["First99"]
    deletes = [
        q["sql"] for q in queries if q["sql"].startswith('DELETE FROM "signatures_signature"')
    ]
    assert len(deletes) == 3  # 3 + 3 + 1 rows, each in its own transaction
    savepoints = [q for q in queries if "SAVEPOINT" in q["sql"] and "RELEASE" not in q["sql"]]
    assert len(savepoints) >= 3  # (a test runs in a transaction: each chunk is a savepoint)


def test_every_retention_rule_logs_under_a_kind_the_public_log_knows():
    known = set(DeletionLog.Kind.values)
    rules = kinds.purges()
    assert len(rules) >= 9
    assert {rule.log_as for rule in rules} - {""} <= known
    # Every kind of action has a retention rule: nothing a person gives us is kept for ever.
    assert all(kind.purges for kind in kinds.all_kinds())
