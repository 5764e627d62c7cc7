from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, time

import altcha
import pytest
import time_machine
from django.utils import timezone

from stopalprs.actions.checks import new_challenge
from stopalprs.actions.identity import suggest_email
from stopalprs.signatures.models import Signature
from stopalprs.signatures.tests.helpers import confirm_path

pytestmark = pytest.mark.django_db


def person(n: int, alice: dict) -> dict:
    return {**alice, "first_name": f"P{n}", "email": f"person{n}@example{n % 3}.org"}


def count(client) -> int:
    return client.get("/c/stop-alprs.json").json()["signature_count"]


def test_thirty_signers_from_one_client_in_a_minute_look_normal_but_count_within_limits(
    client, campaign, alice, outbox, tasks, django_capture_on_commit_callbacks
):
    replies = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(30):
            r = client.post("/c/stop-alprs/", person(n, alice), REMOTE_ADDR="203.0.113.7")
            replies.append((r.status_code, r["Location"]))
    assert len(set(replies)) == 1 and replies[0][0] == 302  # every reply is the same
    tasks()
    assert len(outbox) == 30  # every signer gets the normal email, suspects too
    for message in outbox:
        client.post(confirm_path(message.body))
    assert Signature.objects.confirmed().count() == 30
    assert count(client) <= 5  # the sustained limit (5 per 300 s) bounds the public count
    assert count(client) == 1  # the burst limit (1 per 60 s) let only the first through
    suspect = Signature.objects.filter(fraud_state="suspect")
    assert suspect.count() == 29
    assert all("ip_burst" in s.fraud_reasons for s in suspect)


def test_the_sustained_limit_holds_across_a_window_boundary(client, campaign, alice):
    """7 signatures in 4 minutes, straddling a 300 s boundary: plain fixed windows would see
    3 and 4 and let all 7 through; the sliding count holds the line at 5."""
    campaign.rate_limits = {"ip_burst": [10, 60]}  # only the sustained limit is under test
    campaign.save()
    # At midday: client addresses are hashed under a key that changes at midnight (UTC), so a
    # run straddling midnight would count the last signatures under a new address hash.
    midday = datetime.combine(timezone.now().date(), time(12), tzinfo=UTC).timestamp()
    start = midday + 180  # the next 300 s boundary falls 120 s in
    for n in range(7):
        moment = datetime.fromtimestamp(start + 40 * n, tz=UTC)
        with time_machine.travel(moment, tick=False):
            client.post("/c/stop-alprs/", person(n, alice), REMOTE_ADDR="203.0.113.8")
    states = list(Signature.objects.order_by("created_at").values_list("fraud_state", flat=True))
    assert states[:5] == ["ok"] * 5
    assert states[5:] == ["suspect", "suspect"]


def test_a_campaign_can_loosen_its_limits(client, campaign, alice):
    campaign.rate_limits = {"ip_burst": [50, 60], "ip_sustained": [50, 300]}
    campaign.save()
    for n in range(5):
        client.post("/c/stop-alprs/", person(n, alice), REMOTE_ADDR="203.0.113.9")
    assert not Signature.objects.exclude(fraud_state="ok").exists()


def test_a_filled_honeypot_is_never_counted(
    client, campaign, alice, outbox, tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/c/stop-alprs/", {**alice, "website": "http://spam"})
    assert r.status_code == 302
    tasks()
    client.post(confirm_path(outbox[0].body))
    signature = Signature.objects.get()
    assert (signature.status, signature.fraud_state) == ("confirmed", "invalid")
    assert count(client) == 0


def test_the_honeypot_is_hidden_from_people(client, campaign):
    html = client.get("/c/stop-alprs/").content.decode()
    assert 'class="field hp" aria-hidden="true"' in html and 'tabindex="-1"' in html


def test_signing_without_javascript_counts(
    client, campaign, alice, outbox, tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/c/stop-alprs/", alice)  # no altcha field at all
    tasks()
    client.post(confirm_path(outbox[0].body))
    assert count(client) == 1


def solved(challenge: dict) -> str:
    solution = altcha.solve_challenge_v1(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxnumber"]
    )
    assert solution is not None
    payload = {k: challenge[k] for k in ("algorithm", "challenge", "salt", "signature")}
    return base64.b64encode(json.dumps({**payload, "number": solution.number}).encode()).decode()


def test_a_valid_proof_of_work_passes_and_a_replayed_or_forged_one_is_suspect(
    client, campaign, alice, settings
):
    settings.ALTCHA_MAX_NUMBER = 2000
    challenge = client.get("/altcha/challenge/").json()
    assert client.get("/altcha/challenge/")["Cache-Control"].startswith("max-age=0")
    payload = solved(challenge)
    campaign.rate_limits = {"ip_burst": [50, 60], "ip_sustained": [50, 300]}
    campaign.save()
    client.post("/c/stop-alprs/", {**alice, "altcha": payload})
    client.post("/c/stop-alprs/", {**person(1, alice), "altcha": payload})  # replay
    client.post("/c/stop-alprs/", {**person(2, alice), "altcha": "bm9wZQ=="})  # forged
    states = list(Signature.objects.order_by("pk").values_list("fraud_state", "fraud_reasons"))
    assert states == [("ok", ""), ("suspect", "bad_pow"), ("suspect", "bad_pow")]


def test_disposable_addresses_are_suspect(client, campaign, alice):
    client.post("/c/stop-alprs/", {**alice, "email": "someone@mailinator.com"})
    assert Signature.objects.get().fraud_reasons == "disposable"


def test_a_domain_typo_gets_a_suggestion_once(client, campaign, alice):
    response = client.post("/c/stop-alprs/", {**alice, "email": "alice@gmial.com"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Did you mean alice@gmail.com?" in html
    assert 'name="email_checked" value="on"' in html
    assert not Signature.objects.exists()
    kept = client.post(
        "/c/stop-alprs/", {**alice, "email": "alice@gmial.com", "email_checked": "on"}
    )
    assert kept.status_code == 302


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("a@gmial.com", "a@gmail.com"),
        ("a@yaho.com", "a@yahoo.com"),
        ("a@hotmial.com", "a@hotmail.com"),
        ("a@gmail.com", None),
        ("a@example.org", None),
        ("a@outlok.com", "a@outlook.com"),
    ],
)
def test_suggestions(typed, suggested):
    assert suggest_email(typed) == suggested


def test_challenges_are_fresh_and_signed(client, db):
    first, second = client.get("/altcha/challenge/").json(), client.get("/altcha/challenge/").json()
    assert first["salt"] != second["salt"] and first["signature"]
    assert set(new_challenge()) == {"algorithm", "challenge", "maxnumber", "salt", "signature"}
