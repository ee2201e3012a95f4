""" "Near me": the browser's position, used for one search, rounded, and kept nowhere (nor in any log)."""

from __future__ import annotations

import io
import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jornada.core.models import AuditEvent, RateCounter
from jornada.core.pagebudget import page_weight
from jornada.core.privacy import ScrubPersonalDataFilter

pytestmark = pytest.mark.django_db
# Raleigh, given finer than the page ever uses: the fourth decimal must go nowhere.
LATITUDE, LONGITUDE = "35.7793", "-78.6389"
SECRETS = ("35.7793", "78.6389", "35.779", "78.638")


def url(language: str = "es") -> str:
    with translation.override(language):
        return reverse("network:find_help")


@pytest.mark.usefixtures("directory")
def test_it_finds_help_near_the_browsers_position_rounded() -> None:
    """The position ranks the results from a point rounded to two decimals; the page never shows the exact one."""
    response = Client().get(url(), {"lat": LATITUDE, "lon": LONGITUDE})
    assert response.status_code == 200
    point = response.context["lookup"].point
    assert (point.latitude, point.longitude) == (35.78, -78.64)
    assert response.context["results"][0].organization == "Centro de Trabajadores del Valle (ficticio)"
    # The language switch in the header repeats the address the browser asked for (already in its
    # address bar, and near_me.js sends two decimals); the page itself only uses the rounded point.
    html = response.content.decode().split('<main id="main"', 1)[1]
    assert "tu ubicación" in html
    assert 'name="lat" value="35.78"' in html  # kept for the next filter, rounded
    for secret in SECRETS:
        assert secret not in html


@pytest.mark.usefixtures("directory", "gazetteer")
def test_it_prefers_a_typed_place_to_an_earlier_position() -> None:
    """A place typed after using "near me" wins over the position still in the form."""
    response = Client().get(url(), {"place": "69800", "lat": LATITUDE, "lon": LONGITUDE})
    assert response.context["lookup"].point.country == "MX"


@pytest.mark.parametrize("params", [{"lat": "95", "lon": "10"}, {"lat": "35.7"}, {"lat": "x", "lon": "y"}])
def test_it_refuses_a_position_it_cannot_use_in_spanish(params: dict[str, str]) -> None:
    """An impossible or half position is refused with a translated reason on the place field."""
    response = Client().get(url(), params)
    assert response.context["results"] is None
    assert "No se pudo usar la ubicación de tu teléfono." in response.content.decode()


@pytest.mark.usefixtures("directory")
def test_it_keeps_the_position_nowhere() -> None:
    """No cookie, no cache, no row anywhere holds the position after a search."""
    response = Client().get(url(), {"lat": LATITUDE, "lon": LONGITUDE})
    assert response.cookies == {}
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    stored = repr(list(AuditEvent.objects.values())) + repr(list(RateCounter.objects.values()))
    for secret in SECRETS:
        assert secret not in stored


def test_it_lets_only_this_page_ask_for_the_position() -> None:
    """The page's Permissions-Policy allows geolocation for the site itself; every other page keeps it off."""
    assert "geolocation=(self)" in Client().get(url())["Permissions-Policy"]
    assert "geolocation=()" in Client().get("/es/")["Permissions-Policy"]


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize("language", ["es", "en"])
def test_it_works_without_javascript_within_the_budget(language: str) -> None:
    """Without JavaScript the button stays hidden (no inline script), the form works, and the page fits 14 KB."""
    response = Client().get(url(language), {"lat": LATITUDE, "lon": LONGITUDE})
    html = response.content.decode()
    assert "data-near-me hidden" in html
    assert "network/near_me" in html
    assert "defer" in html
    weight = page_weight(response.content)
    assert weight.inline_scripts == 0
    assert weight.within_budget(), weight


def test_it_keeps_the_query_string_out_of_the_logs() -> None:
    """The development server's request line and the gunicorn access line keep the path, never the position."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, ScrubPersonalDataFilter) for f in h.filters)
    )
    stream = io.StringIO()
    original = handler.setStream(stream)  # type: ignore[attr-defined]
    line = f"GET {url()}?lat={LATITUDE}&lon={LONGITUDE}&topic= HTTP/1.1"
    try:
        logging.getLogger("django.server").warning('"%s" %s %s', line, "200", "5120")
        logging.getLogger("django.request").warning(
            "Bad Request: http://testserver%s?lat=%s", url(), LATITUDE
        )
    finally:
        handler.setStream(original)  # type: ignore[attr-defined]
    output = stream.getvalue()
    assert f'"GET {url()}?[query] HTTP/1.1" 200 5120' in output
    for secret in SECRETS:
        assert secret not in output

    from jornada import gunicorn

    atoms = {
        "m": "GET",
        "U": url(),
        "q": f"lat={LATITUDE}&lon={LONGITUDE}",
        "r": line,
        "s": "200",
        "B": "5120",
        "M": "12",
        "h": "198.51.100.7",
        "a": "agent",
        "f": "referrer",
    }
    access = gunicorn.access_log_format % atoms
    for secret in (*SECRETS, "198.51.100.7", "agent", "referrer"):
        assert secret not in access
