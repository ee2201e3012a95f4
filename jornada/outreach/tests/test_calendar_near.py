"""Events near a place: a postal code or a town looked up in the partner network's gazetteer, within N km.

Events are listed within the chosen distance, nearest first; a place the gazetteer does not know
is answered with a translated error on the field and the towns it may have meant.
"""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from jornada.core.tests.factories import OrganisationFactory
from jornada.network.gazetteer import fold
from jornada.network.models import GazetteerKind, GazetteerPlace
from jornada.outreach.models import Occurrence, Place
from jornada.outreach.services import PlaceInput
from jornada.outreach.tests.helpers import publish, soon

pytestmark = pytest.mark.django_db

# Real points, rounded: Raleigh's ZIP code and four towns (Durham about 35 km from Raleigh,
# Wilson about 65 km, Fresno across the country).
GAZETTEER = [
    (GazetteerKind.US_ZIP, "27601", "Raleigh", "NC", 35.7727, -78.6324),
    (GazetteerKind.TOWN, "", "Raleigh", "NC", 35.7796, -78.6382),
    (GazetteerKind.TOWN, "", "Durham", "NC", 35.9940, -78.8986),
    (GazetteerKind.TOWN, "", "Wilson", "NC", 35.7212, -77.9155),
    (GazetteerKind.TOWN, "", "Fresno", "CA", 36.7477, -119.7724),
]


@pytest.fixture
def towns() -> None:
    GazetteerPlace.objects.bulk_create(
        GazetteerPlace(
            kind=kind, code=code, name=name, folded=fold(name), region=region, country="US",
            latitude=latitude, longitude=longitude, population=100000 if not code else 0,
        )
        for kind, code, name, region, latitude, longitude in GAZETTEER
    )  # fmt: skip


@pytest.fixture
def events(towns) -> None:
    organisation = OrganisationFactory()
    # Staff gave no coordinates: the save finds each town in the gazetteer.
    publish(
        organisation,
        title_es="Taller en Wilson",
        place=PlaceInput(town="Wilson", state="US-NC"),
        start=soon(3),
    )
    publish(
        organisation,
        title_es="Taller en Durham",
        place=PlaceInput(town="Durham", state="US-NC"),
        start=soon(9),
    )
    publish(
        organisation,
        title_es="Taller en Fresno",
        place=PlaceInput(town="Fresno", state="US-CA"),
        start=soon(2),
    )


def _page(**query) -> str:
    with translation.override("es"):
        return Client().get("/es/eventos/", query).content.decode()


def test_it_finds_the_town_of_an_event_saved_without_coordinates(towns) -> None:
    """An event's place typed as a town and state gets the gazetteer's point, and so do its occurrences."""
    event = publish(OrganisationFactory(), place=PlaceInput(town="Durham", state="US-NC"))
    place = Place.objects.get(pk=event.place_id)
    assert (place.latitude, place.longitude) == (Decimal("35.99400"), Decimal("-78.89860"))
    assert Occurrence.objects.get(event=event).latitude == pytest.approx(35.994)


def test_it_lists_events_within_the_distance_of_a_postal_code(events) -> None:
    """Within 50 km of 27601: Durham only; Wilson (65 km) and Fresno are left out."""
    page = _page(near="27601", distance="50")
    assert "Taller en Durham" in page
    assert "Taller en Wilson" not in page
    assert "Taller en Fresno" not in page
    assert "34 km" in page


def test_it_sorts_events_near_a_town_by_distance_not_date(events) -> None:
    """Within 100 km of Raleigh: Durham (nearer, later) before Wilson (farther, sooner)."""
    page = _page(near="Raleigh", distance="100")
    assert page.index("Taller en Durham") < page.index("Taller en Wilson")
    assert '<option value="100" selected>' in page
    assert "Taller en Fresno" not in page


def test_it_says_a_place_was_not_found_and_suggests_towns(events) -> None:
    """A misspelt town is refused on the field, in Spanish and English, with a link to the town meant."""
    page = _page(near="Raleig")
    assert "No encontramos “Raleig”" in page
    assert "near=Raleigh" in page
    with translation.override("en"):
        english = Client().get("/en/eventos/", {"near": "Raleig"}).content.decode()
    assert "We could not find “Raleig”" in english
