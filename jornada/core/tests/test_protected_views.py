"""Every view declares its audience; every staff view is closed to strangers and other organisations.

These tests walk the URL configuration, so pages added later are covered without new tests:
only a sample in ``<app>/tests/samples.py`` is needed for pages with parameters.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jornada.conftest import ThreeOrganisations
from jornada.core.testing import STAFF_SAMPLES, Route, load_samples, routes
from jornada.core.tests.factories import UserFactory

AUDIENCES = {"public", "staff_entry", "staff", "system"}


def staff_routes() -> list[Route]:
    return [route for route in routes() if route.audience == "staff"]


def test_it_requires_every_view_to_declare_its_audience() -> None:
    """A view without @public_page, @staff_entry, @staff_required or @system_endpoint fails."""
    undeclared = [route.name for route in routes() if route.audience not in AUDIENCES]
    assert undeclared == []


def test_it_requires_a_cross_organisation_sample_for_every_staff_page_with_parameters() -> None:
    """A protected page about one record must register a sample so the 404 check covers it."""
    load_samples()
    missing = [r.name for r in staff_routes() if r.parameters and r.name not in STAFF_SAMPLES]
    assert missing == [], f"add @staff_sample for: {missing}"


def _url(route: Route, kwargs: dict[str, Any]) -> str:
    with translation.override("es"):
        return reverse(route.name, kwargs=kwargs)


def _sample_kwargs(route: Route, orgs: ThreeOrganisations) -> dict[str, Any]:
    load_samples()
    return STAFF_SAMPLES[route.name](orgs) if route.parameters else {}


@pytest.mark.django_db
@pytest.mark.parametrize("route", staff_routes(), ids=lambda route: route.name)
def test_it_sends_anonymous_visitors_to_sign_in(route: Route, three_orgs: ThreeOrganisations) -> None:
    """Without an account, every staff page redirects to the sign-in page."""
    url = _url(route, _sample_kwargs(route, three_orgs))
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("route", staff_routes(), ids=lambda route: route.name)
def test_it_refuses_a_password_without_second_factor(route: Route, three_orgs: ThreeOrganisations) -> None:
    """Signed in with a password only, every staff page sends the user to the code step."""
    url = _url(route, _sample_kwargs(route, three_orgs))
    client = Client()
    client.force_login(three_orgs.alice)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:verify"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route",
    [r for r in staff_routes() if r.parameters and not r.callback.jornada_shared],
    ids=lambda route: route.name,
)
def test_it_hides_another_organisations_record(
    route: Route, three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """bob (every role, organisation B) gets 404 for organisation A's record; alice opens it."""
    url = _url(route, _sample_kwargs(route, three_orgs))
    assert staff_client(three_orgs.bob).get(url).status_code == 404
    assert staff_client(three_orgs.alice).get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route", [r for r in staff_routes() if r.callback.jornada_roles], ids=lambda route: route.name
)
def test_it_refuses_staff_without_the_role(
    route: Route, three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """A page for some roles refuses a signed-in user who holds none of them anywhere."""
    url = _url(route, _sample_kwargs(route, three_orgs))
    outsider = UserFactory()
    assert staff_client(outsider).get(url).status_code in (403, 404)
    if not set(route.callback.jornada_roles) & {"advocate"}:
        assert staff_client(three_orgs.charlie).get(url).status_code in (403, 404)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route",
    [r for r in staff_routes() if r.parameters and r.callback.jornada_shared],
    ids=lambda route: route.name,
)
def test_it_opens_a_shared_record_to_every_holder_of_the_role(
    route: Route, three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """A record of no organisation opens for the role in any organisation, and for nobody else."""
    assert route.callback.jornada_roles, "a shared staff page must name the roles it needs"
    url = _url(route, _sample_kwargs(route, three_orgs))
    assert staff_client(three_orgs.alice).get(url).status_code == 200
    assert staff_client(three_orgs.bob).get(url).status_code == 200
    assert staff_client(UserFactory()).get(url).status_code in (403, 404)
