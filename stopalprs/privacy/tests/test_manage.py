from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from stopalprs.emails.models import Email
from stopalprs.privacy.models import DeletionLog
from stopalprs.signatures.models import Signature
from stopalprs.signatures.tests.helpers import confirm_path, sign

pytestmark = pytest.mark.django_db

MANAGE = re.compile(r"http://testserver(/privacy/manage/[^/\s\"]+/)")


def manage_path(text: str) -> str:
    match = MANAGE.search(text)
    assert match, text
    return match.group(1)


@pytest.fixture
def signed(client, campaign, alice, outbox, tasks, django_capture_on_commit_callbacks):
    """Alice signed and confirmed; returns her manage-my-data path from the email."""
    sign(client, campaign, alice, django_capture_on_commit_callbacks)
    tasks()
    client.post(confirm_path(outbox[0].body))
    return manage_path(outbox[0].body)


def count(client) -> int:
    return client.get("/c/stop-alprs.json").json()["signature_count"]


def test_every_email_carries_the_manage_link(signed, outbox):
    html = outbox[0].alternatives[0].content
    assert "Manage my data" in html and MANAGE.search(html)


def test_get_shows_what_is_held_and_changes_nothing(client, signed):
    html = client.get(signed).content.decode()
    assert "Alice Liddell" in html and "94110" in html
    assert "Withdraw this signature" in html and "Erase all my data" in html
    assert Signature.objects.count() == 1 and count(client) == 1


def test_withdrawing_drops_the_count_and_confirms_by_email(
    client, signed, outbox, tasks, django_capture_on_commit_callbacks
):
    public_id = Signature.objects.get().public_id
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(signed, {"action": "withdraw", "signature": public_id})
    assert response.status_code == 302
    assert count(client) == 0
    assert not Signature.objects.exists()
    tasks()
    assert outbox[-1].subject == "Your signature has been withdrawn"
    assert "You are being tracked" in outbox[-1].body
    assert Email.objects.get(kind="withdrawal_done").recipient == ""  # forgotten once sent
    assert DeletionLog.objects.get(kind="withdrawn").count == 1


def test_export_downloads_everything_held(client, signed):
    response = client.post(signed, {"action": "export"})
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    [signature] = data["signatures"]
    assert signature["email"] == "alice@example.org"
    assert signature["comment"] == "Cameras on every corner of my street."
    assert signature["status"] == "confirmed"


def test_erasing_removes_everything_and_a_new_signing_is_new(
    client, campaign, alice, signed, outbox, tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(signed, {"action": "erase"})
    assert "Your data is erased" in response.content.decode()
    assert not Signature.objects.exists()
    assert count(client) == 0
    tasks()
    assert outbox[-1].subject == "We have erased your data"
    assert outbox[-1].to == ["alice@example.org"]
    outbox.clear()
    sign(client, campaign, alice, django_capture_on_commit_callbacks)
    tasks()
    assert "Thank you for signing" in outbox[0].body  # a new signer, not "already signed"


def test_erasing_also_removes_queued_mail(client, campaign, alice, make_campaign, outbox):
    other = make_campaign()
    client.post(f"/c/{other.slug}/", alice)  # its confirmation email is still queued
    client.post("/c/stop-alprs/", alice)
    from stopalprs.privacy.tokens import manage_token

    client.post(f"/privacy/manage/{manage_token('alice@example.org')}/", {"action": "erase"})
    assert not Signature.objects.exists()
    assert list(Email.objects.values_list("kind", flat=True)) == ["erasure_done"]


def test_a_forged_or_expired_link_does_nothing(client, signed, settings):
    assert client.post(signed[:-5] + "XXXX/", {"action": "erase"}).status_code == 400
    with time_machine.travel(
        timezone.now() + timedelta(days=settings.MANAGE_LINK_MAX_AGE_DAYS + 1)
    ):
        assert client.post(signed, {"action": "erase"}).status_code == 400
    assert Signature.objects.count() == 1


def test_one_cannot_withdraw_someone_elses_signature(client, campaign, bob, signed):
    alices = Signature.objects.get().public_id
    client.post("/c/stop-alprs/", bob)
    bobs = Signature.objects.exclude(public_id=alices).get().public_id
    client.post(signed, {"action": "withdraw", "signature": bobs})
    assert Signature.objects.filter(public_id=bobs).exists()


def test_asking_for_a_link_replies_the_same_whether_or_not_we_hold_data(
    client, signed, outbox, tasks, django_capture_on_commit_callbacks
):
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        held = client.post("/privacy/manage/", {"email": "ALICE@example.org"})
        unknown = client.post("/privacy/manage/", {"email": "nobody@example.org"})
    strip = lambda r: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())  # noqa: E731
    assert strip(held) == strip(unknown)
    tasks()
    assert [m.to for m in outbox] == [["alice@example.org"]]
    assert manage_path(outbox[0].body)


def test_link_requests_are_limited(
    client, signed, outbox, tasks, django_capture_on_commit_callbacks
):
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(6):
            client.post("/privacy/manage/", {"email": "alice@example.org"})
    tasks()
    assert len(outbox) == 3


def test_organizers_can_export_and_leave_the_network(
    client, dana, outbox, tasks, django_capture_on_commit_callbacks
):
    from stopalprs.organizing.models import Organizer
    from stopalprs.privacy.tokens import manage_token

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/organize/", dana)
    path = f"/privacy/manage/{manage_token('dana@example.org')}/"
    assert "Leave the organizer network" in client.get(path).content.decode()
    data = json.loads(client.post(path, {"action": "export"}).content)
    assert data["organizer_network"]["phone"] == "555-0100"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path, {"action": "leave"})
    assert not Organizer.objects.exists()
    assert DeletionLog.objects.get(kind="org_left").count == 1
    tasks()
    assert outbox[-1].subject == "We have erased your data"


@pytest.mark.parametrize("fraud_state", ["ok", "suspect", "invalid"])
def test_the_signer_is_told_confirmed_whatever_the_checks_decided(
    client, signed, fraud_state, outbox, tasks, alice, campaign, django_capture_on_commit_callbacks
):
    Signature.objects.update(fraud_state=fraud_state)
    html = " ".join(client.get(signed).content.decode().split())
    assert "Confirmed." in html
    assert "counted" not in html.lower()  # neither a lie nor a hint of the flag
    confirmed_page = client.get("/c/stop-alprs/confirmed/").content.decode()
    assert "is confirmed. Thank you!" in " ".join(confirmed_page.split())
    assert "You are now counted" not in confirmed_page
    sign(client, campaign, alice, django_capture_on_commit_callbacks)
    tasks()
    assert "already counted" not in outbox[-1].body
    assert "signing again changes nothing" in outbox[-1].body
