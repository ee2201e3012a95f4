"""What an event's page shows, gathered once: dates in its own time zone, links, JSON-LD."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from jornada.outreach import selectors
from jornada.outreach.models import Event, EventAudience, EventStatus
from jornada.outreach.structured import event_json_ld, json_ld_script
from jornada.vocabulary.languages import language_name


def tel_link(number: str) -> str:
    """Return a tel: address for an international number ("+52 55 5555 0100" → tel:+525555550100)."""
    digits = re.sub(r"[^0-9]", "", number)
    return f"tel:+{digits}" if digits else ""


def whatsapp_link(number: str, text: str) -> str:
    """Return a wa.me link that opens a chat with ``number`` with ``text`` typed in."""
    digits = re.sub(r"[^0-9]", "", number)
    return f"https://wa.me/{digits}?text={quote(text)}" if digits else ""


def event_context(event: Event, *, language: str, url: str) -> dict[str, Any]:
    """Return the template context of an event's public page."""
    zone = ZoneInfo(event.time_zone)
    upcoming = selectors.event_upcoming_occurrences(event)
    shown = upcoming or list(event.occurrences.order_by("starts_at")[:1])
    dates = [(o.starts_at.astimezone(zone), o.ends_at.astimezone(zone)) for o in shown]
    json_ld = None
    if dates:
        json_ld = json_ld_script(
            event_json_ld(event, language=language, url=url, start=dates[0][0], end=dates[0][1])
        )
    title = event.title(language)
    return {
        "event": event,
        "title": title,
        "description": event.description(language),
        "what_to_bring": event.what_to_bring(language),
        "appointment_how": event.appointment_how(language),
        "place_line": event.place.one_line(language) if event.place else "",
        "dates": dates,
        "past": not upcoming,
        "zone": zone,
        "previous_start": event.previous_start.astimezone(zone) if event.previous_start else None,
        "languages": [language_name(key, language) for key in event.languages],
        "topics": [topic.label(language, "worker") for topic in event.topics.all()],
        "audiences": [
            EventAudience(value).label for value in event.audiences if value in EventAudience.values
        ],
        "organisers": [event.organisation, *event.co_organisers.all()],
        "tel": tel_link(event.phone),
        "whatsapp": whatsapp_link(event.whatsapp, f"{title} ({url})"),
        "json_ld": json_ld,
        "cancelled": event.status == EventStatus.CANCELLED,
        "language": language,
    }
