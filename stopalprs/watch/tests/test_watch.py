from __future__ import annotations

import csv
import re
from datetime import timedelta

import feedparser
import pytest
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar

from stopalprs.audit.models import AuditEntry
from stopalprs.watch.models import ContractAction, CrowdReport, Jurisdiction

pytestmark = pytest.mark.django_db


def _found(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    assert match, pattern
    return match.group(1)


def shipped_rows() -> list[dict[str, str]]:
    with (settings.REFERENCE_DATA_DIR / "alpr" / "alpr_contract_actions.csv").open() as f:
        return list(csv.DictReader(f))


def test_the_watch_lists_every_shipped_row_with_its_source_page_by_page(client):
    first = client.get("/watch/").content.decode()
    pages = int(_found(r"Page 1 of (\d+)", first))
    assert pages > 1  # the list is paged, not one 12,000 px page
    html = "".join(
        client.get(f"/watch/?page={n}").content.decode() for n in range(1, pages + 1)
    ).replace("&amp;", "&")
    for row in shipped_rows():
        assert f'href="{row["source_url"]}"' in html, row["source_url"]
    assert "DeFlock" in first and "us-atlas" in first  # credits shown
    assert first.count('<li><h2><a href="/watch/') == 40


def test_paging_keeps_the_filters(client):
    html = client.get("/watch/?status=ended").content.decode()
    assert 'href="?status=ended&amp;page=2"' in html


def test_the_status_filter_offers_only_statuses_some_place_has_with_counts(client):
    html = client.get("/watch/").content.decode()
    options = re.findall(
        r'<option value="([a-z]+)"[^>]*>([^<]*)</option>', html.split('name="status"')[1]
    )
    assert options and all(re.search(r"\((\d+)\)$", label) for _, label in options)
    for value, label in options:
        n = int(_found(r"\((\d+)\)$", label))
        page = client.get(f"/watch/?status={value}").content.decode()
        assert f"{n} place" in page and n > 0


def test_the_map_legend_does_not_make_wins_look_like_surveillance(client):
    html = client.get("/watch/").content.decode()
    assert "all known contracts ended (wins)" in html
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    ended = _found(r"\.st-ended \{ fill: #([0-9a-f]{6})", css)
    # light: a state where every contract ended must not be the darkest on the map
    assert sum(int(ended[i : i + 2], 16) for i in (0, 2, 4)) > 3 * 160


def test_the_map_is_drawn_here_with_every_state(client):
    html = client.get("/watch/").content.decode()
    assert html.count('class="st st-') == 51  # the 50 states and DC
    assert "<title>Texas: " in html and "<script" not in html.split("<svg", 1)[1].split("</svg>")[0]


def test_filters_narrow_the_list(client):
    html = client.get("/watch/?state=AZ").content.decode()
    assert "Flagstaff, AZ" in html and "Austin, TX" not in html
    assert "Austin, TX" in client.get("/watch/?q=austin").content.decode()


def test_austin_shows_its_events_in_date_order(client):
    austin = Jurisdiction.objects.get(slug="tx-austin")
    html = client.get(austin.get_absolute_url()).content.decode()
    dates = re.findall(r"<li><strong>([0-9-]+)</strong>", html)
    assert dates == sorted(dates) and len(dates) == 3
    assert "City manager withdrew extension" in html
    assert austin.status == "ended"


def test_the_wins_page_lists_cancellations(client):
    html = client.get("/watch/wins/").content.decode()
    assert "Flagstaff, AZ" in html and "Sedona, AZ" in html
    wins = [
        r
        for r in shipped_rows()
        if r["action"]
        in {"cancelled", "deactivated", "rejected_or_not_renewed", "not_renewed", "banned"}
    ]
    assert f"{len(wins)} wins so far" in html


def test_the_atom_feed_is_valid(client):
    response = client.get("/watch/feed.atom")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "ALPR contract watch: new events" and len(feed.entries) == 50


def test_the_calendar_parses_with_renewals(client):
    austin = Jurisdiction.objects.get(slug="tx-austin")
    austin.renewal_date = timezone.now().date() + timedelta(days=30)
    austin.save()
    cal = Calendar.from_ical(client.get("/watch/calendar.ics").content)
    summaries = [str(e.get("summary")) for e in cal.walk("VEVENT")]
    assert "ALPR contract renewal: Austin, TX" in summaries
    # the renewals feed holds coming renewals and nothing else (no past cancellations)
    assert all(s.startswith("ALPR contract renewal: ") for s in summaries)
    today = timezone.now().date()
    assert all(e.decoded("dtstart") >= today for e in cal.walk("VEVENT"))
    events = Calendar.from_ical(client.get("/watch/events.ics").content)
    assert str(events.get("x-wr-calname")) == "ALPR contract events"
    assert len(events.walk("VEVENT")) > 50
    assert "in 30 days" in client.get(austin.get_absolute_url()).content.decode()


def test_a_crowd_report_is_invisible_until_staff_accept_it(client, staff_client):
    form = {
        "city": "Springfield",
        "state": "IL",
        "kind": "renewal",
        "date": (timezone.now().date() + timedelta(days=20)).isoformat(),
        "description": "Council votes on the Flock renewal on the consent agenda.",
        "source_url": "https://example.org/agenda",
    }
    assert client.post("/watch/report/", form).status_code == 302
    assert "Springfield, IL" not in client.get("/watch/").content.decode()
    assert not ContractAction.objects.filter(city="Springfield", state="IL").exists()
    web = staff_client("Campaign admin")
    page = web.get("/staff/watch/reports/").content.decode()
    assert "Council votes on the Flock renewal" in page
    report = CrowdReport.objects.get()
    web.post("/staff/watch/reports/", {"report": report.pk, "decision": "accept"})
    html = client.get("/watch/").content.decode()
    assert "Springfield, IL" in html and "https://example.org/agenda" in html
    place = Jurisdiction.objects.get(slug="il-springfield")
    assert place.renewal_date == report.date
    assert (
        "a reader&#x27;s report, checked by our staff"
        in client.get(place.get_absolute_url()).content.decode()
    )
    assert AuditEntry.objects.filter(object_type="crowd report", detail="report accepted").exists()


def test_a_rejected_or_honeypot_report_never_appears(client, staff_client):
    base = {
        "city": "Shelbyville",
        "state": "IL",
        "kind": "other",
        "date": "2026-01-05",
        "description": "x",
        "source_url": "https://example.org/x",
    }
    client.post("/watch/report/", {**base, "website": "spam"})
    assert not CrowdReport.objects.exists()
    client.post("/watch/report/", base)
    staff_client().post(
        "/staff/watch/reports/", {"report": CrowdReport.objects.get().pk, "decision": "reject"}
    )
    assert "Shelbyville" not in client.get("/watch/").content.decode()


def test_the_report_form_preselects_no_answer_and_offers_no_blank_one(client):
    html = client.get("/watch/report/").content.decode()
    radios = re.findall(r'<input type="radio" name="kind"[^>]*>', html)
    assert len(radios) == len(CrowdReport.Kind.choices)
    assert not any('value=""' in r or "checked" in r for r in radios)
    assert "Select an option" not in html and "---" not in html
    untouched = client.post("/watch/report/", {"city": "Springfield"})
    assert "This field is required." in untouched.content.decode()


def test_an_accepted_report_reads_as_one_sentence_on_the_timeline(client, staff_client):
    form = {
        "city": "Springfield",
        "state": "IL",
        "kind": "other",
        "date": "2026-01-14",
        "description": "The council paused the cameras on Jan 14.",
        "source_url": "https://example.org/minutes",
    }
    client.post("/watch/report/", form)
    staff_client().post(
        "/staff/watch/reports/", {"report": CrowdReport.objects.get().pk, "decision": "accept"}
    )
    html = client.get(Jurisdiction.objects.get(slug="il-springfield").get_absolute_url())
    text = " ".join(html.content.decode().split())
    assert "The council paused the cameras on Jan 14." in text
    assert ".." not in text


def test_reports_need_a_source(client):
    form = {"city": "X", "state": "IL", "kind": "other", "date": "2026-01-01", "description": "y"}
    response = client.post("/watch/report/", form)
    assert response.status_code == 400 and not CrowdReport.objects.exists()


def test_a_place_page_counts_local_people_without_naming_them(client, campaign):
    from stopalprs.organizing.tests.helpers import confirmed_organizer

    confirmed_organizer(1, city="Austin", state="TX", zip_code="78701")
    html = client.get("/watch/tx-austin/").content.decode()
    assert "0 confirmed petition signers, 1 organizer" in html and "Person 1" not in html


def test_signers_see_their_citys_contract_status(client, campaign, alice):
    html = client.post("/c/stop-alprs/", {**alice, "zip_code": "78701"}, follow=True)
    page = html.content.decode()
    assert "License plate readers in Austin: Ended" in page
    assert 'href="/watch/tx-austin/"' in page


def test_staff_see_an_organizers_local_contract(staff_client):
    from stopalprs.organizing.tests.helpers import confirmed_organizer

    person = confirmed_organizer(1, city="Austin", state="TX", zip_code="78701")
    page = staff_client("Organizer network").get(f"/staff/organizers/{person.public_id}/")
    assert 'href="/watch/tx-austin/"' in page.content.decode()
