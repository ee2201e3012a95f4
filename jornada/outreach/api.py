"""Public JSON for events: ``GET /api/v1/events`` (upcoming, filtered) and ``GET /api/v1/events/{uid}``."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema

from jornada.core.api_errors import responses
from jornada.outreach import selectors
from jornada.outreach.models import Event, EventKind, EventStatus
from jornada.outreach.structured import STATUS, attendance_mode

router = Router(tags=["events"])

MAX_LIMIT = 100
SLUG = r"^[-a-zA-Z0-9_]*$"


class CalendarEventParams(Schema):
    state: str = Field(
        "", pattern=r"^(|[A-Z]{2}-[A-Z0-9]{1,3})$", description="ISO 3166-2 state, e.g. US-NC or MX-OAX"
    )
    kind: str = Field("", pattern="^(|" + "|".join(EventKind.values) + ")$", description="Type of event")
    topic: str = Field("", max_length=60, pattern=SLUG, description="A vocabulary code")
    organisation: str = Field("", max_length=80, pattern=SLUG, description="An organisation's short name")
    campaign: str = Field("", max_length=80, pattern=SLUG, description="A campaign's short name")
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10_000)


class EventSlotOut(Schema):
    start: dt.datetime
    end: dt.datetime


class EventPlaceOut(Schema):
    name: str
    address: str
    town: str
    state: str
    country: str
    latitude: float | None
    longitude: float | None


class CalendarEventOut(Schema):
    uid: uuid.UUID
    title: str
    description: str
    kind: str = Field(description="One of: " + ", ".join(EventKind.values))
    status: str = Field(description="One of: " + ", ".join(EventStatus.values))
    schema_org_status: str = Field(description="The schema.org eventStatus")
    attendance_mode: str = Field(description="The schema.org eventAttendanceMode")
    sequence: int = Field(description="iCalendar SEQUENCE: grows on every change")
    previous_start: dt.datetime | None
    time_zone: str
    slots: list[EventSlotOut]
    rrule: str = Field(description="iCalendar RRULE the slots repeat by, or empty")
    place: EventPlaceOut | None
    online_url: str
    organiser: str
    co_organisers: list[str]
    campaign: str | None
    languages: list[str]
    topics: list[str]
    audiences: list[str]
    what_to_bring: str
    appointment_needed: bool
    appointment_how: str
    phone: str
    whatsapp: str
    updated_at: dt.datetime


class CalendarEventListOut(Schema):
    total: int
    results: list[CalendarEventOut]


def _language() -> str:
    return (get_language() or "es").split("-")[0]


def _event(event: Event) -> CalendarEventOut:
    language = _language()
    place = event.place
    return CalendarEventOut(
        uid=event.uid,
        title=event.title(language),
        description=event.description(language),
        kind=event.kind,
        status=event.status,
        schema_org_status=STATUS[EventStatus(event.status)],
        attendance_mode=attendance_mode(event),
        sequence=event.sequence,
        previous_start=event.previous_start,
        time_zone=event.time_zone,
        slots=[EventSlotOut(start=slot.starts_at, end=slot.ends_at) for slot in event.slots.all()],
        rrule=event.rrule,
        place=EventPlaceOut(
            name=place.name,
            address=place.address,
            town=place.town,
            state=place.state,
            country=place.country,
            latitude=float(place.latitude) if place.latitude is not None else None,
            longitude=float(place.longitude) if place.longitude is not None else None,
        )
        if place
        else None,
        online_url=event.online_url,
        organiser=event.organisation.slug,
        co_organisers=[other.slug for other in event.co_organisers.all()],
        campaign=event.campaign.slug if event.campaign else None,
        languages=list(event.languages),
        topics=[topic.code for topic in event.topics.all()],
        audiences=list(event.audiences),
        what_to_bring=event.what_to_bring(language),
        appointment_needed=event.appointment == "yes",
        appointment_how=event.appointment_how(language),
        phone=event.phone,
        whatsapp=event.whatsapp,
        updated_at=event.updated_at,
    )


@router.get("", response=responses(CalendarEventListOut), summary="Events with a date still to come")
def event_list(request: HttpRequest, params: Query[CalendarEventParams]) -> CalendarEventListOut:
    found = selectors.events_api(
        state=params.state,
        kind=params.kind,
        topic=params.topic,
        organisation=params.organisation,
        campaign=params.campaign,
    )
    page = found[params.offset : params.offset + params.limit]
    return CalendarEventListOut(total=found.count(), results=[_event(event) for event in page])


@router.get("/{uid}", response=responses(CalendarEventOut, not_found=True), summary="One event")
def event_detail(request: HttpRequest, uid: uuid.UUID) -> CalendarEventOut:
    return _event(selectors.event_public_or_404(uid))
