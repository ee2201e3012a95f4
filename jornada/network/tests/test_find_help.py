"""The public "find help near you" page: by place, topic, language and cost; nothing kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jornada.core.pagebudget import page_weight
from jornada.network.gazetteer import place_find
from jornada.network.selectors import help_find

pytestmark = pytest.mark.django_db


def url(language: str = "es") -> str:
    with translation.override(language):
        return reverse("network:find_help")


def names(response) -> list[str]:
    return [result.organization for result in response.context["results"]]


@pytest.mark.usefixtures("directory", "gazetteer")
def test_it_orders_results_by_distance_from_a_us_zip_code() -> None:
    """A ZIP code in Raleigh puts the Raleigh worker centre first, with its distance and links."""
    response = Client().get(url(), {"place": "27601"})
    assert response.status_code == 200
    assert names(response)[0] == "Centro de Trabajadores del Valle (ficticio)"
    html = response.content.decode()
    assert 'href="tel:+19195550101"' in html
    assert 'href="https://wa.me/19195550101"' in html
    distances = [r.distance_km for r in response.context["results"] if r.distance_km is not None]
    assert distances == sorted(distances)


@pytest.mark.usefixtures("directory", "gazetteer")
def test_it_finds_help_from_a_mexican_postal_code_and_a_town() -> None:
    """A Mexican postal code and a town name are both looked up in the offline gazetteer."""
    assert (
        names(Client().get(url(), {"place": "69800"}))[0]
        == "Asociación de Oriundos de San Inventado (ficticia)"
    )
    assert (
        names(Client().get(url("en"), {"place": "Huehuetenango"}))[0]
        == "Red de Defensa Laboral de Muestra (ficticia)"
    )


@pytest.mark.usefixtures("directory", "gazetteer")
def test_it_says_a_place_is_unknown_and_suggests_spellings() -> None:
    """A misspelt town is refused with a translated message and close spellings as links."""
    response = Client().get(url(), {"place": "Huehuetenanggo"})
    assert response.context["results"] is None
    assert "unknown_place" in [error.code for error in response.context["form"].errors.as_data()["place"]]
    assert "No encontramos" in response.content.decode()
    assert "Huehuetenango" in response.context["form"].lookup.suggestions


@pytest.mark.usefixtures("directory", "gazetteer")
def test_it_offers_other_places_of_the_same_name() -> None:
    """Toledo, Ohio comes first (larger); Toledo, Belize is offered as another place."""
    response = Client().get(url("en"), {"place": "Toledo"})
    assert response.context["lookup"].point.country == "US"
    assert "BZ" in [point.country for point in response.context["lookup"].candidates]
    assert names(Client().get(url("en"), {"place": "Toledo, Belize"}))  # the comma form narrows it


@pytest.mark.usefixtures("directory", "gazetteer")
def test_it_filters_by_topic_language_and_cost() -> None:
    """Only services with the topic, the language and (if asked) no fee are listed."""
    response = Client().get(url(), {"place": "27601", "topic": "injury-workers-compensation"})
    assert set(names(response)) == {
        "Ventanilla de Salud de Muestra (ficticia)",
        "Clínica Comunitaria del Ejemplo (ficticia)",
    }
    response = Client().get(url(), {"place": "27601", "topic": "injury-workers-compensation", "cost": "free"})
    assert names(response) == ["Ventanilla de Salud de Muestra (ficticia)"]
    response = Client().get(url(), {"place": "27601", "language": "triqui"})
    assert names(response) == ["Defensa Legal Campesina (ficticia)"]
    remote = Client().get(url(), {"language": "mam"}).context["remote"]
    assert [result.organization for result in remote] == ["Línea de Ayuda Jornalera (ficticia)"]


@pytest.mark.usefixtures("directory", "gazetteer")
def test_it_shows_hours_and_whether_open_now() -> None:
    """A weekday 09:00-17:00 office is open on a Tuesday at 10:00 local time and closed at 20:00."""
    point = place_find("27601").point
    tuesday_ten = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)  # 10:00 in New York
    first = help_find(point=point, now=tuesday_ten)[0]
    assert first.open_now is True
    assert first.hours
    assert help_find(point=point, now=datetime(2026, 3, 4, 1, 0, tzinfo=UTC))[0].open_now is False


@pytest.mark.usefixtures("directory", "gazetteer")
@pytest.mark.parametrize("language", ["es", "en"])
def test_it_keeps_a_page_of_results_within_the_budget(language: str) -> None:
    """A full page of results needs no script or inline style and fits the first-render budget."""
    response = Client().get(url(language), {"place": "27601"})
    weight = page_weight(response.content)
    assert weight.inline_scripts == 0
    assert weight.inline_styles == 0
    assert weight.within_budget(), weight


@pytest.mark.usefixtures("directory", "gazetteer")
def test_it_shows_a_confidential_location_without_its_whereabouts() -> None:
    """The shelter is listed as "confidential location, call first", with its phone but no distance."""
    from jornada.network.tests.conftest import shelter_secrets

    response = Client().get(url("en"), {"place": "27601"})
    shelter = [r for r in response.context["results"] if r.organization == "Refugio de Prueba (ficticio)"]
    assert shelter
    assert shelter[0].distance_km is None
    assert shelter[0].confidential
    html = response.content.decode()
    assert "Confidential location, call first." in html
    for secret in shelter_secrets():
        assert secret not in html, secret


def test_it_sets_no_cookie_and_stores_nothing() -> None:
    """The search answers without a session or cookie: the place typed is never kept."""
    response = Client().get(url(), {"place": "27601"})
    assert response.cookies == {}
    assert "no-cache" in response.headers["Cache-Control"] or "no-store" in response.headers["Cache-Control"]
