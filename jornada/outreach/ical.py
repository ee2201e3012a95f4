"""iCalendar (RFC 5545) for events: VEVENTs written as text, time zones by the ``icalendar`` package.

Each slot of an event is one VEVENT whose UID is the event's ``uid`` and the slot's position,
so it never changes; SEQUENCE is the event's revision and STATUS follows the event's status,
so a calendar that subscribed to a feed replaces what it holds when an event is moved or
cancelled. A slot removed from an event is written on as STATUS:CANCELLED (its tombstone) until
its last date has passed, so subscribers drop it rather than keep it forever.

A state's feed holds about 700 VEVENTs: icalendar's own objects cost about 0.3 ms each to build
and serialise, so the VEVENTs are written here as text from plain values (``FeedEvent``), each
value escaped by icalendar's ``vText`` and each long line folded by its ``Contentline``; the VTIMEZONEs, a handful per feed, still come from
icalendar, kept per process. Both parsers the tests use (icalendar and vobject) read every
feed back. An event that cannot be written (bad data in the database) is left out and logged:
one bad event never breaks a feed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vRecur, vText
from icalendar.parser import Contentline

from jornada.outreach.models import EventStatus

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
# What a stored rule may be written with (the services check it on save): no line break can get in.
_RRULE_TEXT = re.compile(r"^[A-Z0-9=;,+\-]+$")
CRLF = "\r\n"
LINE_OCTETS = 75


@dataclass(frozen=True)
class FeedSlot:
    """One VEVENT's times: a slot, or a removed slot still published as cancelled."""

    position: int
    starts_at: datetime
    ends_at: datetime
    removed: bool = False
    rrule: str = ""
    sequence: int = 0
    removed_at: datetime | None = None


@dataclass
class FeedEvent:
    """What a feed writes of one event: plain values a selector reads in a few queries."""

    pk: int
    uid: str
    title: str
    description: str
    what_to_bring: str
    time_zone: str
    rrule: str
    status: str
    sequence: int
    created_at: datetime
    updated_at: datetime
    location: str
    latitude: float | None
    longitude: float | None
    topics: list[str] = field(default_factory=list)
    slots: list[FeedSlot] = field(default_factory=list)


def slot_uid(uid: object, position: int) -> str:
    """Return the UID of one slot's VEVENT: the same for the life of the event."""
    return f"{uid}-{position}@jornada"


def text(value: str) -> str:
    """Escape ``value`` as an iCalendar TEXT value (RFC 5545 3.3.11), with icalendar's own escaping."""
    return vText(value).to_ical().decode("utf-8")


def fold(line: str) -> str:
    """Fold ``line`` into lines of at most 75 octets (RFC 5545 3.1) as icalendar folds them.

    icalendar's content lines never split a UTF-8 character nor a backslash escape across lines
    (some clients misread one split there); a short ASCII line, most of a feed, skips it.
    """
    if len(line) < LINE_OCTETS and line.isascii():
        return line + CRLF
    return Contentline(line).to_ical().decode("utf-8") + CRLF


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(name: str, moment: datetime, zone: ZoneInfo) -> str:
    return f"{name};TZID={zone.key}:{moment.astimezone(zone).strftime('%Y%m%dT%H%M%S')}"


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@lru_cache(maxsize=1024)
def _rule_check(rule: str) -> None:
    """Raise ValueError unless ``rule`` is an RRULE icalendar reads, on one line."""
    if not _RRULE_TEXT.match(rule) or "FREQ=" not in rule:
        raise ValueError(f"not an RRULE: {rule[:40]!r}")
    vRecur.from_ical(rule)


def _vevent(event: FeedEvent, slot: FeedSlot, zone: ZoneInfo, language_link: str) -> str:
    if slot.removed:
        sequence, status, rule = slot.sequence, "CANCELLED", slot.rrule
        stamp = slot.removed_at or event.updated_at
    else:
        sequence, status, rule = event.sequence, ICS_STATUS[EventStatus(event.status)], event.rrule
        stamp = event.updated_at
    if rule:
        _rule_check(rule)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{text(slot_uid(event.uid, slot.position))}",
        f"DTSTAMP:{_utc(stamp)}",
        f"LAST-MODIFIED:{_utc(stamp)}",
        f"CREATED:{_utc(event.created_at)}",
        f"SEQUENCE:{int(sequence)}",
        f"STATUS:{status}",
        f"SUMMARY:{text(event.title)}",
        _local("DTSTART", slot.starts_at, zone),
        _local("DTEND", slot.ends_at, zone),
    ]
    if rule:
        lines.append(f"RRULE:{rule}")
    description = "\n\n".join(
        part for part in (event.description, event.what_to_bring, language_link) if part
    )
    if description:
        lines.append(f"DESCRIPTION:{text(description)}")
    if event.location:
        lines.append(f"LOCATION:{text(event.location)}")
    if event.latitude is not None and event.longitude is not None:
        lines.append(f"GEO:{float(event.latitude)};{float(event.longitude)}")
    lines.append(f"URL:{language_link}")
    if event.topics:
        lines.append("CATEGORIES:" + ",".join(text(topic) for topic in event.topics))
    lines.append("END:VEVENT")
    return "".join(fold(line) for line in lines)


def event_text(event: FeedEvent, link: str) -> tuple[str, list[tuple[str, date]]]:
    """Return ``event``'s VEVENTs as text, and each one's (zone, first local date).

    Raises when the event's stored data cannot be written (an unknown zone, a broken rule).
    """
    zone = _zone(event.time_zone)
    parts = []
    starts = []
    for slot in event.slots:
        parts.append(_vevent(event, slot, zone, link))
        starts.append((zone.key, slot.starts_at.astimezone(zone).date()))
    return "".join(parts), starts


@lru_cache(maxsize=256)
def _vtimezone(name: str, first_year: int, last_year: int) -> str:
    """Return the VTIMEZONE of ``name`` from the first to the last year, one RDATE per line."""
    zone = Timezone.from_tzinfo(
        _zone(name), first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31)
    )
    holder = Calendar()
    holder.add_component(zone)
    _one_rdate_per_line(holder)
    return zone.to_ical().decode("utf-8").replace("\r\n", "\n").replace("\n", CRLF)


def calendar_build(events: Iterable[FeedEvent], *, name: str, link_of: Callable[[FeedEvent], str]) -> bytes:
    """Return an iCalendar file of ``events``; an event that fails to build is skipped and logged."""
    body: list[str] = []
    years: dict[str, tuple[int, int]] = {}
    for event in events:
        try:
            vevents, starts = event_text(event, link_of(event))
        except Exception:  # one bad record must not take the whole feed down
            logger.exception("outreach: event %s left out of a calendar feed", event.pk)
            continue
        body.append(vevents)
        for zone, day in starts:
            first, last = years.get(zone, (day.year, day.year))
            years[zone] = (min(first, day.year), max(last, day.year))
    head = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{text(name)}",
    ]
    zones = [
        _vtimezone(zone, first - 1, last + RECURRENCE_YEARS) for zone, (first, last) in sorted(years.items())
    ]
    return "".join(_chunks(head, zones, body)).encode("utf-8")


def _chunks(head: list[str], zones: list[str], body: list[str]) -> Iterator[str]:
    yield from (fold(line) for line in head)
    yield from zones
    yield from body
    yield "END:VCALENDAR" + CRLF


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
