"""iCalendar feeds of the meetings where a contract is decided, per fight and for all."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from stopalprs.fights.models import Fight, Meeting
from stopalprs.lib.http import absolute_url

MEETING_LENGTH = timedelta(hours=3)


def _calendar(name: str, meetings: Iterable[Meeting]) -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//ALPR fights//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    host = absolute_url("/").split("//", 1)[-1].strip("/")
    for meeting in meetings:
        fight = meeting.fight
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("summary", f"{meeting.body}, {fight.jurisdiction}: ALPR contract")
        # In the place's own time zone, so a calendar elsewhere shows the right hour.
        event.add("dtstart", meeting.local_start)
        event.add("dtend", meeting.local_start + MEETING_LENGTH)
        event.add("dtstamp", timezone.now())
        event.add("url", absolute_url(meeting.get_absolute_url()))
        if meeting.location:
            event.add("location", meeting.location)
        lines = [f"On the agenda: {meeting.get_item_display()}"]
        if meeting.item_number:
            lines.append(f"Item {meeting.item_number}")
        if meeting.local_deadline:
            lines.append(f"Written comments due {meeting.local_deadline:%Y-%m-%d %H:%M %Z}")
        if meeting.remote_url:
            lines.append(f"Watch or join: {meeting.remote_url}")
        lines.append(absolute_url(meeting.get_absolute_url()))
        event.add("description", "\n".join(lines))
        cal.add_component(event)
    return cal


def for_fight(fight: Fight) -> Calendar:
    meetings = fight.meetings.select_related("fight__jurisdiction").order_by("starts_at")
    return _calendar(f"ALPR contract: {fight.jurisdiction}", meetings)


def for_all() -> Calendar:
    since = timezone.now() - timedelta(days=30)
    meetings = (
        Meeting.objects.filter(fight__published=True, starts_at__gte=since)
        .select_related("fight__jurisdiction")
        .order_by("starts_at")
    )
    return _calendar("ALPR contract votes", meetings)


def response(cal: Calendar, filename: str) -> HttpResponse:
    reply = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    reply["Content-Disposition"] = f'inline; filename="{filename}"'
    return reply


def feed_url(fight: Fight | None = None) -> str:
    if fight is None:
        return reverse("fights:calendar")
    return reverse("fights:fight_calendar", args=[fight.slug])
