"""Staff run many campaigns: create one that takes signatures at its own URL, edit it in two
languages with a preview, declare a win, read the dashboard, and enter paper signatures."""

from __future__ import annotations

import pytest

from stopalprs.actions import identity
from stopalprs.audit.models import AuditEntry
from stopalprs.campaigns.models import Campaign, ShareTally
from stopalprs.signatures.models import PaperBatch, Signature
from stopalprs.signatures.tests.helpers import confirm_path, sign

pytestmark = pytest.mark.django_db

NEW = {
    "title": "Stop the cameras in Springfield",
    "slug": "springfield",
    "summary": "Springfield wants 40 more cameras.",
    "ask": "Vote no on the Flock renewal.",
    "body": "The council votes **in March**.\n\n<script>alert(1)</script>",
    "share_text": "",
    "thank_you_text": "Thank you!",
    "goal": "500",
    "state": "open",
    "opens_at": "",
    "closes_at": "",
    "target_house": "on",
    "target_senate": "on",
    "title_es": "Paren las cámaras en Springfield",
    "summary_es": "",
    "ask_es": "Voten no.",
    "body_es": "",
    "share_text_es": "",
    "thank_you_text_es": "¡Gracias!",
}


def count(client, slug: str) -> int:
    return client.get(f"/c/{slug}.json").json()["signature_count"]


