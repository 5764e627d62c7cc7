"""An update reaches exactly the opted-in, confirmed, not-unsubscribed audience, paced through
the queue, with a one-click unsubscribe that holds for every later update."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from django_tasks_db.models import DBTaskResult

from stopalprs.actions import identity
from stopalprs.audit.models import AuditEntry
from stopalprs.lib import crypto
from stopalprs.lib.env import mailers_config
from stopalprs.organizing.models import Organizer
from stopalprs.signatures.models import Signature
from stopalprs.updates.models import Suppression, Update

pytestmark = pytest.mark.django_db


def signer(campaign, name: str, **fields) -> Signature:
    email = f"{name}@example.org"
    values = {
        "campaign": campaign,
        "first_name": name,
        "last_name": "X",
        "email": email,
        "email_index": identity.email_index(email),
        "zip_code": "94110",
        "state": "CA",
        "district": "CA-11",
        "status": Signature.Status.CONFIRMED,
        "send_updates": True,
    }
    return Signature.objects.create(**{**values, **fields})


@pytest.fixture
def people(campaign, make_campaign):
    signer(campaign, "yes")
    signer(campaign, "texas", state="TX", district="TX-07", zip_code="77002")
    signer(campaign, "nooptin", send_updates=False)
    signer(campaign, "pending", status=Signature.Status.PENDING)
    signer(campaign, "invalid", fraud_state=Signature.FraudState.INVALID)
    gone = signer(campaign, "unsubscribed")
    Suppression.objects.create(email_index=str(gone.email_index), reason="unsubscribed")
    signer(make_campaign(), "elsewhere")


def send(staff, outbox, tasks, capture, **fields) -> Update:
    data = {
        "audience": "signers",
        "subject": "News",
        "body": "The vote is **Tuesday**.",
        "state": "",
        "district": "",
        **fields,
    }
    response = staff.post("/staff/updates/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    update = Update.objects.latest("pk")
    with capture(execute=True):
        staff.post(f"/staff/updates/{update.pk}/", {"action": "send"})
    tasks()
    update.refresh_from_db()
    return update


@pytest.fixture(autouse=True)
def _unpaced(settings):
    settings.UPDATE_SENDS_PER_MINUTE = 10**9  # pacing has its own test


def test_an_update_reaches_exactly_the_opted_in_confirmed_audience(
    staff_client, campaign, people, outbox, tasks, django_capture_on_commit_callbacks
):
    staff = staff_client()
    page = staff.post(
        "/staff/updates/new/",
        {"audience": "signers", "campaign": campaign.pk, "subject": "S", "body": "B"},
    )
    draft = staff.get(page["Location"]).content.decode()
    assert "<strong>2</strong> recipients" in draft
    update = send(staff, outbox, tasks, django_capture_on_commit_callbacks, campaign=campaign.pk)
    assert sorted(m.to[0] for m in outbox) == ["texas@example.org", "yes@example.org"]
    assert update.status == Update.Status.SENT and update.recipient_count == 2
    message = outbox[0]
    assert "<strong>Tuesday</strong>" in message.alternatives[0].content
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<http://testserver/unsubscribe/[^>]+/>", message.extra_headers["List-Unsubscribe"]
    )
    # Sending again does nothing: the update is sent once.
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/staff/updates/{update.pk}/", {"action": "send"})
    tasks()
    assert len(outbox) == 2


def test_the_audience_can_be_narrowed_to_a_state(
    staff_client, campaign, people, outbox, tasks, django_capture_on_commit_callbacks
):
    send(
        staff_client(),
        outbox,
        tasks,
        django_capture_on_commit_callbacks,
        campaign=campaign.pk,
        state="tx",
    )
    assert [m.to[0] for m in outbox] == ["texas@example.org"]


def test_one_click_unsubscribe_removes_the_address_from_every_later_update(
    staff_client, client, campaign, people, outbox, tasks, django_capture_on_commit_callbacks
):
    staff = staff_client()
    send(staff, outbox, tasks, django_capture_on_commit_callbacks, campaign=campaign.pk)
    mine = next(m for m in outbox if m.to == ["yes@example.org"])
    url = mine.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    # A link scanner's GET changes nothing; the mail client's one-click POST does, with no
    # cookie and no CSRF token (RFC 8058).
    assert "Yes, stop the updates" in client.get(url).content.decode()
    assert Suppression.objects.count() == 1  # the fixture's

    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    index = crypto.blind_index("yes@example.org")
    assert Suppression.objects.get(email_index=index).reason == "unsubscribed"
    assert not Signature.objects.get(email_index=index).send_updates
    outbox.clear()
    send(staff, outbox, tasks, django_capture_on_commit_callbacks, campaign=campaign.pk)
    assert [m.to[0] for m in outbox] == ["texas@example.org"]
    assert client.post("/unsubscribe/forged:token/").status_code == 404


def test_an_unsubscribe_after_queueing_still_stops_the_email(
    staff_client, campaign, people, outbox, tasks, django_capture_on_commit_callbacks
):
    from stopalprs.updates.services import suppress_address

    staff = staff_client()
    staff.post(
        "/staff/updates/new/",
        {"audience": "signers", "campaign": campaign.pk, "subject": "S", "body": "B"},
    )
    update = Update.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/staff/updates/{update.pk}/", {"action": "send"})
    from stopalprs.updates.services import fan_out

    fan_out(update_id=update.pk)  # queued, not yet sent
    suppress_address(email="yes@example.org", reason="unsubscribed")
    tasks()
    assert [m.to[0] for m in outbox] == ["texas@example.org"]


def test_the_organizer_network_audience(
    staff_client, outbox, tasks, django_capture_on_commit_callbacks
):
    for n, (updates, confirmed) in enumerate([(True, True), (False, True), (True, False)]):
        email = f"org{n}@example.org"
        Organizer.objects.create(
            name="O",
            email=email,
            email_index=crypto.blind_index(email),
            city="Austin",
            state="TX",
            zip_code="78701",
            role="resident",
            uses_alpr="yes",
            vendor="flock",
            stage="vote",
            send_updates=updates,
            confirmed_at="2026-11-01T00:00:00Z" if confirmed else None,
        )
    send(staff_client(), outbox, tasks, django_capture_on_commit_callbacks, audience="organizers")
    assert [m.to[0] for m in outbox] == ["org0@example.org"]


def test_a_test_send_goes_to_the_writer_only(
    staff_client, campaign, people, outbox, tasks, django_capture_on_commit_callbacks
):
    staff = staff_client()
    staff.user.email = "carol@staff.example"
    staff.user.save()
    staff.post(
        "/staff/updates/new/",
        {"audience": "signers", "campaign": campaign.pk, "subject": "Draft", "body": "B"},
    )
    update = Update.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/staff/updates/{update.pk}/", {"action": "test"})
    tasks()
    assert [m.to for m in outbox] == [["carol@staff.example"]]
    update.refresh_from_db()
    assert update.status == Update.Status.DRAFT


def test_signers_audience_needs_a_campaign(staff_client):
    response = staff_client().post(
        "/staff/updates/new/", {"audience": "signers", "subject": "S", "body": "B"}
    )
    assert response.status_code == 200
    assert "Choose the campaign whose signers get this update." in response.content.decode()


def test_updates_are_paced(
    settings, staff_client, campaign, people, django_capture_on_commit_callbacks
):
    settings.UPDATE_SENDS_PER_MINUTE = 60  # one a second
    staff = staff_client()
    staff.post(
        "/staff/updates/new/",
        {"audience": "signers", "campaign": campaign.pk, "subject": "S", "body": "B"},
    )
    update = Update.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/staff/updates/{update.pk}/", {"action": "send"})
    from stopalprs.updates.services import fan_out

    assert fan_out(update_id=update.pk) == 2
    times = sorted(
        r.run_after for r in DBTaskResult.objects.filter(task_path__endswith="deliver_email")
    )
    assert times[1] - times[0] == timedelta(seconds=1)


def test_bounces_and_complaints_from_the_email_service_suppress(campaign, people):
    for kind in ("bounced", "complained"):
        who = "yes@example.org" if kind == "bounced" else "texas@example.org"
        event = AnymailTrackingEvent(event_type=kind, recipient=who)
        tracking.send(sender=object, event=event, esp_name="Postmark")
    reasons = dict(Suppression.objects.values_list("email_index", "reason"))
    assert reasons[crypto.blind_index("yes@example.org")] == "bounced"
    assert reasons[crypto.blind_index("texas@example.org")] == "complained"
    # A delivery event is not a reason to stop.
    tracking.send(
        sender=object,
        event=AnymailTrackingEvent(event_type="delivered", recipient="elsewhere@example.org"),
        esp_name="Postmark",
    )
    assert Suppression.objects.count() == 3  # the two above and the fixture's


def test_email_url_selects_an_anymail_service():
    config = mailers_config("anymail+postmark://?server_token=abc", outbox_dir=None)  # type: ignore[arg-type]
    assert config == {
        "default": {
            "BACKEND": "anymail.backends.postmark.EmailBackend",
            "OPTIONS": {"server_token": "abc"},
        }
    }


def test_export_shows_and_erasure_deletes_the_suppression(campaign, people):
    from stopalprs.privacy.services import erase_data, export_data

    index = crypto.blind_index("unsubscribed@example.org")
    assert export_data(email_index=index)["updates_stopped"] is True
    erase_data(email_index=index)
    assert not Suppression.objects.filter(email_index=index).exists()


def test_list_unsubscribe_goes_on_the_wire_as_a_plain_url(
    staff_client, campaign, people, smtp_server, tasks, django_capture_on_commit_callbacks, settings
):
    """Mail providers offer one-click unsubscribe only for ``<https://…>`` as it is, never
    for RFC 2047 encoded-words; a long site address makes the URL longer than a folded line."""
    settings.SITE_URL = "https://stop-alprs.campaigns.example.org"
    update = send(
        staff_client(), [], tasks, django_capture_on_commit_callbacks, campaign=campaign.pk
    )
    assert update.recipient_count == 2 and len(smtp_server.raw) == 2
    for raw in smtp_server.raw:
        head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
        [line] = [h for h in head.split("\r\n") if h.startswith("List-Unsubscribe:")]
        assert re.fullmatch(
            r"List-Unsubscribe: <https://stop-alprs\.campaigns\.example\.org"
            r"/unsubscribe/[^>\s]+/>",
            line,
        ), line
        assert len(line) > 78  # it would have been folded, and encoded
        assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in head.split("\r\n")


def test_each_reader_gets_the_update_in_their_language_with_its_links(
    staff_client, campaign, people, outbox, tasks, django_capture_on_commit_callbacks
):
    signer(campaign, "ana", language="es")
    staff = staff_client()
    page = staff.post(
        "/staff/updates/new/",
        {
            "audience": "signers",
            "campaign": campaign.pk,
            "subject": "News",
            "body": "The vote is **Tuesday**.",
            "subject_es": "Noticias",
            "body_es": "La votación es el **martes**.",
        },
    )
    preview = staff.get(page["Location"]).content.decode()
    assert "1 of them reads Spanish: they get the Spanish version" in preview
    assert "La votación es el <strong>martes</strong>." in preview
    update = send(
        staff,
        outbox,
        tasks,
        django_capture_on_commit_callbacks,
        campaign=campaign.pk,
        subject_es="Noticias",
        body_es="La votación es el **martes**.",
    )
    assert update.recipient_count == 3
    spanish = next(m for m in outbox if m.to == ["ana@example.org"])
    assert spanish.subject == "Noticias"
    assert "La votación es el **martes**." in spanish.body
    assert "<strong>martes</strong>" in spanish.alternatives[0].content
    assert "Tuesday" not in spanish.body
    assert "http://testserver/es/c/stop-alprs/" in spanish.body
    assert spanish.extra_headers["List-Unsubscribe"].startswith(
        "<http://testserver/es/unsubscribe/"
    )
    assert "Dejar de recibir novedades:" in spanish.body  # the footer in Spanish too
    english = next(m for m in outbox if m.to == ["yes@example.org"])
    assert english.subject == "News" and "http://testserver/c/stop-alprs/" in english.body
    assert "/es/" not in english.body


def test_without_a_spanish_version_a_spanish_reader_gets_all_of_it_in_english(
    staff_client, campaign, people, outbox, tasks, django_capture_on_commit_callbacks
):
    signer(campaign, "ana", language="es")
    send(staff_client(), outbox, tasks, django_capture_on_commit_callbacks, campaign=campaign.pk)
    spanish_reader = next(m for m in outbox if m.to == ["ana@example.org"])
    assert spanish_reader.subject == "News"
    assert "http://testserver/c/stop-alprs/" in spanish_reader.body
    assert "/es/" not in spanish_reader.body  # footer and links match the text
    assert "Stop these updates" in spanish_reader.body


def test_a_spanish_version_is_whole_or_absent(staff_client, campaign):
    response = staff_client().post(
        "/staff/updates/new/",
        {
            "audience": "signers",
            "campaign": campaign.pk,
            "subject": "S",
            "body": "B",
            "body_es": "Solo el mensaje",
        },
    )
    assert response.status_code == 200
    assert "Write the Spanish subject too, or leave both empty." in response.content.decode()
    assert not Update.objects.exists()


def test_the_test_send_goes_once_in_each_language_written(
    staff_client, campaign, outbox, tasks, django_capture_on_commit_callbacks
):
    staff = staff_client()
    staff.user.email = "carol@example.org"
    staff.user.save()
    page = staff.post(
        "/staff/updates/new/",
        {
            "audience": "signers",
            "campaign": campaign.pk,
            "subject": "News",
            "body": "B",
            "subject_es": "Noticias",
            "body_es": "M",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(page["Location"], {"action": "test"})
    tasks()
    assert sorted(m.subject for m in outbox) == ["News", "Noticias"]


def test_drafting_and_editing_an_update_are_audited_with_what_changed(staff_client, campaign):
    client = staff_client()
    reply = client.post(
        "/staff/updates/new/",
        {"audience": "signers", "campaign": campaign.pk, "subject": "Council vote", "body": "Hi"},
    )
    assert reply.status_code == 302, reply.content.decode()[:3000]
    update = Update.objects.get()
    client.post(
        f"/staff/updates/{update.pk}/",
        {
            "action": "save",
            "audience": "signers",
            "campaign": campaign.pk,
            "subject": "Council vote on Tuesday",
            "body": "Hi",
        },
    )
    drafted, edited = AuditEntry.objects.filter(object_type="update").order_by("pk")
    assert (drafted.verb, drafted.actor_name) == ("update.drafted", "carol")
    assert edited.verb == "update.edited"
    assert edited.data == {
        "before": {"subject": "Council vote"},
        "after": {"subject": "Council vote on Tuesday"},
    }
