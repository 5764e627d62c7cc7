from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from stopalprs.audit.models import AuditEntry
from stopalprs.integrity import services
from stopalprs.integrity.models import BulkAction, TrendAlert
from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db
HOUR = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)


def make(campaign, n, **extra):
    fields = {
        "campaign": campaign,
        "first_name": "A",
        "last_name": "B",
        "email": f"x{n}@e.org",
        "email_index": f"i{n}",
        "zip_code": "94110",
        "state": "CA",
        "district": "CA-11",
        "status": "confirmed",
        "created_at": HOUR + timedelta(minutes=n % 60),
        **extra,
    }
    return Signature.objects.create(**fields)


def test_trending_alerts_staff_once_per_source_and_hour(
    campaign, settings, outbox, tasks, django_capture_on_commit_callbacks
):
    settings.TRENDING_IP_THRESHOLD = 5
    settings.TRENDING_DOMAIN_THRESHOLD = 3
    User.objects.create_superuser("root", "root@example.org", "pw")
    for n in range(6):
        make(campaign, n, ip_hash="a" * 64, email_domain="botfarm.example")
    for n in range(6, 8):
        make(campaign, n, ip_hash="b" * 64, email_domain="gmail.com")  # common: no domain trend
    with django_capture_on_commit_callbacks(execute=True):
        found = services.find_trends(hour=HOUR)
        assert services.find_trends(hour=HOUR) == []  # announced once
    assert {(a.kind, a.value, a.count) for a in found} == {
        ("ip", "a" * 64, 6),
        ("domain", "botfarm.example", 6),
    }
    tasks()
    [alert_mail] = outbox
    assert alert_mail.to == ["root@example.org"] and "2 unusual sources" in alert_mail.subject
    assert "botfarm.example" in alert_mail.body


def test_the_alerts_page_lists_them(staff_client, campaign):
    TrendAlert.objects.create(
        campaign=campaign, hour=HOUR, kind="domain", value="bots.example", count=150
    )
    html = staff_client().get("/staff/integrity/").content.decode()
    assert "bots.example" in html and "150" in html


def test_bulk_invalidation_previews_applies_audits_and_undoes(staff_client, campaign, client):
    for n in range(4):
        make(campaign, n, email_domain="bots.example")
    make(campaign, 10, email_domain="fine.example")
    make(campaign, 11, email_domain="bots.example", fraud_state="suspect")
    web = staff_client()
    url = "/staff/c/stop-alprs/integrity/"
    preview = web.post(
        url, {"email_domain": "bots.example", "kind": "invalidate", "confirm": "preview"}
    ).content.decode()
    assert "<strong>5</strong> signatures match" in preview
    assert Signature.objects.filter(fraud_state="invalid").count() == 0  # preview changes nothing
    refused = web.post(
        url, {"email_domain": "bots.example", "kind": "invalidate", "confirm": "apply"}
    )
    assert "Give a reason" in refused.content.decode()
    web.post(
        url,
        {
            "email_domain": "bots.example",
            "kind": "invalidate",
            "confirm": "apply",
            "reason": "one script",
        },
    )
    assert Signature.objects.filter(fraud_state="invalid").count() == 5
    assert client.get("/c/stop-alprs.json").json()["signature_count"] == 1
    action = BulkAction.objects.get()
    assert AuditEntry.objects.filter(detail="bulk invalidate: one script", record_count=5).exists()
    web.post(f"/staff/integrity/{action.pk}/undo/")
    states = sorted(Signature.objects.values_list("fraud_state", flat=True))
    assert states == ["ok"] * 5 + ["suspect"]  # each back to what it was
    assert client.get("/c/stop-alprs.json").json()["signature_count"] == 5


def test_clearing_suspects_makes_them_count(staff_client, campaign, client):
    make(campaign, 1, fraud_state="suspect")
    make(campaign, 2, fraud_state="suspect", zip_code="10001", state="NY")
    staff_client().post(
        "/staff/c/stop-alprs/integrity/",
        {
            "state": "CA",
            "fraud_state": "suspect",
            "kind": "clear",
            "confirm": "apply",
            "reason": "a school club signing together",
        },
    )
    assert client.get("/c/stop-alprs.json").json()["signature_count"] == 1


def test_aggregates_only_staff_cannot_invalidate(staff_client, campaign):
    assert staff_client("Aggregates only").get("/staff/c/stop-alprs/integrity/").status_code == 403
