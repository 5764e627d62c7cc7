from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from stopalprs.actions.senders import hash_ip
from stopalprs.lib.http import client_ip
from stopalprs.privacy.models import DailyKey
from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db


def request(remote: str, forwarded: str | None = None):
    req = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        req.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return req


def test_it_takes_the_socket_address_when_no_proxy_is_trusted(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_it_believes_a_trusted_proxy_only(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    assert client_ip(request("10.0.0.2", "198.51.100.1")) == "198.51.100.1"
    # The client wrote the leftmost entry itself: only the proxy's own entry counts.
    assert client_ip(request("10.0.0.2", "6.6.6.6, 198.51.100.1")) == "198.51.100.1"
    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_hashes_are_stable_within_a_day_and_unlinkable_across_days():
    first = hash_ip("198.51.100.1")
    assert first == hash_ip("198.51.100.1")
    assert first != hash_ip("198.51.100.2")
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert hash_ip("198.51.100.1") != first
    assert DailyKey.objects.count() == 2


def test_signing_keeps_a_hash_and_never_the_address(client, campaign, alice):
    client.post("/c/stop-alprs/", alice, REMOTE_ADDR="198.51.100.77")
    signature = Signature.objects.get()
    assert signature.ip_hash == hash_ip("198.51.100.77")
    with connection.cursor() as cursor:
        for table in ("signatures_signature", "emails_email", "privacy_dailykey"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            assert "198.51.100.77" not in repr(cursor.fetchall())
