"""Examples of the cases app's parameterised pages, for the tests that walk every URL."""

from typing import Any

from jornada.cases.tests.helpers import open_case
from jornada.core.testing import ApiCall, api_sample, staff_sample


@staff_sample("cases:detail")
def case_of_a(orgs: Any) -> dict[str, Any]:
    return {"pk": open_case(orgs.a, orgs.alice).pk}


@staff_sample("cases:settings")
def settings_of_a(orgs: Any) -> dict[str, Any]:
    return {"slug": orgs.a.slug}


@api_sample("GET /api/v1/staff/cases")
def api_list_of_a(orgs: Any) -> ApiCall:
    open_case(orgs.a, orgs.alice)
    return ApiCall(f"/api/v1/staff/cases?organisation={orgs.a.slug}")


@api_sample("GET /api/v1/staff/cases/{case_id}")
def api_case_of_a(orgs: Any) -> ApiCall:
    return ApiCall(f"/api/v1/staff/cases/{open_case(orgs.a, orgs.alice).pk}")


@api_sample("GET /api/v1/staff/cases/{case_id}/notes")
def api_notes_of_a(orgs: Any) -> ApiCall:
    return ApiCall(f"/api/v1/staff/cases/{open_case(orgs.a, orgs.alice).pk}/notes")


@api_sample("POST /api/v1/staff/cases/{case_id}/notes")
def api_note_to_a(orgs: Any) -> ApiCall:
    return ApiCall(
        f"/api/v1/staff/cases/{open_case(orgs.a, orgs.alice).pk}/notes", {"text": "Nota de prueba"}
    )
