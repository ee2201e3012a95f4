"""Every view declares its audience; every staff view is closed to strangers and other organisations.

These tests walk the URL configuration, so pages added later are covered without new tests:
only a sample in ``<app>/tests/samples.py`` is needed for pages with parameters.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jornada.conftest import ALL_ROLES, ThreeOrganisations
from jornada.core.models import ModerationGrant
from jornada.core.services import membership_invite, moderation_revoke
from jornada.core.testing import API_SAMPLES, STAFF_SAMPLES, ApiCall, Route, load_samples, routes
from jornada.core.tests.factories import UserFactory, member

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


def gated(route: Route) -> bool:
    """A page that needs more than a signed-in account: an organisation role or a site-level grant."""
    callback = route.callback
    return bool(callback.jornada_roles or callback.jornada_moderation or callback.jornada_site_admins)


def moderation_routes() -> list[Route]:
    return [route for route in staff_routes() if route.callback.jornada_moderation]


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in staff_routes() if gated(r)], ids=lambda route: route.name)
def test_it_refuses_staff_without_the_role(
    route: Route, three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """A page for some roles (or the moderation grant) refuses a signed-in user who holds none of them."""
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
    """A record of no organisation opens for the role (or grant) in any organisation, and for nobody else."""
    assert gated(route), "a shared staff page must name the roles or the grant it needs"
    url = _url(route, _sample_kwargs(route, three_orgs))
    assert staff_client(three_orgs.alice).get(url).status_code == 200
    assert staff_client(three_orgs.bob).get(url).status_code == 200
    assert staff_client(UserFactory()).get(url).status_code in (403, 404)


def test_it_puts_every_moderation_page_behind_the_grant() -> None:
    """The moderation queues and records (reviews, replies, takedowns, claims, reports, screenshots) need it."""
    names = {route.name for route in moderation_routes()}
    assert names >= {
        "reviews:moderation",
        "reviews:moderation_review",
        "reviews:moderation_reply",
        "reviews:moderation_takedown",
        "reviews:moderation_claim",
        "alerts:moderation",
        "alerts:moderation_report",
        "alerts:moderation_screenshot",
    }
    staff_pages_about_moderation = {
        r.name for r in staff_routes() if "/moderation" in r.name or "moderation" in r.route
    }
    assert staff_pages_about_moderation <= names
    assert all(not route.callback.jornada_roles for route in moderation_routes()), (
        "no organisation role opens them"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("route", moderation_routes(), ids=lambda route: route.name)
def test_it_needs_the_moderation_grant_not_an_organisation_role(
    route: Route, three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """Every role in an organisation opens no moderation page; a revoked grant closes them at once."""
    url = _url(route, _sample_kwargs(route, three_orgs))
    every_role_no_grant = member(three_orgs.a, *ALL_ROLES)
    assert staff_client(every_role_no_grant).get(url).status_code == 403
    alice = staff_client(three_orgs.alice)
    assert alice.get(url).status_code == 200
    root = UserFactory(is_superuser=True, is_staff=True)
    moderation_revoke(grant=ModerationGrant.objects.get(user=three_orgs.alice), revoked_by=root)
    assert alice.get(url).status_code == 403
    assert staff_client(root).get(url).status_code == 403, (
        "a site administrator grants it, even to themselves"
    )


def _api_schema() -> dict[str, Any]:
    from jornada.api import api

    return api.get_openapi_schema(path_prefix="/api/v1/")


def staff_api_operations() -> list[str]:
    """Every API operation that needs an account, as ``"METHOD /api/v1/path/{param}"``."""
    found = []
    for path, operations in _api_schema()["paths"].items():
        for method, operation in operations.items():
            if operation.get("security"):
                found.append(f"{method.upper()} {path}")
    return sorted(found)


def test_it_serves_no_moderation_and_staff_only_behind_the_staff_session() -> None:
    """No operation reaches the moderation queues; every account-only one is a staff one.

    Moderation is only served by the pages above, behind the grant. Staff operations live
    under ``/api/v1/staff/`` and need a staff session with its second factor (``staff_session``);
    everything else is public and needs nothing.
    """
    for path, operations in _api_schema()["paths"].items():
        assert "moderat" not in path, path
        for operation in operations.values():
            security = operation.get("security") or []
            if path.startswith("/api/v1/staff/"):
                assert security == [{"StaffSessionAuth": []}], f"{path} must need a staff session"
                assert "401" in operation["responses"] or 401 in operation["responses"], path
            else:
                assert not security, f"{path} needs an account: move it under /api/v1/staff/"
    api_routes = [route for route in routes() if route.name.startswith("api:")]
    assert api_routes
    assert all(route.audience != "staff" for route in api_routes)


def test_it_requires_a_cross_organisation_sample_for_every_staff_api_operation() -> None:
    """A staff operation must register an ``@api_sample`` so the 404 check below covers it."""
    load_samples()
    missing = [operation for operation in staff_api_operations() if operation not in API_SAMPLES]
    assert missing == [], f"add @api_sample for: {missing}"


def _api_call(client: Client, operation: str, call: ApiCall) -> Any:
    method = operation.split(" ", 1)[0].lower()
    if call.body is None:
        return getattr(client, method)(call.path)
    return getattr(client, method)(call.path, data=call.body, content_type="application/json")


@pytest.mark.django_db
@pytest.mark.parametrize("operation", staff_api_operations())
def test_it_hides_another_organisations_record_in_the_api(
    operation: str, three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """Without a verified staff session: 401. Bob of organisation B: 404. Alice of A: served."""
    load_samples()
    call = API_SAMPLES[operation](three_orgs)
    assert _api_call(Client(), operation, call).status_code == 401
    password_only = Client()
    password_only.force_login(three_orgs.alice)
    assert _api_call(password_only, operation, call).status_code == 401, "no second factor"
    assert _api_call(staff_client(three_orgs.bob), operation, call).status_code == 404
    assert _api_call(staff_client(three_orgs.alice), operation, call).status_code < 400


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in staff_routes() if gated(r)], ids=lambda route: route.name)
def test_it_shows_a_pending_invitee_nothing_of_the_organisation(
    route: Route, three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """Invited to A with every role but not yet accepted: every page about A (or needing a role) is closed."""
    url = _url(route, _sample_kwargs(route, three_orgs))
    invitation = membership_invite(
        organisation=three_orgs.a,
        invited_by=three_orgs.alice,
        email="dora@example.org",
        name="Dora",
        roles=ALL_ROLES,
        base_url="http://testserver/",
    )
    dora = staff_client(invitation.user)
    assert dora.get(url).status_code in (403, 404)
    home = dora.get("/es/staff/").content.decode()
    assert f"/es/staff/invitations/{invitation.pk}/" in home
    assert three_orgs.a.slug not in home, "no link into the organisation before accepting"
