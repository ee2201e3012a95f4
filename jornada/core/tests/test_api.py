import json

import pytest
from django.test import Client


@pytest.mark.django_db
def test_it_publishes_the_openapi_schema() -> None:
    """The schema is served as JSON at /api/v1/openapi.json, and no CDN-backed docs page exists."""
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "Jornada API"
    assert schema["openapi"].startswith("3.")
    assert Client().get("/api/v1/docs").status_code == 404


def _schema() -> dict:
    return json.loads(Client().get("/api/v1/openapi.json").content)


@pytest.mark.django_db
def test_it_documents_every_answer_an_operation_can_give() -> None:
    """Every operation lists 429 and 414; those with parameters to check 422, those naming a record 404."""
    schema = _schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            answers = operation["responses"]
            assert {"429", "414"} <= set(answers), (method, path)
            assert answers["429"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorsOut"
            }
            checked = [
                p
                for p in operation.get("parameters", [])
                if p["schema"].get("type") != "string" or p["in"] == "query"
            ]
            if checked or "requestBody" in operation:
                assert "422" in answers, (method, path)
            if "{" in path:
                assert answers["404"]["content"]["application/json"]["schema"]["$ref"].endswith(
                    ("/NotFoundOut", "/ErrorsOut")
                ), (method, path)


@pytest.mark.django_db
def test_each_schema_name_means_one_thing() -> None:
    """An employer's profile is documented with its own schema, not the look-up's same-named one."""
    schema = _schema()
    employer = schema["paths"]["/api/v1/employers/{slug}"]["get"]["responses"]["200"]["content"]
    name = employer["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "cases" in schema["components"]["schemas"][name]["properties"]
    lookup = schema["components"]["schemas"]["LookupOut"]["properties"]["employers"]["items"]["$ref"]
    assert "place" in schema["components"]["schemas"][lookup.rsplit("/", 1)[1]]["properties"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/alerts/warnings?page=0", 422),
        ("/api/v1/reviews?page=-1", 422),
        ("/api/v1/employers/nobody?page=0", 422),
        ("/api/v1/alerts/events?phone=" + "5" * 151, 422),
        ("/api/v1/alerts/events?employer=nobody", 404),
    ],
)
def test_it_holds_query_parameters_to_their_documented_limits(url: str, status: int) -> None:
    """A parameter outside the range or length the schema gives is refused, as documented."""
    response = Client().get(url)
    assert response.status_code == status
    assert (
        str(status) in _schema()["paths"][url.split("?")[0].replace("nobody", "{slug}")]["get"]["responses"]
    )


def test_it_names_every_api_schema_once() -> None:
    """Two schemas of one name overwrite each other in the OpenAPI components, silently.

    The staff case list's ``CaseOut`` once replaced the directory's (a DOL case), so an
    employer's documented answer described a staff case.
    """
    import importlib
    import pkgutil

    from ninja import Schema

    import jornada

    owners: dict[str, set[str]] = {}
    for module_info in pkgutil.walk_packages(jornada.__path__, "jornada."):
        if not module_info.name.rsplit(".", 1)[-1].startswith("api"):
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.__name__:
                owners.setdefault(value.__name__, set()).add(module.__name__)
    assert {name: found for name, found in owners.items() if len(found) > 1} == {}
