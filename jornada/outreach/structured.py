"""schema.org ``Event`` JSON-LD for an event's page, so search engines can show it."""

from __future__ import annotations

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from jornada.outreach.models import Event, EventStatus

STATUS = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.RESCHEDULED: "https://schema.org/EventRescheduled",
}
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
ONLINE = "https://schema.org/OnlineEventAttendanceMode"
MIXED = "https://schema.org/MixedEventAttendanceMode"


def attendance_mode(event: Event) -> str:
    """Return the schema.org attendance mode: in person, online, or both."""
    if event.place and event.online_url:
        return MIXED
    return ONLINE if event.online_url else OFFLINE


def _location(event: Event, language: str) -> Any:
    places: list[dict[str, Any]] = []
    if event.place:
        place = event.place
        physical: dict[str, Any] = {
            "@type": "Place",
            "name": place.name or place.town,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": place.address,
                "addressLocality": place.town,
                "addressRegion": place.state,
                "addressCountry": place.country,
            },
        }
        if place.latitude is not None and place.longitude is not None:
            physical["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(place.latitude),
                "longitude": float(place.longitude),
            }
        places.append(physical)
    if event.online_url:
        places.append({"@type": "VirtualLocation", "url": event.online_url})
    return places[0] if len(places) == 1 else places


def event_json_ld(event: Event, *, language: str, url: str, start: Any, end: Any) -> dict[str, Any]:
    """Return the schema.org Event for ``event``, dated by its next (or first) occurrence."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title(language),
        "description": event.description(language) or event.title(language),
        "startDate": start.isoformat(),
        "endDate": end.isoformat(),
        "eventStatus": STATUS[EventStatus(event.status)],
        "eventAttendanceMode": attendance_mode(event),
        "location": _location(event, language),
        "organizer": [
            {"@type": "Organization", "name": organisation.name}
            for organisation in [event.organisation, *event.co_organisers.all()]
        ],
        "inLanguage": list(event.languages),
        "isAccessibleForFree": True,
        "url": url,
    }
    if event.previous_start is not None and event.status == EventStatus.RESCHEDULED:
        data["previousStartDate"] = event.previous_start.isoformat()
    return data


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """Return ``data`` as JSON safe inside a <script type="application/ld+json"> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    escaped = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(escaped)  # noqa: S308 - every < > & is escaped above
