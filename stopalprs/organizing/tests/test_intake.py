from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection

from stopalprs.actions.identity import email_index
from stopalprs.organizing.models import Organizer
from stopalprs.organizing.tests.helpers import CONFIRM, join

pytestmark = pytest.mark.django_db


def test_the_form_asks_what_the_brief_asks_and_ticks_nothing(client, db):
    html = client.get("/organize/").content.decode()
    for label in (
        "Your name",
        "Email",
        "Phone (optional)",
        "City or town",
        "State",
        "ZIP code",
        "Organization (optional)",
        "Which describes you best?",
        "Does your city use license plate readers?",
        "Which company?",
        "Where does the contract stand?",
        "What help would be useful?",
        "Anything else we should know?",
        "Introduce me to other organizers",
        "Send me updates",
    ):
        assert label in html, label
    assert 'name="wants_intro"' in html and 'name="send_updates"' in html
    assert 'type="checkbox" name="wants_intro" id="id_wants_intro" checked' not in html
    assert "checked>" not in html.split('name="wants_intro"')[1].split(">")[0]


def test_every_campaign_page_links_to_it(client, campaign):
    for url in ("/c/stop-alprs/", "/c/stop-alprs/thanks/", "/c/stop-alprs/confirmed/"):
        assert 'href="/organize/"' in client.get(url).content.decode()


def test_submitting_stores_a_pending_encrypted_record_and_asks_to_confirm(
    client, dana, outbox, tasks, django_capture_on_commit_callbacks
):
    response = join(client, dana, django_capture_on_commit_callbacks)
    assert response["Location"] == "/organize/thanks/"
    person = Organizer.objects.get()
    assert person.confirmed_at is None and person.help_wanted == ["records", "testimony"]
    assert (person.name, person.phone) == ("Dana Organizer", "555-0100")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM organizing_organizer")
        row = repr(cursor.fetchall()).lower()
    for secret in ("dana", "555-0100", "springfield neighbors", "renewal next month"):
        assert secret not in row
    tasks()
    assert outbox[0].subject == "Confirm you want to join the organizer network"
    assert CONFIRM.search(outbox[0].body)


def test_confirming_welcomes_them_and_tells_staff(
    client, dana, outbox, tasks, django_capture_on_commit_callbacks
):
    staffer = User.objects.create_user("erin", "erin@example.org", is_staff=True)
    staffer.user_permissions.add(Permission.objects.get(codename="view_organizer_data"))
    User.objects.create_user("frank", "frank@example.org", is_staff=True)  # no access
    join(client, dana, django_capture_on_commit_callbacks)
    tasks()
    found = CONFIRM.search(outbox[0].body)
    assert found
    link = found.group(1)
    client.get(link)
    assert Organizer.objects.get().confirmed_at is None  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response["Location"] == "/organize/welcome/"
    assert "We will be in touch" in client.get("/organize/welcome/").content.decode()
    tasks()  # the staff notification task, then the emails it queued
    subjects = {m.to[0]: m.subject for m in outbox[1:]}
    assert subjects["dana@example.org"] == "Welcome to the network: here is what happens next"
    assert "Within 3 working days" in outbox[1].body
    assert subjects["erin@example.org"] == "New organizer in Springfield, IL"
    assert "frank@example.org" not in subjects
    staff_mail = next(m for m in outbox if m.to == ["erin@example.org"])
    assert "Dana" not in staff_mail.body  # place and role only
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    tasks()
    assert len(outbox) == 3  # confirming twice welcomes once


def test_a_second_submission_gets_the_same_reply_and_the_owner_an_email(
    client, dana, outbox, tasks, django_capture_on_commit_callbacks
):
    first = join(client, dana, django_capture_on_commit_callbacks)
    second = join(client, {**dana, "name": "Mallory"}, django_capture_on_commit_callbacks)
    assert first["Location"] == second["Location"]
    assert Organizer.objects.count() == 1
    tasks()
    assert len(outbox) == 2 and "again" in outbox[1].body


def test_errors_are_shown_and_values_kept(client, dana, db):
    response = client.post("/organize/", {**dana, "zip_code": "123", "role": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a five-digit ZIP code" in html and 'value="Dana Organizer"' in html
    assert not Organizer.objects.exists()


def test_a_hub_invitation_prefills_the_city(client, db):
    html = client.get("/organize/?city=Oakland&state=CA").content.decode()
    assert 'value="Oakland"' in html and '<option value="CA" selected>' in html


def _welcome(client, dana, outbox, tasks, capture):
    join(client, dana, capture)
    tasks()
    found = CONFIRM.search(outbox[0].body)
    assert found
    with capture(execute=True):
        client.post(found.group(1))
    tasks()
    return next(m for m in outbox if m.subject.startswith("Welcome to the network"))


def test_the_welcome_invites_a_reply_only_to_a_staffed_reply_to_address(
    client, dana, outbox, tasks, settings, django_capture_on_commit_callbacks
):
    settings.REPLY_TO_EMAIL = "organizers@example.org"
    welcome = _welcome(client, dana, outbox, tasks, django_capture_on_commit_callbacks)
    assert welcome.reply_to == ["organizers@example.org"]
    assert "Reply-To: organizers@example.org" in welcome.message().as_string()
    assert "reply to this email" in welcome.body


def test_without_a_reply_to_address_the_welcome_asks_for_no_reply(
    client, dana, outbox, tasks, settings, django_capture_on_commit_callbacks
):
    settings.REPLY_TO_EMAIL = ""
    welcome = _welcome(client, dana, outbox, tasks, django_capture_on_commit_callbacks)
    assert welcome.reply_to == []
    assert "reply" not in welcome.body.lower()
    assert "reply" not in welcome.alternatives[0][0].lower()


def test_an_intake_goes_through_the_checks_a_signature_does(
    client, dana, outbox, tasks, django_capture_on_commit_callbacks, staff_client
):
    """The same action core: a disposable address, or one address sending intake after
    intake, is marked for staff; the person sees the same pages and gets the same email."""
    response = join(
        client, {**dana, "email": "dana@mailinator.com"}, django_capture_on_commit_callbacks
    )
    assert response["Location"] == "/organize/thanks/"
    person = Organizer.objects.get()
    assert (person.fraud_state, person.fraud_reasons) == ("suspect", "disposable")
    tasks()
    assert outbox[0].subject == "Confirm you want to join the organizer network"
    for n in range(2):  # the same address twice in a minute: over the form's burst limit
        join(client, {**dana, "email": f"dana{n}@example.net"}, django_capture_on_commit_callbacks)
    second = Organizer.objects.get(email_index=email_index("dana1@example.net"))
    assert second.fraud_state == "suspect" and "ip_burst" in second.fraud_reasons
    page = staff_client("Organizer network").get(f"/staff/organizers/{second.public_id}/")
    assert "Suspect: not counted until staff clear it" in page.content.decode()
