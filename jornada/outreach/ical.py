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
from datetime import UTC
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
    for event in events:
        try:
            components = _components(event, language, link_of(event))
        except Exception:  # one bad record must not take the whole feed down
            logger.exception("outreach: event %s left out of a calendar feed", event.pk)
            continue
        for component in components:
            calendar.add_component(component)
    calendar.add_missing_timezones()
    return calendar.to_ical()
