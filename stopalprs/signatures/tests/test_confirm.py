from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from stopalprs.signatures.models import Signature
from stopalprs.signatures.tests.helpers import confirm_path, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(client, campaign, alice, outbox, tasks, django_capture_on_commit_callbacks) -> str:
    sign(client, campaign, alice, django_capture_on_commit_callbacks)
    tasks()
    return confirm_path(outbox[0].body)


def count(client) -> int:
    return client.get("/c/stop-alprs.json").json()["signature_count"]


def test_it_shows_a_button_and_changes_nothing_on_get(client, link):
    for _ in range(2):
        response = client.get(link)
        assert response.status_code == 200
        assert "Confirm my signature" in response.content.decode()
        assert '<form method="post">' in response.content.decode()
    assert Signature.objects.get().status == Signature.Status.PENDING
    assert count(client) == 0


def test_it_confirms_on_post_and_counts_once(client, link):
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/c/stop-alprs/confirmed/?zip=94110&state=CA&district=CA-11"
    signature = Signature.objects.get()
    assert signature.status == Signature.Status.CONFIRMED
    assert signature.confirmed_at is not None
    assert count(client) == 1
    client.post(link)
    assert count(client) == 1
    assert "already confirmed" in client.get(link).content.decode()


def test_it_counts_by_state(client, link):
    client.post(link)
    assert client.get("/c/stop-alprs.json").json()["signatures_by_state"] == {"CA": 1}


def test_it_rejects_an_expired_link(client, link, settings):
    settings.CONFIRMATION_MAX_AGE_DAYS = 7
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.post(link)
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert Signature.objects.get().status == Signature.Status.PENDING


def test_it_rejects_a_forged_link(client, link):
    forged = link.replace(link.split(":")[-1], "AAAAAAAAAAAAAAAAAAAAAAAAAAA/")
    assert client.post(forged).status_code == 400
    assert client.get("/confirm/garbage/").status_code == 400
    assert Signature.objects.get().status == Signature.Status.PENDING


def test_it_rejects_a_link_to_a_deleted_signature(client, link):
    Signature.objects.all().delete()
    assert client.get(link).status_code == 400
    assert client.post(link).status_code == 400


def test_signing_again_resends_a_working_link(
    client, campaign, alice, outbox, tasks, link, django_capture_on_commit_callbacks
):
    sign(client, campaign, alice, django_capture_on_commit_callbacks)
    tasks()
    fresh = confirm_path(outbox[-1].body)
    assert client.post(fresh).status_code == 302
    assert count(client) == 1


def test_it_confirms_from_a_browser_that_keeps_no_cookies(link):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)  # Django's real CSRF check, as in production
    page = browser.get(link)
    assert "csrftoken" not in page.cookies  # the page sets none to rely on
    browser.cookies.clear()
    response = browser.post(link, headers={"Origin": "http://testserver"})
    assert response.status_code == 302
    assert Signature.objects.get().status == Signature.Status.CONFIRMED


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}],
)
def test_it_refuses_a_confirmation_posted_from_another_site(link, headers):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(link, headers=headers)
    assert response.status_code == 403
    assert Signature.objects.get().status == Signature.Status.PENDING