def test_a_new_campaign_takes_signatures_at_its_own_url_with_its_own_count(
    staff_client, campaign, client, alice, outbox, tasks, django_capture_on_commit_callbacks
):
    staff = staff_client()
    response = staff.post("/staff/campaigns/new/", {**NEW, "action": "save"})
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Campaign.objects.get(slug="springfield")
    assert created.translations["es"]["title"] == "Paren las cámaras en Springfield"
    assert AuditEntry.objects.filter(object_type="campaign", object_ref="springfield").exists()
    staff.logout()

    page = client.get("/c/springfield/").content.decode()
    assert "Stop the cameras in Springfield" in page and "<script>alert" not in page
    spanish = client.get("/c/springfield/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Paren las cámaras en Springfield" in spanish
    assert "Springfield wants 40 more cameras." in spanish  # no Spanish summary: English shown
    home = client.get("/").content.decode()
    assert "/c/springfield/" in home and "/c/stop-alprs/" in home

    sign(client, created, alice, django_capture_on_commit_callbacks)
    tasks()
    client.post(confirm_path(outbox[0].body))
    assert count(client, "springfield") == 1
    assert count(client, "stop-alprs") == 0


def test_the_form_says_what_to_fix_and_saves_nothing(staff_client, campaign):
    response = staff_client().post(
        "/staff/campaigns/new/", {**NEW, "slug": "stop-alprs", "title": "", "action": "save"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page and "This field is required." in page
    assert "Campaign with this Slug already exists." in page
    assert Campaign.objects.count() == 1


def test_preview_renders_both_languages_without_saving(staff_client, campaign):
    staff = staff_client()
    page = staff.post("/staff/campaigns/new/", {**NEW, "action": "preview"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<strong>in March</strong>" in html and "<script>alert" not in html
    assert "Paren las cámaras en Springfield" in html
    # The script's live preview gets the pane alone.
    pane = staff.post("/staff/campaigns/new/", {**NEW, "action": "preview"}, HTTP_X_PREVIEW="1")
    assert pane.content.decode().lstrip().startswith('<div class="preview-pair">')
    assert not Campaign.objects.filter(slug="springfield").exists()


def test_roles_without_the_permission_cannot_create_or_edit(staff_client, campaign):
    aggregates = staff_client("Aggregates only")
    assert aggregates.get("/staff/campaigns/new/").status_code == 403
    assert aggregates.post("/staff/c/stop-alprs/edit/", NEW).status_code == 403
    assert aggregates.get("/staff/c/stop-alprs/").status_code == 200  # the dashboard


def test_victory_replaces_the_form_and_tells_opted_in_signers(
    staff_client,
    make_campaign,
    client,
    outbox,
    tasks,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.UPDATE_SENDS_PER_MINUTE = 10**9
    won = make_campaign(slug="won")
    for n, updates in ((1, True), (2, False)):
        Signature.objects.create(
            campaign=won,
            first_name="S",
            last_name=str(n),
            email=f"s{n}@example.org",
            email_index=f"idx{n}",
            zip_code="94110",
            state="CA",
            status=Signature.Status.CONFIRMED,
            send_updates=updates,
        )
    staff = staff_client()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            "/staff/c/won/victory/",
            {
                "message": "The council **cancelled** the contract.",
                "message_es": "¡Ganamos!",
                "subject": "We won",
                "notify": "on",
            },
        )
    assert response.status_code == 302
    tasks()
    won.refresh_from_db()
    assert won.state == Campaign.State.WON and won.ended_at is not None
    page = client.get("/c/won/").content.decode()
    assert "<strong>cancelled</strong>" in page and 'class="sign-form"' not in page
    assert "¡Ganamos!" in client.get("/c/won/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert [m.to for m in outbox] == [["s1@example.org"]]
    assert outbox[0].subject == "We won"


def test_dashboard_shows_counts_map_and_share_channels(
    staff_client, campaign, client, alice, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/c/stop-alprs/?s=whatsapp", alice)
        client.post("/c/stop-alprs/?s=not-a-channel", bob)
    assert list(ShareTally.objects.values_list("channel", flat=True)) == ["whatsapp"]
    Signature.objects.update(status="confirmed", fraud_state="ok")  # one IP: bob was held
    page = staff_client("Aggregates only").get("/staff/c/stop-alprs/").content.decode()
    assert page.count("<path ") == 51  # fifty states and DC
    assert "California: 2" in page and "CA-11: 2" in page and "94110: 2" in page
    assert "whatsapp: 1" in page
    assert "Confirmation rate (online)</dt><dd>100%" in page
    # The share link's page posts back with its channel, so it can be tallied without JS.
    shared = client.get("/c/stop-alprs/?s=sms").content.decode()
    assert 'action="/c/stop-alprs/?s=sms"' in shared
    assert 'action="/c/stop-alprs/"' in client.get("/c/stop-alprs/?s=<b>").content.decode()


def test_paper_signatures_count_once_and_apart(staff_client, campaign, client):
    online = Signature.objects.create(
        campaign=campaign,
        first_name="Alice",
        last_name="Liddell",
        email="alice@example.org",
        email_index="will-be-replaced",
        zip_code="94110",
        state="CA",
        district="CA-11",
        status=Signature.Status.CONFIRMED,
    )

    online.email_index = identity.email_index("alice@example.org")
    online.save()
    staff = staff_client()
    staff.post(
        "/staff/c/stop-alprs/paper/",
        {
            "event": "Library town hall",
            "collected_on": "2026-11-20",
            "consent_text": "Tick to get campaign news by email.",
        },
    )
    batch = PaperBatch.objects.get()
    url = f"/staff/paper/{batch.pk}/"
    # Same address as online, and same name in the same ZIP: both already signed.
    staff.post(
        url,
        {"first_name": "A", "last_name": "L", "zip_code": "94110", "email": "Alice@Example.org"},
    )
    staff.post(url, {"first_name": " alice ", "last_name": "LIDDELL", "zip_code": "94110"})
    staff.post(
        url,
        {
            "first_name": "Carmen",
            "last_name": "Ruiz",
            "zip_code": "94110",
            "email": "carmen@example.org",
            "send_updates": "on",
        },
    )
    sheet = (
        b"first_name,last_name,zip_code,email,send_updates\n"
        b"Dev,Patel,10001,,yes\n"
        b"Eve,,10001,,\n"
        b"Carmen,Ruiz,94110,carmen@example.org,yes\n"
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = staff.post(url, {"sheet": SimpleUploadedFile("sheet.csv", sheet)})
    page = response.content.decode()
    assert "1 added, 1 had already signed, 1 not stored" in page
    assert "Line 3: first and last name are both needed" in page

    paper = Signature.objects.filter(source=Signature.Source.PAPER)
    assert sorted(paper.values_list("zip_code", "status", "send_updates")) == [
        ("10001", "confirmed", False),  # no address: never emailed, whatever was ticked
        ("94110", "confirmed", True),
    ]
    data = client.get("/c/stop-alprs.json").json()
    assert data["signature_count"] == 3 and data["paper_signature_count"] == 2
    assert "Including 2 signatures collected on paper." in client.get("/").content.decode()
    entered = AuditEntry.objects.filter(object_type="paper_batch", verb="paper_batch.entered")
    assert entered.count() == 4
    # The batch itself was recorded by its service too, with who entered it.
    created = AuditEntry.objects.get(verb="paper_batch.created")
    assert created.actor_name == "carol" and "Library town hall" in created.detail


def test_paper_sheets_import_from_the_command_line(campaign, tmp_path):
    import io

    from django.core.management import call_command

    sheet = tmp_path / "sheet.csv"
    sheet.write_text("first_name,last_name,zip_code\nDev,Patel,10001\nDev,Patel,10001\n,,x\n")
    out = io.StringIO()
    call_command(
        "import_paper_signatures",
        "stop-alprs",
        str(sheet),
        "--event",
        "Fair",
        "--date",
        "2026-10-01",
        "--consent",
        "None asked.",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert out.getvalue().startswith("1 added, 1 had already signed, 1 refused")


def test_paper_signatures_from_split_and_military_zips_are_placed_or_reported(
    staff_client, campaign
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff = staff_client()
    staff.post(
        "/staff/c/stop-alprs/paper/",
        {"event": "Base fair", "collected_on": "2026-11-20", "consent_text": "None asked."},
    )
    url = f"/staff/paper/{PaperBatch.objects.get().pk}/"
    refused = staff.post(url, {"first_name": "Al", "last_name": "Apo", "zip_code": "09001"})
    assert "military mail: give the state" in refused.content.decode()
    staff.post(url, {"first_name": "Al", "last_name": "Apo", "zip_code": "09001", "state": "ny"})
    sheet = (
        b"first_name,last_name,zip_code,state,district\nSam,Split,90004,,\nSue,Split,90004,,CA-34\n"
    )
    page = " ".join(
        staff.post(url, {"sheet": SimpleUploadedFile("s.csv", sheet)}).content.decode().split()
    )
    assert "2 added" in page and "1 stored without a congressional district" in page
    assert "Lines: 2." in page
    rows = set(Signature.objects.values_list("zip_code", "state", "district"))
    assert rows == {("09001", "NY", ""), ("90004", "CA", ""), ("90004", "CA", "CA-34")}
