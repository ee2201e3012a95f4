"""The flat search table: kept in step with the directory, and ranking as an exhaustive search would."""

from __future__ import annotations

import io
import random
import uuid

import pytest
from django.core.management import call_command

from jornada.network.demo import demo_records
from jornada.network.gazetteer import Point
from jornada.network.imports import hsds_import
from jornada.network.models import Location, Organization, SearchRow, Service, ServiceAtLocation
from jornada.network.search import haversine_km, search_rows_refresh
from jornada.network.selectors import help_find
from jornada.vocabulary.models import Category

pytestmark = pytest.mark.django_db
RALEIGH = Point("Raleigh", "NC", "US", 35.7796, -78.6382)


def test_it_follows_what_an_import_changes() -> None:
    """A service reimported with another topic, a fee, then withdrawn: the search sees each change at once."""
    records = demo_records()
    hsds_import(data=records, source="first")
    first = help_find(point=RALEIGH)[0]
    service = next(s for o in records for s in o.get("services", []) if s["id"] == first.service_id)
    topic = service["attributes"][0]["taxonomy_term"]["code"]
    assert first.service_id in [r.service_id for r in help_find(point=RALEIGH, free_only=True)]
    assert first.service_id in [r.service_id for r in help_find(point=RALEIGH, topic=topic)]

    service["attributes"] = [
        attribute for attribute in service.get("attributes", []) if "taxonomy_term" not in attribute
    ]
    service["cost_options"] = [{"id": str(uuid.uuid4()), "option": "Fee", "amount": 20}]
    hsds_import(data=records, source="second")
    assert first.service_id not in [r.service_id for r in help_find(point=RALEIGH, free_only=True)]
    assert first.service_id not in [r.service_id for r in help_find(point=RALEIGH, topic=topic)]

    service["status"] = "inactive"
    hsds_import(data=records, source="third")
    assert first.service_id not in [r.service_id for r in help_find(point=RALEIGH)]
    assert not SearchRow.objects.filter(service_id=first.service_id).exists()


def test_it_ranks_as_an_exhaustive_haversine_search_would() -> None:
    """On a random directory, the nearest services for each filter are those a brute-force search finds."""
    rng = random.Random(7)
    categories = list(Category.objects.all()[:6])
    languages = ["es", "en", "mixteco", "kiche"]
    organization = Organization.objects.create(name="Aleatoria", description="Ficticia.")
    truth = []
    for number in range(300):
        location = Location.objects.create(
            organization=organization,
            latitude=rng.uniform(14.0, 45.0),
            longitude=rng.uniform(-120.0, -75.0),
            timezone="UTC",
        )
        service = Service.objects.create(
            organization=organization,
            name=f"Servicio {number}",
            description="Ficticio.",
            free=rng.random() < 0.7,
            languages=rng.sample(languages, rng.randint(1, 2)),
        )
        topics = rng.sample(categories, rng.randint(1, 2))
        service.topics.set(topics)
        ServiceAtLocation.objects.create(service=service, location=location)
        truth.append((service, location, {t.code for t in topics}))
    assert search_rows_refresh() == 300
    for point in (RALEIGH, Point("CDMX", "", "MX", 19.43, -99.13), Point("Lejos", "", "US", 60.0, -150.0)):
        for topic, language, free_only in (
            ("", "", False),
            (categories[0].code, "", False),
            ("", "kiche", True),
            (categories[1].code, "mixteco", True),
        ):
            expected = sorted(
                (haversine_km(point.latitude, point.longitude, loc.latitude, loc.longitude), str(s.pk))
                for s, loc, codes in truth
                if (not topic or topic in codes)
                and (not language or language in s.languages)
                and (not free_only or s.free)
            )[:15]
            found = help_find(point=point, topic=topic, language=language, free_only=free_only)
            assert [r.service_id for r in found] == [pk for _d, pk in expected], (point.name, topic, language)


def test_it_rebuilds_the_table_with_the_command() -> None:
    """`jornada network_search_refresh` rebuilds every row from the directory."""
    hsds_import(data=demo_records(), source="demo")
    before = sorted(SearchRow.objects.values_list("service_id", "location_id", "topic", "languages", "free"))
    SearchRow.objects.all().delete()
    out = io.StringIO()
    call_command("network_search_refresh", stdout=out)
    assert f"indexed for search: {sum(1 for row in before if not row[2])}." in out.getvalue()
    after = sorted(SearchRow.objects.values_list("service_id", "location_id", "topic", "languages", "free"))
    assert after == before
    assert before
