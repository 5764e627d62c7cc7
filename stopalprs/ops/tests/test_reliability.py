from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db


def test_an_oversized_body_gets_a_clear_413(client, campaign, alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post("/c/stop-alprs/", {**alice, "comment": "x" * 20_000})
    assert response.status_code == 413
    assert "too much to send" in response.content.decode()
    assert not Signature.objects.exists()


def test_readyz_checks_database_cache_and_queue(client, db, settings):
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (200, b"ok\n")
    from stopalprs.emails.tasks import requeue_stalled_emails

    requeue_stalled_emails.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert b"task queue lagging" in response.content


@pytest.mark.skipif(connection.vendor != "sqlite", reason="simulates a full SQLite disk")
def test_a_full_disk_refuses_cleanly_and_loses_nothing_acknowledged(campaign, alice):
    client = Client(raise_request_exception=False)
    campaign.rate_limits = {"ip_burst": [999, 60], "ip_sustained": [999, 300]}
    campaign.save()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")  # no room to grow: "disk full"
    acknowledged: list[str] = []
    refused: list[str] = []
    try:
        for n in range(60):
            email = f"full{n}@example.org"
            r = client.post("/c/stop-alprs/", {**alice, "email": email})
            assert r.status_code in (302, 503), r.status_code
            (acknowledged if r.status_code == 302 else refused).append(email)
            if r.status_code == 503:
                assert r["Retry-After"] == "30"
                assert "Nothing you sent was saved" in r.content.decode()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA max_page_count = 1073741823")
    assert refused, "the database never filled up"
    assert Signature.objects.count() == len(acknowledged)


def test_the_503_page_loads_nothing_from_elsewhere():
    from django.template import loader

    html = loader.get_template("503.html").render({})
    assert "http" not in html and "<script" not in html
