"""Building events in tests: a valid input to change one field of, and a published event."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from jornada.core.models import Organisation
from jornada.outreach.models import Event
from jornada.outreach.services import EventInput, PlaceInput, event_save


def soon(days: int = 10, hour: int = 10) -> datetime:
    """A naive wall-clock time ``days`` ahead (read in the event's own zone)."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, datetime.min.time()).replace(hour=hour)


def event_input(**overrides: Any) -> EventInput:
    start = overrides.pop("start", soon())
    base = EventInput(
        kind="workshop",
        title_es="Taller de prueba",
        title_en="Test workshop",
        description_es="Descripción de prueba",
        time_zone="America/Chicago",
        slots=[(start, start + timedelta(hours=2))],
        place=PlaceInput(town="Salinas", state="US-CA", name="Salón", address="Calle 1"),
        phone="+1 919 555 0100",
        whatsapp="+1 919 555 0100",
        languages=["Español", "Mixteco"],
        audiences=["h2a"],
    )
    return replace(base, **overrides)


def publish(organisation: Organisation, actor: Any = None, **overrides: Any) -> Event:
    return event_save(actor=actor, organisation=organisation, data=event_input(**overrides))
