"""Fictional outreach events for ``jornada demo_data``: Labor Rights Week 2027 and a few others."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from jornada.core.demo import DEMO_EMAIL, DEMO_ORGANISATION_SLUG
from jornada.core.models import Organisation, User
from jornada.outreach.aftermath import event_outcome_record
from jornada.outreach.models import Campaign, Event, EventStatus
from jornada.outreach.services import EventInput, PlaceInput, event_save, event_status_set

CAMPAIGN_SLUG = "semana-derechos-laborales-2027"
# (title, kind, town, state, time zone, day offset from the campaign's Monday, start hour)
WEEK_EVENTS = (
    (
        "Taller: tu salario y tus horas (ficticio)",
        "labor_rights_week",
        "Raleigh",
        "US-NC",
        "America/New_York",
        0,
        10,
    ),
    ("Asesoría legal gratuita (ficticia)", "legal_clinic", "Salinas", "US-CA", "America/Los_Angeles", 1, 17),
    ("Feria de salud y derechos (ficticia)", "health_fair", "Chicago", "US-IL", "America/Chicago", 3, 11),
    (
        "Plática previa a la salida H-2 (ficticia)",
        "pre_departure",
        "Tlaxiaco",
        "MX-OAX",
        "America/Mexico_City",
        2,
        9,
    ),
)


def _input(
    title: str, kind: str, town: str, state: str, zone: str, start: datetime, **extra: Any
) -> EventInput:
    return EventInput(
        kind=kind,
        title_es=title,
        title_en=extra.pop("title_en", ""),
        description_es="Evento de demostración: todo es inventado.",
        description_en="Demonstration event: everything is made up.",
        time_zone=zone,
        slots=[(start, start + timedelta(hours=3))],
        place=PlaceInput(town=town, state=state, name="Salón comunitario (ficticio)"),
        languages=["Español", "Mixteco"],
        audiences=["h2a", "h2b"],
        phone="+1 919 555 0100",
        whatsapp="+1 919 555 0100",
        **extra,
    )


def _monday_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


@transaction.atomic
def create_demo_data(stdout: Any = None) -> None:
    """Publish the fictional events once for the demo organisation."""
    organisation = Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG)
    if Event.objects.filter(organisation=organisation).exists():
        return
    actor = User.objects.get(email=DEMO_EMAIL)
    # Labor Rights Week falls around the US Labor Day; the demo keeps it ahead of today.
    week = _monday_after(max(date(2027, 8, 30), timezone.localdate() + timedelta(days=14)))
    campaign = Campaign.objects.create(
        slug=CAMPAIGN_SLUG,
        name_es="Semana de Derechos Laborales 2027 (ficticia)",
        name_en="Labor Rights Week 2027 (fictional)",
        starts_on=week,
        ends_on=week + timedelta(days=6),
        organisation=organisation,
    )
    for title, kind, town, state, zone, offset, hour in WEEK_EVENTS:
        start = datetime.combine(week + timedelta(days=offset), datetime.min.time()).replace(hour=hour)
        event_save(
            actor=actor,
            organisation=organisation,
            data=_input(title, kind, town, state, zone, start, campaign=campaign),
        )
    soon = timezone.localdate() + timedelta(days=10)
    consulate = _input(
        "Consulado sobre ruedas (ficticio)",
        "mobile_consulate",
        "Immokalee",
        "US-FL",
        "America/New_York",
        datetime.combine(soon, datetime.min.time()).replace(hour=8),
        what_to_bring_es="Acta de nacimiento, identificación con foto y comprobante de domicilio.",
        appointment="yes",
        appointment_how_es="Llame al número de abajo o escriba por WhatsApp (ficticio).",
    )
    # Announced for two days, then the second one dropped: the feeds publish it as cancelled.
    first_day = consulate.slots[0]
    second_day = (first_day[0] + timedelta(days=1), first_day[1] + timedelta(days=1))
    consulate.slots = [first_day, second_day]
    held_twice = event_save(actor=actor, organisation=organisation, data=consulate)
    consulate.slots = [first_day]
    event_save(actor=actor, organisation=organisation, data=consulate, event=held_twice)
    workshop = _input(
        "Taller semanal: conoce tus derechos (ficticio)",
        "workshop",
        "Yakima",
        "US-WA",
        "America/Los_Angeles",
        datetime.combine(soon, datetime.min.time()).replace(hour=18),
        rrule="FREQ=WEEKLY;COUNT=12",
    )
    workshop.takes_reservations = True
    event_save(actor=actor, organisation=organisation, data=workshop)
    cancelled = event_save(
        actor=actor,
        organisation=organisation,
        data=_input(
            "Reunión del comité (ficticia, cancelada)",
            "committee_meeting",
            "Dalton",
            "US-GA",
            "America/New_York",
            datetime.combine(soon + timedelta(days=3), datetime.min.time()).replace(hour=19),
        ),
    )
    event_status_set(actor=actor, event=cancelled, status=EventStatus.CANCELLED)
    moved = _input(
        "Clínica de salarios (ficticia, cambió de fecha)",
        "legal_clinic",
        "Jackson",
        "US-MS",
        "America/Chicago",
        datetime.combine(soon + timedelta(days=5), datetime.min.time()).replace(hour=10),
    )
    event = event_save(actor=actor, organisation=organisation, data=moved)
    moved.slots = [(start + timedelta(days=7), end + timedelta(days=7)) for start, end in moved.slots]
    event_save(actor=actor, organisation=organisation, data=moved, event=event)
    # A talk already held, with its counts recorded afterwards (fictional): the summary's first row.
    held = event_save(
        actor=actor,
        organisation=organisation,
        data=_input(
            "Plática de derechos ya realizada (ficticia)",
            "workshop",
            "Salinas",
            "US-CA",
            "America/Los_Angeles",
            datetime.combine(timezone.localdate() - timedelta(days=20), datetime.min.time()).replace(hour=17),
        ),
    )
    event_outcome_record(actor=actor, event=held, attendance=38, referrals_made=3)
    if stdout is not None:
        stdout.write("Outreach: fictional events published (Labor Rights Week 2027 and others).")
