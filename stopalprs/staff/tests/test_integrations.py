"""Moving signers between stopalprs and Action Network / ActionKit, and the staff pages for
API tokens and webhooks."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stopalprs.api.models import ApiToken
from stopalprs.audit.models import AuditEntry
from stopalprs.emails.models import Email
from stopalprs.lib.crypto import blind_index, canonical_email
from stopalprs.signatures.models import Signature
from stopalprs.updates.models import Suppression
from stopalprs.webhooks.models import Endpoint

pytestmark = pytest.mark.django_db

ACTION_NETWORK = (
    "uuid,first_name,last_name,email,can2_user_state,zip_code,can2_user_tags,"
    "can2_subscription_status,created_at\n"
    "a1,Ana,Ruiz,ana@example.org,CA,94110,,subscribed,2025-03-01 10:00:00 UTC\n"
    "a2,Ben,Okafor,ben@example.org,CA,94110,,unsubscribed,2025-03-02\n"
    "a3,Cy,Lee,cy@example.org,CA,94110,,bouncing,\n"
    "a4,Ana,Ruiz,ANA@example.org,CA,94110,,subscribed,\n"  # Ana again, other case
    "a5,Di,Ng,alice@example.org,CA,94110,,subscribed,\n"  # signed here already
    "a6,Ed,,ed@example.org,CA,94110,,subscribed,\n"  # no last name
    "a7,Flo,Ray,flo@example.org,CA,00000,,subscribed,\n"  # no such ZIP code
    'a8,=HYPERLINK("x"),Gray,gus@example.org,CA,94110,,subscribed,\n'
)
ACTIONKIT = (
    "email,first_name,last_name,zip,state,action_comment,subscription_status\n"
    "hal@example.org,Hal,Ito,94110,CA,Cameras everywhere.,subscribed\n"
)


def upload(staff, campaign, text: str, name: str = "export.csv"):
    return staff.post(
        f"/staff/c/{campaign.slug}/import/",
        {"sheet": SimpleUploadedFile(name, text.encode())},
    )


def test_an_action_network_export_comes_in_deduplicated_with_consent_and_no_email(
    staff_client, campaign, alice, outbox, tasks
):
    from stopalprs.signatures.services import sign_petition

    sign_petition(
        campaign=campaign, state="CA", district="CA-11", **{k: v for k, v in alice.items()}
    )
    Signature.objects.update(status="confirmed")
    emails_before = Email.objects.count()
    staff = staff_client()
    response = upload(staff, campaign, ACTION_NETWORK)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Action Network: 4 added (2 with consent to updates), 2 had already signed" in text
    assert "Line 7: first and last name are both needed" in text
    assert "Line 8: unknown ZIP code" in text
    imported = {s.email: s for s in Signature.objects.filter(source="import")}
    assert set(imported) == {
        "ana@example.org",
        "ben@example.org",
        "cy@example.org",
        "gus@example.org",
    }
    assert imported["ana@example.org"].send_updates is True
    assert imported["ana@example.org"].created_at.date().isoformat() == "2025-03-01"
    assert imported["ben@example.org"].send_updates is False
    assert imported["cy@example.org"].send_updates is False  # bouncing: never mailed
    assert all(s.status == "confirmed" for s in imported.values())
    cy = blind_index(canonical_email("cy@example.org"))
    assert Suppression.objects.get(email_index=cy).reason == "bounced"
    tasks()
    # No email was queued for anyone imported (Alice's own, queued when she signed, is dropped:
    # she is confirmed by then).
    assert Email.objects.count() == emails_before and outbox == []
    assert client_count(staff, campaign) == 5
    started, done = AuditEntry.objects.filter(object_type="signature", action="change").order_by(
        "pk"
    )
    assert started.record_count == 8 and "import of 8 rows from Action Network" in started.detail
    assert done.record_count == 4 and done.detail.startswith("imported from Action Network")
    # The same file again doubles nothing.
    again = upload(staff, campaign, ACTION_NETWORK).content.decode()
    assert "0 added" in again and Signature.objects.count() == 5


def client_count(staff, campaign) -> int:
    return staff.get(f"/c/{campaign.slug}.json").json()["signature_count"]


def test_actionkit_files_are_recognised_and_a_bad_file_says_why(staff_client, campaign):
    staff = staff_client()
    ok = upload(staff, campaign, ACTIONKIT).content.decode()
    assert "ActionKit: 1 added (1 with consent to updates)" in ok
    assert Signature.objects.get().comment == "Cameras everywhere."
    bad = upload(staff, campaign, "name,address\nx,y\n")
    assert (
        bad.status_code == 400 and "Not an Action Network or ActionKit file" in bad.content.decode()
    )
    lacking = upload(staff, campaign, "email,zip\nz@example.org,94110\n")
    assert "The header row lacks: first_name, last_name" in lacking.content.decode()


@pytest.mark.parametrize("layout", ["action_network", "actionkit"])
def test_an_export_in_their_layout_comes_back_in_unchanged(
    staff_client, campaign, make_campaign, layout
):
    staff = staff_client()
    upload(staff, campaign, ACTION_NETWORK)
    Signature.objects.create(  # pending: not a supporter another tool should get
        campaign=campaign,
        first_name="P",
        last_name="Q",
        email="p@example.org",
        email_index="p",
        zip_code="94110",
        state="CA",
    )
    response = staff.get(f"/staff/c/{campaign.slug}/signatures.csv?layout={layout}")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 5  # the file's five good rows; not the pending one
    status = "can2_subscription_status" if layout == "action_network" else "subscription_status"
    assert {r["email"]: r[status] for r in rows}["ana@example.org"] == "subscribed"
    gus = next(r for r in rows if r["email"] == "gus@example.org")
    assert gus["first_name"].startswith("'=")  # defused for spreadsheets
    second = make_campaign(slug="second")
    back = upload(staff, second, text).content.decode()
    assert "5 added (3 with consent to updates)" in back
    moved = Signature.objects.filter(campaign=second)
    assert sorted(s.email for s in moved) == sorted(r["email"] for r in rows)


def test_exports_in_their_layout_need_the_personal_export_permission(staff_client, campaign):
    staff = staff_client("Aggregates only")
    assert staff.get(f"/staff/c/{campaign.slug}/signatures.csv?layout=actionkit").status_code == 403
    assert staff.get(f"/staff/c/{campaign.slug}/import/").status_code == 403
    assert staff.get("/staff/integrations/").status_code == 403


def test_a_token_made_by_staff_is_shown_once_and_stored_hashed(staff_client, campaign):
    staff = staff_client()
    response = staff.post(
        "/staff/integrations/",
        {
            "action": "token",
            "token-name": "Our CRM",
            "token-scopes": ["aggregates", "people"],
        },
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    secret = response.context["shown"]["secret"]
    assert secret in response.content.decode()
    token = ApiToken.objects.get()
    assert token.scopes == ["aggregates", "people"] and secret not in token.digest
    assert secret not in staff.get("/staff/integrations/").content.decode()
    assert staff.get("/api/v1/people", HTTP_OSDI_API_TOKEN=secret).status_code == 200
    staff.post("/staff/integrations/", {"action": "revoke", "pk": token.pk})
    assert staff.get("/api/v1/", HTTP_OSDI_API_TOKEN=secret).status_code == 401
    assert AuditEntry.objects.filter(object_type="api_token").count() == 2


def test_a_webhook_registered_by_staff_shows_its_deliveries(staff_client, campaign, settings):
    settings.WEBHOOK_ALLOW_HTTP = False
    staff = staff_client()
    refused = staff.post(
        "/staff/integrations/",
        {
            "action": "webhook",
            "hook-name": "CRM",
            "hook-url": "http://crm.example.org/in",
            "hook-events": ["signature.confirmed"],
        },
    )
    assert refused.status_code == 400 and "Use an https:// address." in refused.content.decode()
    made = staff.post(
        "/staff/integrations/",
        {
            "action": "webhook",
            "hook-name": "CRM",
            "hook-url": "https://crm.example.org/in",
            "hook-events": ["signature.confirmed", "campaign.won"],
        },
    )
    endpoint = Endpoint.objects.get()
    assert endpoint.secret in made.content.decode() and endpoint.personal_data is False
    from stopalprs.webhooks.services import emit

    emit("signature.confirmed", object_id=1, campaign_id=campaign.pk)
    page = staff.get(f"/staff/integrations/webhooks/{endpoint.pk}/").content.decode()
    assert "signature.confirmed" in page and "Queued" in page
    assert endpoint.secret not in page


def test_the_privacy_page_names_every_tool_that_receives_personal_data(staff_client, client):
    from django.contrib.auth.models import AnonymousUser

    from stopalprs.api.services import create_token
    from stopalprs.webhooks.services import create_endpoint

    assert (
        "receive your name and email address right now: none."
        in client.get("/privacy/").content.decode()
    )
    create_endpoint(
        actor=AnonymousUser(),
        name="Counts bot",
        url="https://a.example/h",
        events=["campaign.won"],
        personal_data=False,
    )
    create_endpoint(
        actor=AnonymousUser(),
        name="Our CRM",
        url="https://b.example/h",
        events=["signature.confirmed"],
        personal_data=True,
    )
    create_token(actor=AnonymousUser(), name="Reporting", scopes=["aggregates"])
    create_token(actor=AnonymousUser(), name="Mailing list", scopes=["people"])
    page = client.get("/privacy/").content.decode()
    assert "right now: Mailing list, Our CRM." in page
    assert "Counts bot" not in page and "Reporting" not in page
    spanish = client.get("/es/privacy/").content.decode()
    assert "ahora mismo: Mailing list, Our CRM." in spanish


def test_imports_ask_the_sign_forms_questions_for_split_and_military_zips(staff_client, campaign):
    text = (
        "email,first_name,last_name,zip,state,district,subscription_status\n"
        "m1@example.org,Mo,One,09001,TX,,subscribed\n"  # military mail with its state
        "m2@example.org,Mo,Two,09001,,,subscribed\n"  # military mail, no state: refused
        "s1@example.org,Sam,One,90004,CA,CA-34,subscribed\n"  # split ZIP, district given
        "s2@example.org,Sam,Two,90004,CA,,subscribed\n"  # split ZIP, district unknown
        "s3@example.org,Sam,Three,90004,CA,CA-11,subscribed\n"  # not one of its districts
    )
    page = " ".join(upload(staff_client(), campaign, text).content.decode().split())
    assert "3 added" in page
    assert "Line 3: ZIP code 09001 is military mail: give the state where the signer votes" in page
    assert "Line 6: district CA-11 is not one of ZIP code 90004&#x27;s" in page
    assert "1 stored without a congressional district" in page and "Lines: 5." in page
    rows = set(Signature.objects.values_list("zip_code", "state", "district"))
    assert rows == {("09001", "TX", ""), ("90004", "CA", "CA-34"), ("90004", "CA", "")}
    assert not Signature.objects.filter(state="AE").exists()
