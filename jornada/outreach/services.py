"""Writes for outreach: save an event (checked, its occurrences derived), change its status."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.core import generations
from jornada.core.models import Organisation
from jornada.network.gazetteer import place_find
from jornada.outreach.models import (
    FEEDS_GENERATION,
    Campaign,
    Event,
    EventAudience,
    EventSlot,
    EventStatus,
    Occurrence,
    Place,
    SlotTombstone,
)
from jornada.outreach.recurrence import instances, rule_canonical, rule_parse, zone_get
from jornada.vocabulary.languages import is_language_name, language_key
from jornada.vocabulary.models import Category
from jornada.vocabulary.places import PLACE_BY_CODE

MAX_SLOTS = 20
# An event's code: no 0/O, 1/I/L, so it can be said over the phone and read off a flyer.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def event_code_new() -> str:
    """Return a short event code no event has yet."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))
        if not Event.objects.filter(code=code).exists():
            return code


@dataclass(frozen=True)
class PlaceInput:
    town: str
    state: str
    name: str = ""
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass
class EventInput:
    """What staff enter for an event; wall-clock slots are read in ``time_zone``."""

    kind: str
    title_es: str
    time_zone: str
    slots: list[tuple[datetime, datetime]]
    title_en: str = ""
    description_es: str = ""
    description_en: str = ""
    place: PlaceInput | None = None
    online_url: str = ""
    rrule: str = ""
    languages: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    what_to_bring_es: str = ""
    what_to_bring_en: str = ""
    appointment: str = "no"
    appointment_how_es: str = ""
    appointment_how_en: str = ""
    takes_reservations: bool = False
    phone: str = ""
    whatsapp: str = ""
    status: str = EventStatus.SCHEDULED
    campaign: Campaign | None = None
    co_organisers: list[Organisation] = field(default_factory=list)


def _error(field_name: str, message: Any, code: str, **params: Any) -> ValidationError:
    return ValidationError({field_name: ValidationError(message, code=code, params=params or None)})


def _localise(moment: datetime, zone: Any) -> datetime:
    """Read a naive wall-clock time in ``zone``; an aware time is kept as it is."""
    return moment.replace(tzinfo=zone) if timezone.is_naive(moment) else moment


def _check(data: EventInput) -> tuple[Any, list[tuple[datetime, datetime]], str, list[str], list[Category]]:
    """Check everything that is not a model field's own rule; return what the save needs."""
    zone = zone_get(data.time_zone)
    if not data.slots:
        raise _error("slots", _("Give at least one date and time."), "no_slots")
    if len(data.slots) > MAX_SLOTS:
        raise _error("slots", _("At most %(limit)d times per event."), "too_many_slots", limit=MAX_SLOTS)
    slots = [(_localise(start, zone), _localise(end, zone)) for start, end in data.slots]
    for start, end in slots:
        if end <= start:
            raise _error(
                "slots",
                _("The end (%(end)s) is not after the start (%(start)s)."),
                "end_before_start",
                start=start.strftime("%Y-%m-%d %H:%M"),
                end=end.strftime("%Y-%m-%d %H:%M"),
            )
    rule = rule_canonical(data.rrule, zone) if data.rrule.strip() else ""
    if rule:
        rule_parse(rule, dtstart=slots[0][0].astimezone(zone))
    if data.place is None and not data.online_url:
        raise _error("town", _("Give the town and state where it happens, or an online link."), "no_place")
    if data.place is not None:
        if not data.place.town.strip():
            raise _error("town", _("Give the town where it happens."), "no_town")
        if data.place.state not in PLACE_BY_CODE or "-" not in data.place.state:
            raise _error(
                "state", _("“%(value)s” is not a state we know."), "unknown_state", value=data.place.state
            )
    languages: list[str] = []
    for name in data.languages:
        if not is_language_name(name):
            raise _error(
                "languages", _("“%(value)s” is not a language name."), "invalid_language", value=name[:40]
            )
        if (key := language_key(name)) not in languages:
            languages.append(key)
    wrong = [value for value in data.audiences if value not in EventAudience.values]
    if wrong:
        raise _error(
            "audiences", _("“%(value)s” is not a group we know."), "unknown_audience", value=wrong[0]
        )
    topics = list(Category.objects.filter(code__in=data.topics))
    if len(topics) != len(set(data.topics)):
        raise _error("topics", _("A topic is not in the vocabulary."), "unknown_topic")
    return zone, slots, rule, languages, topics


