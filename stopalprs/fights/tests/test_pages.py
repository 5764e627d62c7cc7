"""The public pages of a fight, in both languages, and its open data and calendars."""

from __future__ import annotations

import json

import pytest
from icalendar import Calendar

from stopalprs.fights.models import Tally

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["", "/es"])
def test_the_fight_pages_show_facts_stances_and_the_next_deadline(client, fight, meeting, language):
    index = client.get(f"{language}/fights/").content.decode()
    assert "Springfield" in index and "<svg" in index
    page = client.get(f"{language}{fight.get_absolute_url()}").content.decode()
    assert "Flock Safety" in page and "https://example.org/contract.pdf" in page
    assert "Ada Quill" in page and ("Undecided" in page or "Indeciso" in page)
    assert "50" in page  # the word limit
    if language:
        assert "El concejo vota" in page
    assert client.get(f"{language}{meeting.get_absolute_url()}").status_code == 200
    assert client.get(f"{language}/fights/{fight.slug}/contact/").status_code == 200


def test_contact_links_count_by_channel_only(client, fight):
    member = fight.decision_makers.first()
    response = client.get(f"/fights/{fight.slug}/contact/{member.pk}/call/")
    assert response.status_code == 302 and response["Location"].startswith("tel:+")
    response = client.get(f"/fights/{fight.slug}/contact/{member.pk}/email/")
    assert response["Location"].startswith(f"mailto:{member.email}?subject=")
    assert "vote%20no" in response["Location"]  # the script, worded for an undecided member
    spanish = client.get(f"/es/fights/{fight.slug}/contact/{member.pk}/email/")["Location"]
    assert "le%20pido" in spanish
    assert client.get(f"/fights/{fight.slug}/contact/{member.pk}/fax/").status_code == 404
    assert sorted(Tally.objects.values_list("channel", flat=True)) == ["call", "email", "email"]


def test_open_data_has_counts_and_stances_never_people(client, fight, meeting):
    from stopalprs.fights import comments

    comments.submit_comment(
        meeting=meeting, email="q@example.org", name="Quiet Q", body="no", position="oppose"
    )
    data = client.get("/fights.json").json()
    [one] = data["fights"]
    assert one["decision_makers"][0]["stance"]["position"] == "undecided"
    assert one["upcoming_meetings"][0]["public_comment"]["word_limit"] == 50
    assert "q@example.org" not in json.dumps(data) and "Quiet Q" not in json.dumps(data)
    assert (
        client.get(f"/es/fights/{fight.slug}.json").json()
        == client.get(f"/fights/{fight.slug}.json").json()
    )


def test_the_calendars_hold_the_meeting_in_the_places_time_zone(client, fight, meeting):
    for url in ("/fights/calendar.ics", f"/fights/{fight.slug}/calendar.ics"):
        cal = Calendar.from_ical(client.get(url).content)
        [event] = cal.walk("VEVENT")
        start = event.decoded("dtstart")
        assert str(start.tzinfo) == "America/Chicago"
        assert start == meeting.starts_at.replace(microsecond=0)


def test_the_watch_and_the_campaign_link_to_the_fight(client, fight, campaign):
    place_page = client.get(fight.jurisdiction.get_absolute_url()).content.decode()
    assert fight.get_absolute_url() in place_page
    thanks = client.get("/c/stop-alprs/thanks/?zip=62701&state=IL&district=").content.decode()
    assert fight.get_absolute_url() in thanks


def test_the_api_lists_fights_with_their_petition_and_counts(client, fight, campaign):
    from django.contrib.auth.models import AnonymousUser

    from stopalprs.api.services import create_token
    from stopalprs.fights import services

    services.create_petition(actor=AnonymousUser(), fight=fight)
    secret = create_token(actor=AnonymousUser(), name="crm", scopes=["aggregates"])[1]
    body = client.get("/api/v1/fights", HTTP_OSDI_API_TOKEN=secret).json()
    [one] = body["_embedded"]["osdi:stopalprs:fights"]
    assert one["petition"]["total_signatures"] == 0
    assert one["_links"]["osdi:petition"]["href"].endswith(f"/petitions/{fight.petition.slug}")
    assert one["counts"]["petition_signatures_inside"] == 0
    # The local petition is addressed to the voting members, as the place's constituents.
    targets = fight.petition.custom_targets.all()
    assert {t.name for t in targets} == {"Ada Quill", "Bo Reyes", "Cy Tran"}
    assert all("62701" in t.zip_set for t in targets)
    one_fight = client.get(f"/api/v1/fights/{fight.slug}", HTTP_OSDI_API_TOKEN=secret)
    assert one_fight.status_code == 200
    assert client.get("/api/v1/fights/nowhere", HTTP_OSDI_API_TOKEN=secret).status_code == 404
