""" "Find help near you" latency: 50,000 services at 20,000 locations, by distance and filters.

The directory is synthetic and clearly fictional: 5,000 organisations, each with four locations
scattered around 400 towns of the United States, Mexico and Central America, and ten services with
one to three topics of the shipped vocabulary, one to three languages, mostly free. One location in
fifty is confidential. The gazetteer holds the 400 towns and a ZIP or postal code for each.
Each query is a GET of the public page through Django's test client (form, gazetteer look-up,
bounding box, haversine, details, template), mixing ZIP codes and towns with no filter, a topic,
a language, free only, and all three. Run on SQLite, then on a throwaway PostgreSQL cluster.
"""

from __future__ import annotations

import os
import random
import time
import uuid

from benchmarks.common import header, summary_ms, table_row_on_both

ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "5000"))
LOCATIONS_PER_ORGANISATION = 4
SERVICES_PER_ORGANISATION = 10
TOWNS = 400
QUERIES = 600
# Rough boxes (south, north, west, east) of where the towns fall.
REGIONS = (
    ("US", 26.0, 48.0, -123.0, -70.0),
    ("MX", 15.0, 31.0, -115.0, -87.0),
    ("GT", 13.8, 17.8, -92.2, -88.2),
)


def _populate(rng: random.Random) -> list[dict[str, str]]:
    """Insert the directory and the gazetteer in bulk; return the queries' parameters."""
    from django.db import transaction

    from jornada.network.gazetteer import fold
    from jornada.network.models import (
        GazetteerKind,
        GazetteerPlace,
        Location,
        Organization,
        Phone,
        Schedule,
        Service,
        ServiceAtLocation,
    )
    from jornada.network.search import search_rows_refresh
    from jornada.vocabulary.languages import KNOWN_LANGUAGES
    from jornada.vocabulary.models import Category

    towns = []
    for number in range(TOWNS):
        country, south, north, west, east = REGIONS[number % len(REGIONS)]
        towns.append(
            (f"Pueblo Ficticio {number}", country, rng.uniform(south, north), rng.uniform(west, east))
        )
    GazetteerPlace.objects.bulk_create(
        [
            GazetteerPlace(
                kind=GazetteerKind.TOWN,
                name=name,
                folded=fold(name),
                country=country,
                latitude=lat,
                longitude=lon,
                population=1000,
            )
            for name, country, lat, lon in towns
        ]
        + [
            GazetteerPlace(
                kind=GazetteerKind.MX_POSTAL if country == "MX" else GazetteerKind.US_ZIP,
                code=f"{10000 + number}",
                name=name,
                folded=fold(name),
                country=country,
                latitude=lat,
                longitude=lon,
            )
            for number, (name, country, lat, lon) in enumerate(towns)
        ]
    )
    categories = list(Category.objects.all())
    languages = [language.key for language in KNOWN_LANGUAGES]
    with transaction.atomic():
        for start in range(0, ORGANISATIONS, 500):
            organizations, locations, services, links, phones, schedules = [], [], [], [], [], []
            for number in range(start, min(start + 500, ORGANISATIONS)):
                organization = Organization(
                    name=f"Organización Ficticia {number}", description="Ficticia.", is_fictional=True
                )
                organizations.append(organization)
                phones.append(
                    Phone(
                        organization=organization,
                        number=f"+1 555 01{number % 100:02d}",
                        whatsapp=number % 2 == 0,
                    )
                )
                here = []
                for _ in range(LOCATIONS_PER_ORGANISATION):
                    _name, _country, lat, lon = rng.choice(towns)
                    confidential = rng.random() < 0.02
                    latitude, longitude = lat + rng.gauss(0, 0.3), lon + rng.gauss(0, 0.3)
                    location = Location(
                        organization=organization, city="Ficticia", latitude=latitude, longitude=longitude, confidential=confidential,
                        timezone="America/Mexico_City",
                    )  # fmt: skip
                    point = location.search_point()
                    location.search_latitude, location.search_longitude = point if point else (None, None)
                    locations.append(location)
                    here.append(location)
                    schedules.append(
                        Schedule(
                            location=location, byday="MO,TU,WE,TH,FR", opens_at="09:00", closes_at="17:00"
                        )
                    )
                for index in range(SERVICES_PER_ORGANISATION):
                    service = Service(
                        id=uuid.uuid4(), organization=organization, name=f"Servicio {index}", description="Ficticio.",
                        summary="Servicio ficticio para medir la búsqueda.", free=rng.random() < 0.8,
                        languages=rng.sample(languages, rng.randint(1, 3)),
                    )  # fmt: skip
                    services.append((service, rng.sample(categories, rng.randint(1, 3))))
                    links.append(ServiceAtLocation(service=service, location=here[index % len(here)]))
            Organization.objects.bulk_create(organizations)
            Phone.objects.bulk_create(phones)
            Location.objects.bulk_create(locations)
            Schedule.objects.bulk_create(schedules)
            Service.objects.bulk_create([service for service, _topics in services])
            ServiceAtLocation.objects.bulk_create(links)
            Through = Service.topics.through
            Through.objects.bulk_create(
                [
                    Through(service_id=service.pk, category_id=category.pk)
                    for service, topics in services
                    for category in topics
                ]
            )
        # What hsds_import does after writing: derive the flat search table.
        search_rows_refresh()
    queries = []
    for number in range(QUERIES):
        name, country, _lat, _lon = rng.choice(towns)
        place = name if number % 2 else f"{10000 + towns.index((name, country, _lat, _lon))}"
        params = {"place": place}
        style = number % 5
        if style in (1, 4):
            params["topic"] = rng.choice(categories).code
        if style in (2, 4):
            params["language"] = rng.choice(languages)
        if style in (3, 4):
            params["cost"] = "free"
        queries.append(params)
    return queries


def measure() -> str:
    from django.db import connection
    from django.test import Client

    from jornada.network.models import Location, Service

    rng = random.Random(21)
    started = time.perf_counter()
    queries = _populate(rng)
    populate_seconds = time.perf_counter() - started
    client = Client()
    for params in queries[:100]:  # warm up as a running server
        client.get("/es/ayuda/organizaciones/", params)
    timings, answered = [], 0
    for params in queries:
        start = time.perf_counter()
        response = client.get("/es/ayuda/organizaciones/", params)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200
        answered += b'<ol class="results">' in response.content
    return (
        f"| {connection.vendor} | {Service.objects.count():,} services at {Location.objects.count():,} locations | "
        f"{summary_ms(timings)} | {answered}/{len(queries)} with results | set-up {populate_seconds:.0f} s |"
    )


def run() -> str:
    os.environ.setdefault("JORNADA_LOOKUPS_PER_HOUR", "1000000")
    lines = [
        header('"Find help near you" (600 searches: ZIP codes and towns, filters)'),
        "| database | data | latency | answered | set-up |",
        "|---|---|---|---|---|",
    ]
    lines += table_row_on_both("benchmarks.network_find", "network")
    return "\n".join(lines)
