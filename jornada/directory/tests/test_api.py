import json
from pathlib import Path

import pytest
from django.test import Client

from jornada.directory.tests.factories import busy_employer
from jornada.directory.tests.helpers import h2a_row, import_h2a

pytestmark = pytest.mark.django_db


def test_it_searches_employers_as_json(tmp_path: Path) -> None:
    """GET /api/v1/employers?q= forgives typos and says which results are exact."""
    import_h2a(tmp_path, 2017, [h2a_row("H-300-17001-000001", "Green Valley Farms", "GA")])
    body = json.loads(Client().get("/api/v1/employers", {"q": "gren valley"}).content)
    assert body["total"] == 1
    assert body["results"][0] | {"last_fiscal_year": 2017} == {
        "kind": "employer",
        "slug": "green-valley-farms-ga",
        "name": "Green Valley Farms",
        "place": "Tifton, GA",
        "programmes": ["H-2A"],
        "last_fiscal_year": 2017,
        "exact": False,
        "fictional": False,
    }


def test_it_returns_an_employers_records() -> None:
    """The detail holds findings, debarments and paginated cases."""
    employer = busy_employer(seasons=2)
    body = json.loads(Client().get(f"/api/v1/employers/{employer.slug}").content)
    assert body["findings"][0]["back_wages"] in ("12400", "12400.00")
    assert body["debarments"][0]["start"] == "2014-03-01"
    assert len(body["cases"]) == 4
    assert body["cases_pages"] == 1


@pytest.mark.parametrize(
    ("language", "message"), [("es", "Usa como máximo 100"), ("en", "Use a number of at most 100")]
)
def test_it_explains_bad_parameters_in_the_callers_language(language: str, message: str) -> None:
    """422 with a code and a translated message per field."""
    response = Client().get("/api/v1/search", {"q": "", "limit": 1000}, headers={"accept-language": language})
    assert response.status_code == 422
    errors = json.loads(response.content)["errors"]
    assert set(errors) == {"q", "limit"}
    assert errors["limit"][0]["code"] == "less_than_equal"
    assert message in errors["limit"][0]["message"] or "como máximo 100" in errors["limit"][0]["message"]


def test_it_answers_404_as_json() -> None:
    response = Client().get("/api/v1/recruiters/nobody", headers={"accept-language": "es"})
    assert response.status_code == 404
    assert json.loads(response.content) == {"detail": "No se encontró."}


def test_it_documents_the_endpoints() -> None:
    """Search and detail endpoints appear in the OpenAPI schema."""
    paths = json.loads(Client().get("/api/v1/openapi.json").content)["paths"]
    assert {
        "/api/v1/search",
        "/api/v1/employers",
        "/api/v1/employers/{slug}",
        "/api/v1/recruiters",
        "/api/v1/recruiters/{slug}",
    } <= set(paths)
