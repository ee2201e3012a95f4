"""Examples of the staff intake queue's pages and API operations, for the tests that walk every URL."""

from typing import Any

from jornada.core.testing import ApiCall, api_sample, staff_sample
from jornada.intake.tests.helpers import accepting, submit


def _request_of_a(orgs: Any) -> int:
    """A request only organisation A received (B takes no requests)."""
    accepting(orgs.a)
    return int(submit(any_organisation=False, organisations=[orgs.a.slug]).intake.pk)


@staff_sample("intake_staff:detail")
def request_page_of_a(orgs: Any) -> dict[str, Any]:
    return {"pk": _request_of_a(orgs)}


@api_sample("GET /api/v1/staff/intake")
def queue_of_a(orgs: Any) -> ApiCall:
    _request_of_a(orgs)
    return ApiCall(f"/api/v1/staff/intake?organisation={orgs.a.slug}")


@api_sample("GET /api/v1/staff/intake/{intake_id}")
def request_of_a(orgs: Any) -> ApiCall:
    return ApiCall(f"/api/v1/staff/intake/{_request_of_a(orgs)}")


@api_sample("POST /api/v1/staff/intake/{intake_id}/accept")
def accept_of_a(orgs: Any) -> ApiCall:
    return ApiCall(f"/api/v1/staff/intake/{_request_of_a(orgs)}/accept", {"confirm_conflicts": True})


@api_sample("POST /api/v1/staff/intake/{intake_id}/decline")
def decline_of_a(orgs: Any) -> ApiCall:
    return ApiCall(f"/api/v1/staff/intake/{_request_of_a(orgs)}/decline", {"reason": "no_capacity"})


@api_sample("POST /api/v1/staff/intake/{intake_id}/duplicate")
def duplicate_of_a(orgs: Any) -> ApiCall:
    first = _request_of_a(orgs)
    return ApiCall(f"/api/v1/staff/intake/{_request_of_a(orgs)}/duplicate", {"duplicate_of": first})
