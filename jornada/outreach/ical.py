"""iCalendar (RFC 5545) for events, built with the ``icalendar`` package.

Each slot of an event is one VEVENT whose UID is the event's ``uid`` and the slot's position,
so it never changes; SEQUENCE is the event's revision and STATUS follows the event's status,
so a calendar that subscribed to a feed replaces what it holds when an event is moved or
cancelled. An event that cannot be written (bad data in the database) is left out and logged:
one bad event never breaks a feed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, vRecur
from icalendar import Event as VEvent

from jornada.outreach.models import Event, EventStatus

logger = logging.getLogger(__name__)

ICS_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.RESCHEDULED: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}
PRODID = "-//Jornada//outreach events//ES"
# How far past an event's first date its time zone's changes are written: a recurrence of at most
# 500 instances, weekly, lasts under ten years.
RECURRENCE_YEARS = 10


def slot_uid(event: Event, position: int) -> str:
    """Return the UID of one slot's VEVENT: the same for the life of the event."""
    return f"{event.uid}-{position}@jornada"


def _components(event: Event, language: str, link: str) -> list[VEvent]:
    zone = ZoneInfo(event.time_zone)
    location = event.place.one_line(language) if event.place else event.online_url
    description = "\n\n".join(
        part for part in (event.description(language), event.what_to_bring(language), link) if part
    )
    components = []
    for slot in event.slots.all():
        component = VEvent()
        component.add("uid", slot_uid(event, slot.position))
        component.add("dtstamp", event.updated_at.astimezone(UTC))
        component.add("last-modified", event.updated_at.astimezone(UTC))
        component.add("created", event.created_at.astimezone(UTC))
        component.add("sequence", event.sequence)
        component.add("status", ICS_STATUS[EventStatus(event.status)])
        component.add("summary", event.title(language))
        component.add("dtstart", slot.starts_at.astimezone(zone))
        component.add("dtend", slot.ends_at.astimezone(zone))
        if event.rrule:
            component.add("rrule", vRecur.from_ical(event.rrule))
        if description:
            component.add("description", description)
        if location:
            component.add("location", location)
        if event.place and event.place.latitude is not None and event.place.longitude is not None:
            component.add("geo", (float(event.place.latitude), float(event.place.longitude)))
        component.add("url", link)
        topics = [topic.label(language, "worker") for topic in event.topics.all()]
        if topics:
            component.add("categories", topics)
        components.append(component)
    return components


def calendar_build(
    events: Iterable[Event], *, name: str, language: str, link_of: Callable[[Event], str]
) -> bytes:
    """Return an iCalendar file of ``events``; an event that fails to build is skipped and logged."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    first = last = None
    for event in events:
        try:
            components = _components(event, language, link_of(event))
        except Exception:  # one bad record must not take the whole feed down
            logger.exception("outreach: event %s left out of a calendar feed", event.pk)
            continue
        for component in components:
            calendar.add_component(component)
            start = component.decoded("DTSTART").date()
            first = start if first is None else min(first, start)
            last = start if last is None else max(last, start)
    if first is not None and last is not None:
        calendar.add_missing_timezones(
            first_date=first - timedelta(days=366), last_date=last + timedelta(days=RECURRENCE_YEARS * 366)
        )
        _one_rdate_per_line(calendar)
    return calendar.to_ical()


def _one_rdate_per_line(calendar: Calendar) -> None:
    """Write each time-zone change as its own RDATE line.

    RFC 5545 allows a comma-separated list, but dateutil (and so vobject and the programs built
    on them) reads only the first date of a list: every later daylight-saving change was lost.
    """
    for zone in calendar.walk("VTIMEZONE"):
        for part in zone.subcomponents:
            found = part.get("RDATE")
            if found is None:
                continue
            lists = found if isinstance(found, list) else [found]
            moments = [moment.dt for values in lists for moment in values.dts]
            del part["RDATE"]
            for moment in moments:
                part.add("rdate", moment)
