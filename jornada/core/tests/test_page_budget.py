"""Every worker-facing page fits its first render (HTML + stylesheets, gzip) in about 14 KB.

The walk covers every URL marked @public_page, in every language, so later pages inherit it;
a page with parameters needs a @page_sample in its app's tests/samples.py.
"""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jornada.core.pagebudget import page_weight
from jornada.core.testing import PAGE_SAMPLES, Route, load_samples, routes

BUDGET = settings.JORNADA_PAGE_BUDGET_BYTES
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def public_routes() -> list[Route]:
    return [route for route in routes() if route.audience == "public"]


def test_it_requires_a_sample_for_every_public_page_with_parameters() -> None:
    """A public page with URL parameters must say how to build one example of itself."""
    load_samples()
    missing = [r.name for r in public_routes() if r.parameters and r.name not in PAGE_SAMPLES]
    assert missing == [], f"add @page_sample for: {missing}"


def test_it_walks_at_least_the_home_page() -> None:
    """The walk is not empty: the home page is public."""
    assert "core:home" in [route.name for route in public_routes()]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGE_CODES)
@pytest.mark.parametrize("route", public_routes(), ids=lambda route: route.name)
def test_it_keeps_every_public_page_within_budget(route: Route, language: str) -> None:
    """The page answers 200, needs no inline script or style, and fits the budget compressed."""
    load_samples()
    kwargs: dict[str, Any] = PAGE_SAMPLES[route.name]() if route.name in PAGE_SAMPLES else {}
    with translation.override(language):
        url = reverse(route.name, kwargs=kwargs)
    response = Client().get(url)
    assert response.status_code == 200
    weight = page_weight(response.content)
    assert weight.inline_scripts == 0
    assert weight.inline_styles == 0
    assert weight.within_budget(), (
        f"{url}: {weight.total} bytes > {BUDGET} (html {weight.html_gzip}, css {weight.stylesheets_gzip})"
    )


def test_it_fails_a_page_over_budget() -> None:
    """The measure is real: a page with 30 KB of incompressible text is over budget."""
    import secrets

    html = f"<!doctype html><html><head><link rel=stylesheet href={settings.STATIC_URL}core/site.css></head><body><p>{secrets.token_hex(15_000)}</p></body></html>"
    weight = page_weight(html.encode())
    assert weight.stylesheets == (f"{settings.STATIC_URL}core/site.css",)
    assert weight.stylesheets_gzip > 500
    assert not weight.within_budget()


def test_it_counts_the_stylesheets_in_the_budget() -> None:
    """A small page whose stylesheet alone exceeds the budget fails too."""
    html = f"<html><head><link rel=stylesheet href={settings.STATIC_URL}core/site.css></head></html>".encode()
    assert not page_weight(html).within_budget(budget=200)
    assert page_weight(html).within_budget()
