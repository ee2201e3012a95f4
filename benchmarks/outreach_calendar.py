"""Outreach calendar: 100,000 events; the calendar near a place (p95) and one state's .ics feed.

Ten years (2022-2031) of Labor Rights Week at 50 offices in 25 states, 180 events per office
and week (several a day in each office's towns), plus 10,000 recurring workshops (weekly, eight
times) spread over the same years: 100,000 events and about 170,000 dated occurrences, all
fictional. Rows are written in bulk with the services' own derivation (``instances``), since
calling the service 100,000 times would measure the set-up, not the reads. Measured through
Django's test client (URL routing, selectors, templates, gzip): 300 calendar pages filtered by
a state and one of its towns, 300 near a town's postal code (looked up in the partner network's
gazetteer, which holds the benchmark's fictional towns), and 20 state feeds.
"""

from __future__ import annotations

import gc
import os
import random
import time
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from benchmarks.common import configure, header, percentile, summary_ms

EVENTS = int(os.environ.get("BENCH_EVENTS", "100000"))
WORKSHOPS = EVENTS // 10
STATES = (
    "US-CA", "US-TX", "US-NC", "US-FL", "US-GA", "US-WA", "US-OR", "US-NY", "US-IL", "US-AZ",
    "US-CO", "US-ID", "US-MI", "US-PA", "US-VA", "US-SC", "US-KY", "US-TN", "US-LA", "US-AR",
    "US-NM", "US-NV", "US-UT", "US-NE", "US-MS",
)  # fmt: skip
ZONES = {"US-CA": "America/Los_Angeles", "US-WA": "America/Los_Angeles", "US-OR": "America/Los_Angeles",
         "US-NV": "America/Los_Angeles", "US-TX": "America/Chicago", "US-IL": "America/Chicago",
         "US-LA": "America/Chicago", "US-AR": "America/Chicago", "US-NE": "America/Chicago",
         "US-MS": "America/Chicago", "US-TN": "America/Chicago", "US-AZ": "America/Phoenix",
         "US-CO": "America/Denver", "US-ID": "America/Boise", "US-NM": "America/Denver",
         "US-UT": "America/Denver"}  # fmt: skip
TOWNS_PER_STATE = 8


