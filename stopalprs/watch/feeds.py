"""Atom feed of new events and an iCalendar feed of renewals and events, from our own data."""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from icalendar import Calendar, Event

from stopalprs.lib.http import absolute_url
from stopalprs.watch import services
from stopalprs.watch.models import ContractAction


class EventsFeed(Feed):
    feed_type = Atom1Feed
    title = "ALPR contract watch: new events"
    link = "/watch/"
    subtitle = "Council votes, renewals, cancellations and other events on ALPR contracts."

    def items(self) -> list[ContractAction]:
        return list(services.recent_events())

    def item_title(self, item: ContractAction) -> str:
        return f"{item.city}, {item.state}: {item.action_raw or item.action}"

    def item_description(self, item: ContractAction) -> str:
        return f"{item.vendor} — {item.date}. Source: {item.source_url} (via {item.credit})"

    def item_link(self, item: ContractAction) -> str:
        return item.jurisdiction.get_absolute_url() if item.jurisdiction else "/watch/"

    def item_guid(self, item: ContractAction) -> str:
        return absolute_url(f"/watch/event/{item.pk}")

    def item_pubdate(self, item: ContractAction) -> datetime | None:
        if item.event_date is None:
            return None
        return timezone.make_aware(datetime.combine(item.event_date, time(12)))


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//ALPR contract watch//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def _ics(cal: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar(request: HttpRequest) -> HttpResponse:
    """Coming renewals only, as the feed's name says: the dates to be in the room."""
    cal = _calendar("ALPR contract renewals")
    for j in services.upcoming_renewals():
        event = Event()
        event.add("uid", f"renewal-{j.slug}@{request.get_host()}")
        event.add("summary", f"ALPR contract renewal: {j.name}, {j.state}")
        event.add("dtstart", j.renewal_date)
        event.add("url", absolute_url(j.get_absolute_url()))
        event.add("dtstamp", timezone.now())
        cal.add_component(event)
    return _ics(cal, "alpr-renewals.ics")


def events_calendar(request: HttpRequest) -> HttpResponse:
    """What has happened: the latest dated events (votes, cancellations, renewals)."""
    cal = _calendar("ALPR contract events")
    for item in services.recent_events(100):
        if item.event_date is None:
            continue
        event = Event()
        event.add("uid", f"event-{item.pk}@{request.get_host()}")
        event.add("summary", f"{item.city}, {item.state}: {item.action_raw or item.action}")
        event.add("dtstart", item.event_date)
        event.add("url", item.source_url)
        event.add("dtstamp", timezone.now())
        cal.add_component(event)
    return _ics(cal, "alpr-events.ics")