def _place(organisation: Organisation, data: PlaceInput) -> Place:
    place, _created = Place.objects.get_or_create(
        organisation=organisation,
        name=data.name.strip(),
        address=data.address.strip(),
        town=data.town.strip(),
        state=data.state,
        defaults={
            "country": data.state.split("-")[0],
            "latitude": data.latitude,
            "longitude": data.longitude,
        },
    )
    latitude, longitude = data.latitude, data.longitude
    if latitude is None or longitude is None:
        latitude, longitude = place_point(town=place.town, state=place.state) or (None, None)
    if (latitude, longitude) != (place.latitude, place.longitude):
        place.latitude, place.longitude = latitude, longitude
        place.save(update_fields=["latitude", "longitude"])
        # Every event held there is found "near" the new point (this one is rewritten by the save).
        Occurrence.objects.filter(event__place=place).update(
            latitude=_float(latitude), longitude=_float(longitude)
        )
    return place


def place_point(*, town: str, state: str) -> tuple[Decimal, Decimal] | None:
    """Return the point of ``town`` in ``state`` from the partner network's offline gazetteer, if there.

    Staff rarely type coordinates; the town is enough for "events near me" to find the event.
    """
    known = PLACE_BY_CODE.get(state)
    country, _dash, subdivision = state.partition("-")
    region = subdivision if country == "US" else (known.name("es") if known else "")
    point = place_find(f"{town}, {region}" if region else town, country=country).point
    if point is None:
        return None
    return Decimal(f"{point.latitude:.5f}"), Decimal(f"{point.longitude:.5f}")


def _float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def occurrences_refresh(*, event: Event) -> int:
    """Rewrite the event's occurrences from its slots and rule; return how many there are."""
    zone = zone_get(event.time_zone)
    Occurrence.objects.filter(event=event).delete()
    place = event.place
    latitude, longitude = (_float(place.latitude), _float(place.longitude)) if place else (None, None)
    rows = [
        Occurrence(
            event=event,
            starts_at=start,
            ends_at=end,
            state=event.state,
            kind=event.kind,
            latitude=latitude,
            longitude=longitude,
        )
        for slot in event.slots.all()
        for start, end in instances(slot.starts_at, slot.ends_at, event.rrule, zone)
    ]
    Occurrence.objects.bulk_create(rows)
    return len(rows)


def _positions(old: list[EventSlot], new: list[tuple[datetime, datetime]], taken: set[int]) -> list[int]:
    """Return the position (and so the UID) each new slot keeps.

    A slot entered again unchanged keeps its position; a changed one takes the position of a slot
    that is gone (subscribers see it move); the rest get positions never used by this event, so a
    removed slot's UID is never given to another time.
    """
    free = {(slot.starts_at, slot.ends_at): slot.position for slot in reversed(old)}
    kept: list[int | None] = [free.pop(times, None) for times in new]
    unused = sorted(set(free.values()))
    fresh = max(taken, default=-1) + 1
    positions: list[int] = []
    for position in kept:
        if position is None:
            if unused:
                position = unused.pop(0)
            else:
                position, fresh = fresh, fresh + 1
        positions.append(position)
    return positions


