"""The HSDS 3.0 API: every endpoint's answer validates against the shared HSDS JSON Schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker

from jornada.network.models import Organization, Service
from jornada.network.tests.conftest import SHELTER_ID, load_schema, shelter_secrets

pytestmark = pytest.mark.django_db
BASE = "/api/v1/hsds"


@pytest.fixture(autouse=True, params=["/api/v1/hsds", "/hsds"], ids=["api", "site-root"])
def base(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs against /api/v1/hsds and against /hsds at the site root (the same views)."""
    import sys

    monkeypatch.setattr(sys.modules[__name__], "BASE", request.param)
    return str(request.param)


def validate(folder: Path, name: str, instance: Any) -> None:
    schema = load_schema(folder, name)
    errors = sorted(
        Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(instance), key=str
    )
    assert not errors, [f"{list(error.absolute_path)}: {error.message}" for error in errors[:5]]


def page_schema(folder: Path) -> dict[str, Any]:
    import json

    openapi = json.loads((folder / "openapi.json").read_text())
    return openapi["components"]["schemas"]["Page"]


def get(path: str, **params: Any) -> Any:
    response = Client().get(f"{BASE}{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_it_states_the_version_and_profile(hsds_schemas: Path) -> None:
    """GET /hsds/ answers the version, profile and OpenAPI address the HSDS API asks for."""
    import json

    body = get("/")
    assert body["version"] == "3.0"
    openapi = json.loads((hsds_schemas / "openapi.json").read_text())
    schema = openapi["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    Draft202012Validator(schema).validate(body)


@pytest.mark.usefixtures("directory")
def test_it_pages_services_and_validates_each(hsds_schemas: Path) -> None:
    """Services come in HSDS pages; the page and every service validate (service_list)."""
    body = get("/services", per_page=5, page=2)
    Draft202012Validator(page_schema(hsds_schemas)).validate(body)
    assert body["total_items"] == Service.objects.count() == 13
    assert (body["total_pages"], body["page_number"], body["size"]) == (3, 2, 5)
    assert (body["first_page"], body["last_page"], body["empty"]) == (False, False, False)
    for service in body["contents"]:
        validate(hsds_schemas, "compiled/service_list.json", service)
    assert get("/services", page=3, per_page=5)["last_page"] is True


@pytest.mark.usefixtures("directory")
def test_it_serves_every_service_fully_nested_and_valid(hsds_schemas: Path) -> None:
    """Each /services/{id} validates against compiled/service.json."""
    for pk in Service.objects.values_list("pk", flat=True):
        validate(hsds_schemas, "compiled/service.json", get(f"/services/{pk}"))


@pytest.mark.usefixtures("directory")
def test_it_pages_organizations_and_serves_each_valid(hsds_schemas: Path) -> None:
    """The organisation list and each /organizations/{id} validate against their schemas."""
    body = get("/organizations", per_page=100)
    Draft202012Validator(page_schema(hsds_schemas)).validate(body)
    assert body["total_items"] == Organization.objects.count()
    for organization in body["contents"]:
        validate(hsds_schemas, "compiled/organization_list.json", organization)
    for pk in Organization.objects.values_list("pk", flat=True):
        validate(hsds_schemas, "compiled/organization.json", get(f"/organizations/{pk}"))


@pytest.mark.usefixtures("directory")
def test_it_answers_404_for_an_unknown_or_malformed_id() -> None:
    """An id that is not a UUID, or names nothing, is a 404."""
    assert Client().get(f"{BASE}/services/not-a-uuid").status_code == 404
    assert Client().get(f"{BASE}/organizations/{SHELTER_ID[:-1]}0").status_code == 404


@pytest.mark.usefixtures("directory")
def test_it_never_serves_a_confidential_address_or_coordinates() -> None:
    """No HSDS answer (pages, services, organisations) carries the shelter's address or point."""
    bodies = [Client().get(f"{BASE}/services", {"per_page": 100}).content.decode()]
    bodies.append(Client().get(f"{BASE}/organizations", {"per_page": 100}).content.decode())
    bodies += [
        Client().get(f"{BASE}/services/{pk}").content.decode()
        for pk in Service.objects.values_list("pk", flat=True)
    ]
    bodies += [
        Client().get(f"{BASE}/organizations/{pk}").content.decode()
        for pk in Organization.objects.values_list("pk", flat=True)
    ]
    shelter = Client().get(f"{BASE}/organizations/{SHELTER_ID}").json()
    assert shelter["locations"][0]["name"] == "Confidential location, call first"
    assert "latitude" not in shelter["locations"][0]
    assert shelter["locations"][0]["addresses"] == []
    for body in bodies:
        for secret in shelter_secrets():
            assert secret not in body, secret


@pytest.mark.usefixtures("directory")
def test_it_serves_the_same_answers_at_the_site_root() -> None:
    """/hsds/... answers exactly what /api/v1/hsds/... answers, for each of the five operations."""
    service = str(Service.objects.order_by("pk").values_list("pk", flat=True)[0])
    organization = str(Organization.objects.order_by("pk").values_list("pk", flat=True)[0])
    for path in (
        "/",
        "/services",
        f"/services/{service}",
        "/organizations",
        f"/organizations/{organization}",
    ):
        root, api = Client().get(f"/hsds{path}"), Client().get(f"/api/v1/hsds{path}")
        assert (root.status_code, root.json()) == (api.status_code, api.json()) == (200, api.json()), path
    assert Client().get("/hsds/services/not-a-uuid").status_code == 404


def test_it_documents_the_hsds_operations_in_the_openapi_schema() -> None:
    """The five HSDS operations are in /api/v1/openapi.json."""
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/hsds/",
        "/api/v1/hsds/services",
        "/api/v1/hsds/services/{service_id}",
        "/api/v1/hsds/organizations",
        "/api/v1/hsds/organizations/{organization_id}",
    ):
        assert path in paths, path


def test_it_checks_for_real_a_service_that_breaks_the_schema(hsds_schemas: Path) -> None:
    """The validation is not vacuous: a service without status, with a bad id, is refused."""
    with pytest.raises(AssertionError):
        validate(hsds_schemas, "compiled/service.json", {"id": "not-a-uuid", "name": "x"})


def test_it_refuses_pages_out_of_range() -> None:
    """A page below 1 or a page size above 100 is a 422 naming the parameter, not a server error."""
    response = Client().get(f"{BASE}/services", {"page": 0})
    assert response.status_code == 422
    assert "page" in response.json()["errors"]
    assert Client().get(f"{BASE}/organizations", {"per_page": 101}).status_code == 422
