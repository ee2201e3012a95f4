"""Examples of the protocols app's pages, for the tests that walk every URL (three organisations)."""

from typing import Any

from jornada.cases.tests.helpers import open_case
from jornada.core.testing import ApiCall, api_sample, staff_sample
from jornada.protocols.tests.helpers import protocol_case


@staff_sample("protocols:case")
def protocol_of_a(orgs: Any) -> dict[str, Any]:
    return {"pk": protocol_case(orgs.a, orgs.alice, "trafficking").pk}


@staff_sample("protocols:monitoring")
@staff_sample("protocols:monitoring_csv")
def monitoring_of_a(orgs: Any) -> dict[str, Any]:
    open_case(orgs.a, orgs.alice)
    return {"slug": orgs.a.slug}


@staff_sample("protocols:export")
def export_of_a(orgs: Any) -> dict[str, Any]:
    protocol_case(orgs.a, orgs.alice, "gender-based-violence")
    return {"slug": orgs.a.slug, "kind": "gbvims", "extension": "csv"}


@api_sample("GET /api/v1/staff/cases/{case_id}/protocol")
def api_protocol_of_a(orgs: Any) -> ApiCall:
    return ApiCall(f"/api/v1/staff/cases/{protocol_case(orgs.a, orgs.alice, 'trafficking').pk}/protocol")


@api_sample("POST /api/v1/staff/cases/{case_id}/protocol/steps/{step_key}")
def api_step_of_a(orgs: Any) -> ApiCall:
    case = protocol_case(orgs.a, orgs.alice, "trafficking")
    return ApiCall(
        f"/api/v1/staff/cases/{case.pk}/protocol/steps/first-contact",
        {"answers": {"private": True, "urgent_needs": ["food"]}},
    )