def _slots_replace(
    *, event: Event, slots: list[tuple[datetime, datetime]], old_rule: str, old_zone: str
) -> None:
    """Write the event's slots; a slot that is gone leaves a tombstone the feeds publish as cancelled."""
    old = list(EventSlot.objects.filter(event=event).order_by("position"))
    tombstoned = set(SlotTombstone.objects.filter(event=event).values_list("position", flat=True))
    positions = _positions(old, slots, {slot.position for slot in old} | tombstoned)
    removed = [slot for slot in old if slot.position not in positions]
    zone = zone_get(old_zone) if removed else None
    SlotTombstone.objects.bulk_create(
        SlotTombstone(
            event=event,
            position=slot.position,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            rrule=old_rule,
            sequence=event.sequence,
            until=instances(slot.starts_at, slot.ends_at, old_rule, zone)[-1][1],  # type: ignore[arg-type]
        )
        for slot in removed
    )
    EventSlot.objects.filter(event=event).delete()
    EventSlot.objects.bulk_create(
        EventSlot(event=event, position=position, starts_at=start, ends_at=end)
        for position, (start, end) in zip(positions, slots, strict=True)
    )


def tombstones_prune(*, now: datetime | None = None) -> int:
    """Delete the removed slots whose last date has passed: no calendar needs telling any more."""
    deleted, _kinds = SlotTombstone.objects.filter(until__lt=now or timezone.now()).delete()
    if deleted:
        generations.renew(FEEDS_GENERATION)
    return deleted


def _first_start(event: Event) -> datetime | None:
    slot = event.slots.order_by("position").first()
    return slot.starts_at if slot else None


@transaction.atomic
def event_save(
    *, actor: Any, organisation: Organisation, data: EventInput, event: Event | None = None
) -> Event:
    """Create an event, or change ``event``: check it, bump its SEQUENCE, derive its occurrences.

    When the first start moves, the old one is kept as ``previous_start`` and a scheduled event
    becomes rescheduled, so subscribers and search engines see both dates.
    """
    zone, slots, rule, languages, topics = _check(data)
    creating = event is None
    if event is None:
        event = Event(organisation=organisation, created_by=actor)
    old_start = None if creating else _first_start(event)
    old_rule, old_zone = event.rrule, event.time_zone
    status = data.status
    if old_start is not None and slots[0][0] != old_start:
        event.previous_start = old_start
        if status == EventStatus.SCHEDULED:
            status = EventStatus.RESCHEDULED
    fields = {
        "kind": data.kind,
        "title_es": data.title_es.strip(),
        "title_en": data.title_en.strip(),
        "description_es": data.description_es.strip(),
        "description_en": data.description_en.strip(),
        "online_url": data.online_url.strip(),
        "time_zone": zone.key,
        "rrule": rule,
        "languages": languages,
        "audiences": list(dict.fromkeys(data.audiences)),
        "what_to_bring_es": data.what_to_bring_es.strip(),
        "what_to_bring_en": data.what_to_bring_en.strip(),
        "appointment": data.appointment,
        "appointment_how_es": data.appointment_how_es.strip(),
        "appointment_how_en": data.appointment_how_en.strip(),
        "takes_reservations": data.takes_reservations,
        "phone": data.phone.strip(),
        "whatsapp": data.whatsapp.strip(),
        "status": status,
        "campaign": data.campaign,
    }
    for name, value in fields.items():
        setattr(event, name, value)
    event.place = _place(organisation, data.place) if data.place is not None else None
    if not event.code:
        event.code = event_code_new()
    event.state = event.place.state if event.place else ""
    if not creating:
        event.sequence += 1
    event.updated_at = timezone.now()
    event.full_clean(exclude=["organisation", "created_by", "place", "campaign"])
    event.save()
    event.topics.set(topics)
    event.co_organisers.set([other for other in data.co_organisers if other.pk != organisation.pk])
    _slots_replace(event=event, slots=slots, old_rule=old_rule, old_zone=old_zone)
    occurrences_refresh(event=event)
    generations.renew(FEEDS_GENERATION, now=True)
    return event


@transaction.atomic
def event_status_set(*, actor: Any, event: Event, status: str) -> Event:
    """Cancel, postpone or restore an event; its SEQUENCE grows so subscribers' calendars follow."""
    if status not in EventStatus.values:
        raise _error("status", _("“%(value)s” is not a status."), "unknown_status", value=status)
    event.status = status
    event.sequence += 1
    event.updated_at = timezone.now()
    event.save(update_fields=["status", "sequence", "updated_at"])
    generations.renew(FEEDS_GENERATION, now=True)
    return event
