from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from stopalprs.campaigns.models import Campaign
from stopalprs.emails.models import Email
from stopalprs.signatures.models import Signature
from stopalprs.signatures.services import CampaignClosed, sign_petition
from stopalprs.signatures.tasks import relay_confirmations
from stopalprs.signatures.tests.helpers import confirm_link, sign

pytestmark = pytest.mark.django_db


def test_it_stores_a_pending_signature_and_redirects_to_thanks(
    client, campaign, alice, django_capture_on_commit_callbacks
):
    response = sign(client, campaign, alice, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == "/c/stop-alprs/thanks/?zip=94110&state=CA&district=CA-11"
    signature = Signature.objects.get()
    assert signature.status == Signature.Status.PENDING
    assert (signature.first_name, signature.last_name) == ("Alice", "Liddell")
    assert signature.email == "alice@example.org"
    assert (signature.zip_code, signature.state, signature.district) == ("94110", "CA", "CA-11")
    assert signature.send_updates is False and signature.share_name is False


def test_it_sends_the_confirmation_email_from_the_worker_not_the_request(
    client, campaign, alice, outbox, tasks, django_capture_on_commit_callbacks
):
    sign(client, campaign, alice, django_capture_on_commit_callbacks)
    assert outbox == []  # nothing is sent inside the request
    # The request wrote the signature, marked as due a confirmation email, and a relay task.
    assert Signature.objects.get().confirmation_due
    assert not Email.objects.exists()
    assert DBTaskResult.objects.get().task_path == relay_confirmations.module_path
    tasks()
    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == ["alice@example.org"]
    assert "Confirm your signature" in message.subject
    assert "Hi Alice" in message.body
    confirm_link(message.body)
    assert Email.objects.get().status == Email.Status.SENT
    assert not Signature.objects.get().confirmation_due


def test_signers_in_a_burst_share_one_relay_task_and_each_get_their_email(
    client, campaign, alice, outbox, tasks, django_capture_on_commit_callbacks
):
    for n in range(3):
        sign(
            client,
            campaign,
            {**alice, "email": f"burst{n}@example.org"},
            django_capture_on_commit_callbacks,
        )
    assert DBTaskResult.objects.count() == 1  # one relay waits; the next two saw it
    tasks()
    assert sorted(m.to[0] for m in outbox) == [f"burst{n}@example.org" for n in range(3)]
    # Once it ran, the next signer enqueues a relay of their own.
    sign(
        client,
        campaign,
        {**alice, "email": "later@example.org"},
        django_capture_on_commit_callbacks,
    )
    tasks()
    assert outbox[-1].to == ["later@example.org"] and len(outbox) == 4
    assert Email.objects.filter(kind="signature_confirm").count() == 4  # nobody twice


def test_the_periodic_relay_catches_a_signature_whose_relay_task_was_lost(
    client, campaign, alice, outbox, tasks, django_capture_on_commit_callbacks
):
    sign(client, campaign, alice, django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()  # as if a worker lost it
    tasks()
    assert outbox == []
    call_command("beat", "--once")
    tasks()
    assert [m.to for m in outbox] == [["alice@example.org"]]


def test_no_confirmation_email_for_a_signature_confirmed_before_the_relay(
    client, campaign, alice, outbox, tasks, django_capture_on_commit_callbacks
):
    sign(client, campaign, alice, django_capture_on_commit_callbacks)
    Signature.objects.update(status=Signature.Status.CONFIRMED)
    tasks()
    assert outbox == [] and not Email.objects.exists()
    assert not Signature.objects.get().confirmation_due


def test_it_keeps_values_and_shows_errors_beside_fields(client, campaign, alice):
    response = client.post("/c/stop-alprs/", {**alice, "email": "not-an-email", "zip_code": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Alice"' in html and 'value="not-an-email"' in html
    assert "Enter a valid email address." in html
    assert "This field is required." in html
    assert 'href="#id_email"' in html  # the summary links to the field
    assert Signature.objects.count() == 0


@pytest.mark.parametrize(
    ("zip_code", "message"),
    [
        ("9411", "Enter a five-digit ZIP code"),
        ("ABCDE", "Enter a five-digit ZIP code"),
        ("00000", "We can&#x27;t find that ZIP code"),
    ],
)
def test_it_rejects_bad_zip_codes(client, campaign, alice, zip_code, message):
    response = client.post("/c/stop-alprs/", {**alice, "zip_code": zip_code})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_it_accepts_zip_plus_four(client, campaign, alice, django_capture_on_commit_callbacks):
    sign(client, campaign, {**alice, "zip_code": "94110-1234"}, django_capture_on_commit_callbacks)
    assert Signature.objects.get().zip_code == "94110"


def test_it_limits_comments_to_500_characters(client, campaign, alice):
    response = client.post("/c/stop-alprs/", {**alice, "comment": "x" * 501})
    assert response.status_code == 400
    assert "at most 500 characters (it has 501)" in response.content.decode()


def test_it_shows_the_comment_limit_and_never_lets_the_browser_cut_the_text(client, campaign):
    html = client.get("/c/stop-alprs/").content.decode()
    textarea = html[html.index("<textarea") : html.index("</textarea>")]
    assert "maxlength" not in textarea and 'data-limit="500"' in textarea
    assert "Up to 500 characters." in html
    assert "Hasta 500 caracteres." in client.get("/es/c/stop-alprs/").content.decode()


def test_it_refuses_signatures_on_a_closed_campaign(client, make_campaign, alice):
    closed = make_campaign(state=Campaign.State.CLOSED)
    response = client.post(f"/c/{closed.slug}/", alice)
    assert response.status_code == 409
    assert "not taking signatures" in response.content.decode()
    assert Signature.objects.count() == 0
    with pytest.raises(CampaignClosed):
        sign_petition(campaign=closed, state="CA", **alice)


def test_it_hides_drafts(client, make_campaign, alice):
    draft = make_campaign(state=Campaign.State.DRAFT)
    assert client.get(f"/c/{draft.slug}/").status_code == 404
    assert client.post(f"/c/{draft.slug}/", alice).status_code == 404


def test_a_duplicate_gets_the_same_reply_and_the_owner_an_email(
    client, campaign, alice, outbox, tasks, django_capture_on_commit_callbacks
):
    first = sign(client, campaign, alice, django_capture_on_commit_callbacks)
    first_page = client.get(first["Location"]).content
    tasks()
    second = sign(
        client, campaign, {**alice, "first_name": "Mallory"}, django_capture_on_commit_callbacks
    )
    assert (second.status_code, second["Location"]) == (first.status_code, first["Location"])
    assert client.get(second["Location"]).content == first_page
    assert Signature.objects.count() == 1
    tasks()
    assert len(outbox) == 2
    # Still pending: the owner gets a fresh link, addressed with the name they signed with.
    assert "again" in outbox[1].body and "Hi Alice" in outbox[1].body
    confirm_link(outbox[1].body)


def test_a_duplicate_before_the_first_email_went_out_adds_no_second_email(
    client, campaign, alice, outbox, tasks, django_capture_on_commit_callbacks
):
    first = sign(client, campaign, alice, django_capture_on_commit_callbacks)
    second = sign(client, campaign, alice, django_capture_on_commit_callbacks)
    assert second["Location"] == first["Location"]
    tasks()
    assert len(outbox) == 1 and "Confirm your signature" in outbox[0].subject


def test_a_duplicate_of_a_confirmed_signature_says_already_signed(
    client, campaign, alice, outbox, tasks, django_capture_on_commit_callbacks
):
    sign(client, campaign, alice, django_capture_on_commit_callbacks)
    Signature.objects.update(status=Signature.Status.CONFIRMED)
    sign(client, campaign, alice, django_capture_on_commit_callbacks)
    tasks()
    assert "You have already signed" in outbox[-1].subject
    assert "/confirm/" not in outbox[-1].body


def test_duplicates_send_at_most_a_few_emails(
    client, campaign, alice, outbox, tasks, settings, django_capture_on_commit_callbacks
):
    settings.DUPLICATE_NOTICE_LIMIT = 2
    for _ in range(5):
        sign(client, campaign, alice, django_capture_on_commit_callbacks)
        tasks()
    assert len(outbox) == 1 + 2


@pytest.mark.parametrize(
    "variant", ["ALICE@example.org", " alice@EXAMPLE.org ", "alice@example.org"]
)
def test_it_treats_spellings_of_one_address_as_one_signer(client, campaign, alice, variant):
    client.post("/c/stop-alprs/", alice)
    client.post("/c/stop-alprs/", {**alice, "email": variant})
    assert Signature.objects.count() == 1


def test_it_folds_gmail_dots_and_tags(client, campaign, alice):
    client.post("/c/stop-alprs/", {**alice, "email": "alice.liddell@gmail.com"})
    client.post("/c/stop-alprs/", {**alice, "email": "aliceliddell+petition@googlemail.com"})
    assert Signature.objects.count() == 1


def test_the_same_address_may_sign_two_campaigns(client, campaign, make_campaign, alice):
    other = make_campaign()
    client.post(f"/c/{campaign.slug}/", alice)
    client.post(f"/c/{other.slug}/", alice)
    assert Signature.objects.count() == 2


def test_it_stores_no_personal_data_in_clear(client, campaign, alice):
    client.post("/c/stop-alprs/", alice)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM signatures_signature")
        row = " ".join(str(value) for value in cursor.fetchone())
    for secret in ("Alice", "Liddell", "alice@example.org", "Cameras on every corner"):
        assert secret.lower() not in row.lower()
    assert "94110" in row  # ZIP stays in clear for aggregates


def test_it_does_not_count_pending_signatures(client, campaign, alice):
    client.post("/c/stop-alprs/", alice)
    assert client.get("/c/stop-alprs.json").json()["signature_count"] == 0