def town_point(state: str, town: int) -> tuple[float, float]:
    """A fictional point for a benchmark town: the states on a grid over the US, towns 20-60 km apart."""
    row, column = divmod(STATES.index(state), 5)
    return 31.0 + row * 3.0 + (town // 4) * 0.4, -120.0 + column * 9.0 + (town % 4) * 0.35


def _gazetteer() -> None:
    """The benchmark's towns in the partner network's gazetteer, each with a fictional postal code."""
    from jornada.network.gazetteer import fold
    from jornada.network.models import GazetteerKind, GazetteerPlace

    rows = []
    for state in STATES:
        for town in range(TOWNS_PER_STATE):
            latitude, longitude = town_point(state, town)
            name = f"Pueblo {state} {town}"
            for kind, code in ((GazetteerKind.TOWN, ""), (GazetteerKind.US_ZIP, postal_code(state, town))):
                rows.append(
                    GazetteerPlace(
                        kind=kind, code=code, name=name, folded=fold(name), region=state[3:],
                        country="US", latitude=latitude, longitude=longitude, population=1000,
                    )
                )  # fmt: skip
    GazetteerPlace.objects.bulk_create(rows)


def postal_code(state: str, town: int) -> str:
    return f"9{STATES.index(state):02d}{town:02d}"


def _populate(rng: random.Random) -> None:
    from zoneinfo import ZoneInfo

    from django.db import transaction

    from jornada.core.models import Organisation
    from jornada.outreach.models import Event, EventSlot, Occurrence, Place
    from jornada.outreach.recurrence import instances

    offices = []
    for number in range(50):
        state = STATES[number % len(STATES)]
        organisation = Organisation.objects.create(
            name=f"Consulado ficticio {number}", slug=f"consulado-ficticio-{number}", is_fictional=True
        )
        places = []
        for town in range(TOWNS_PER_STATE):
            latitude, longitude = town_point(state, town)
            places.append(
                Place.objects.create(
                    organisation=organisation,
                    town=f"Pueblo {state} {town}",
                    state=state,
                    country="US",
                    latitude=Decimal(f"{latitude:.5f}"),
                    longitude=Decimal(f"{longitude:.5f}"),
                )
            )
        offices.append((organisation, state, places))
    _gazetteer()
    per_week = (EVENTS - WORKSHOPS) // (10 * len(offices))
    plan: list[tuple[Any, str, Any, datetime, str]] = []
    for year in range(2022, 2032):
        monday = date(year, 9, 1) - timedelta(days=date(year, 9, 1).weekday())  # around Labor Day
        for organisation, state, places in offices:
            for number in range(per_week):
                day = monday + timedelta(days=number % 7)
                start = datetime.combine(day, datetime.min.time()).replace(hour=8 + number % 10)
                plan.append((organisation, state, rng.choice(places), start, ""))
    for _number in range(WORKSHOPS):
        organisation, state, places = rng.choice(offices)
        day = date(2022, 1, 3) + timedelta(days=rng.randrange(3650))
        start = datetime.combine(day, datetime.min.time()).replace(hour=18)
        plan.append((organisation, state, rng.choice(places), start, "FREQ=WEEKLY;COUNT=8"))
    with transaction.atomic():
        for offset in range(0, len(plan), 5000):
            chunk = plan[offset : offset + 5000]
            events = Event.objects.bulk_create(
                Event(
                    uid=uuid.uuid4(),
                    organisation=organisation,
                    kind="workshop" if rule else "labor_rights_week",
                    title_es=f"Evento ficticio {offset + index}",
                    description_es="Evento de prueba de rendimiento (ficticio).",
                    place=place,
                    time_zone=ZONES.get(state, "America/New_York"),
                    rrule=rule,
                    state=state,
                    languages=["es"],
                )
                for index, (organisation, state, place, _start, rule) in enumerate(chunk)
            )
            slots: list[Any] = []
            occurrences: list[Any] = []
            for event, (_organisation, state, place, start, rule) in zip(events, chunk, strict=True):
                zone = ZoneInfo(event.time_zone)
                local = start.replace(tzinfo=zone)
                slots.append(
                    EventSlot(event=event, position=0, starts_at=local, ends_at=local + timedelta(hours=2))
                )
                occurrences.extend(
                    Occurrence(
                        event=event,
                        starts_at=begin,
                        ends_at=end,
                        state=state,
                        kind=event.kind,
                        latitude=float(place.latitude),
                        longitude=float(place.longitude),
                    )
                    for begin, end in instances(local, local + timedelta(hours=2), rule, zone)
                )
            EventSlot.objects.bulk_create(slots)
            Occurrence.objects.bulk_create(occurrences, batch_size=5000)


def run() -> str:
    configure()
    from django.test import Client

    from jornada.outreach.models import Event, Occurrence

    rng = random.Random(22)
    started = time.perf_counter()
    _populate(rng)
    built = time.perf_counter() - started
    # The set-up's hundreds of thousands of model instances are not a server's: out of the
    # collector's way, so its passes are not timed as page time.
    gc.collect()
    gc.freeze()
    client = Client()
    calendar: list[float] = []
    for _number in range(300):
        state = rng.choice(STATES)
        town = f"Pueblo {state} {rng.randrange(TOWNS_PER_STATE)}"
        began = time.perf_counter()
        response = client.get("/es/eventos/", {"state": state, "town": town})
        calendar.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    near: list[float] = []
    for _number in range(300):
        state = rng.choice(STATES)
        began = time.perf_counter()
        response = client.get(
            "/es/eventos/", {"near": postal_code(state, rng.randrange(TOWNS_PER_STATE)), "distance": "50"}
        )
        near.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
        assert b'class="results"' in response.content
    feeds: list[float] = []
    kept: list[float] = []
    sizes: list[int] = []
    for state in STATES[:20]:
        for times in (feeds, kept):  # built, then as kept until an event changes
            began = time.perf_counter()
            response = client.get(f"/es/eventos/estados/{state}.ics")
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        sizes.append(len(response.content))
    lines = [
        header("Outreach calendar (100,000 events)"),
        f"{Event.objects.count():,} events, {Occurrence.objects.count():,} occurrences (set-up {built:.0f} s).",
        "",
        "| measure | result | target |",
        "| --- | --- | --- |",
        f"| calendar near a place (state + town), 300 pages | {summary_ms([v / 1000 for v in calendar])} | p95 ≤ 50 ms |",
        f"| calendar near a postal code, within 50 km, 300 pages | {summary_ms([v / 1000 for v in near])} | p95 ≤ 50 ms |",
        f"| a state's .ics feed built, 20 states (median {sorted(sizes)[len(sizes) // 2] // 1024} KB) | {summary_ms([v / 1000 for v in feeds])}, max {max(feeds):.0f} ms | ≤ 200 ms |",
        f"| the same feeds again, kept in the cache | {summary_ms([v / 1000 for v in kept])} | ≤ 200 ms |",
        f"| p95 calendar / near / feed | {percentile(calendar, 0.95):.1f} ms / {percentile(near, 0.95):.1f} ms / {percentile(feeds, 0.95):.0f} ms | |",
    ]
    return "\n".join(lines)
