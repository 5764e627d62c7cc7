from __future__ import annotations

import re
from datetime import date, timedelta
from html import escape

import pytest
import time_machine
from django.utils import timezone

from stopalprs.lawmakers.states import STATES
from stopalprs.privacy.tokens import manage_token
from stopalprs.watch import records
from stopalprs.watch.models import RecordsLaw, RecordsRequest

pytestmark = pytest.mark.django_db
TRACKER = re.compile(r"http://testserver(/watch/records/t/[^\s/\"]+/)")


def test_a_letter_cites_the_states_law_and_deadline_and_stores_nothing(client):
    html = client.get(
        "/watch/records/",
        {
            "agency": "Austin Police Department",
            "state": "TX",
            "sent_on": "2026-12-01",
        },
    ).content.decode()
    law = RecordsLaw.objects.get(state="TX")
    assert law.law_name in html and escape(law.citation) in html
    assert "audit logs of searches" in html.lower() and "hot lists" in html
    assert "not legal advice" in html.lower() and law.source_url in html
    assert not RecordsRequest.objects.exists()


def test_every_state_with_a_law_gets_a_letter(client):
    for state in RecordsLaw.objects.values_list("state", flat=True):
        letter = records.draft_letter(state=state, agency="Town PD", sent_on=date(2026, 12, 1))
        assert letter is not None and letter.law.citation in letter.text
    assert RecordsLaw.objects.count() == 51 and set(STATES) >= set(
        RecordsLaw.objects.values_list("state", flat=True)
    )


def test_business_days_skip_weekends():
    law = RecordsLaw(state="ZZ", response_days=5, days_type="business")
    assert law.due_date(date(2026, 12, 4)) == date(2026, 12, 11)  # Friday → next Friday
    assert RecordsLaw(response_days=10, days_type="calendar").due_date(date(2026, 12, 4)) == (
        date(2026, 12, 14)
    )
    assert RecordsLaw(response_days=None, days_type="none").due_date(date(2026, 12, 4)) is None


def test_the_letter_downloads_as_text(client):
    response = client.get(
        "/watch/records/",
        {
            "agency": "Town PD",
            "state": "CA",
            "sent_on": "2026-12-01",
            "format": "txt",
        },
    )
    assert response["Content-Disposition"].startswith("attachment")
    assert b"To the public-records officer, Town PD" in response.content


def test_tracking_confirms_reminds_once_records_the_answer_and_can_be_erased(
    client, outbox, tasks, django_capture_on_commit_callbacks
):
    today = timezone.now().date()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/watch/records/track/",
            {
                "agency": "Town PD",
                "state": "TX",
                "sent_on": today.isoformat(),
                "email": "rita@example.org",
            },
        )
    tasks()
    assert outbox[0].subject == "Confirm reminders for your records request"
    link = TRACKER.search(outbox[0].body).group(1)  # type: ignore[union-attr]
    assert "Confirm" in client.get(link).content.decode()
    assert RecordsRequest.objects.get().confirmed_at is None  # GET changes nothing
    client.post(link, {"action": "confirm"})
    tracked = RecordsRequest.objects.get()
    assert tracked.confirmed_at is not None and tracked.due_on is not None
    with (
        time_machine.travel(tracked.due_on - timedelta(days=2)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert records.send_reminders() == 1
        assert records.send_reminders() == 0  # once
    tasks()
    assert "is nearly due" in outbox[-1].subject and outbox[-1].to == ["rita@example.org"]
    client.post(
        link,
        {
            "action": "answer",
            "status": "partial",
            "answered_on": today,
            "notes": "Contract only; no audit logs.",
        },
    )
    tracked.refresh_from_db()
    assert (tracked.status, tracked.answer_notes) == ("partial", "Contract only; no audit logs.")
    manage = f"/privacy/manage/{manage_token('rita@example.org')}/"
    data = client.post(manage, {"action": "export"}).json()
    assert data["public_records_requests"][0]["status"] == "partial"
    client.post(manage, {"action": "erase"})
    assert not RecordsRequest.objects.exists()


def test_tracked_requests_are_deleted_after_a_year(db):
    from stopalprs.privacy.services import enforce_retention

    old = timezone.now().date() - timedelta(days=400)
    for agency, sent in (("A", old), ("B", timezone.now().date())):
        RecordsRequest.objects.create(
            agency=agency,
            state="TX",
            sent_on=sent,
            email=f"{agency}@e.org",
            email_index=agency,
            confirmed_at=timezone.now(),
        )
    enforce_retention()
    assert list(RecordsRequest.objects.values_list("agency", flat=True)) == ["B"]


def test_the_letter_reads_as_a_careful_person_would_write_it(db):
    for state in RecordsLaw.objects.values_list("state", flat=True):
        letter = records.draft_letter(state=state, agency="Town PD", sent_on=date(2026, 12, 1))
        assert letter is not None
        text = letter.text
        law = RecordsLaw.objects.get(state=state)
        assert "Flock Safety" in text and "(ALPR)" in text and "Motorola Solutions" in text
        items = re.findall(r"^\d\. (.*)$", text, re.M)
        assert len(items) == len(records.ASKS)
        assert all(i.endswith(";") for i in items[:-1]) and items[-1].endswith(".")
        assert all(i[0].isupper() for i in items)
        # no research notes pasted in, no doubled punctuation
        if law.deadline_text:
            assert law.deadline_text not in text
        assert "((" not in text and '("' not in text and ".." not in text
        assert " business days" in text or "calendar days" in text or "response" in text


def test_the_page_links_the_legislatures_own_site_and_calls_the_guide_a_guide(client):
    html = client.get(
        "/watch/records/",
        {"agency": "Austin Police Department", "state": "TX", "sent_on": "2026-12-01"},
    ).content.decode()
    assert "on the legislature's own website" in html
    assert re.search(r'href="https://[a-z.]*(texas\.gov|tx\.us|legislature)[a-z./]*"', html)
    assert "a guide, not the official text" in html
