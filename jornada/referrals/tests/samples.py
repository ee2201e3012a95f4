"""Examples of the referrals app's parameterised pages and API operations, for the URL-walking tests.

A referral page belongs to two organisations. The sender's pages use a referral A sent to a
third organisation C; the receiver's use one C sent to A. bob (organisation B) is neither.
"""

from typing import Any

from jornada.cases.tests.helpers import open_case
from jornada.core.testing import ApiCall, api_sample, staff_sample
from jornada.referrals.models import Referral
from jornada.referrals.services import referral_letter_record
from jornada.referrals.tests.helpers import full_case, send, taking, third_organisation


def _sent_by_a(orgs: Any) -> Referral:
    c, _dora = third_organisation()
    return send(full_case(orgs.a, orgs.alice), orgs.alice, c)


def _received_by_a(orgs: Any) -> Referral:
    c, dora = third_organisation()
    taking(orgs.a)
    return send(full_case(c, dora), dora, orgs.a)


@staff_sample("referrals:new")
@staff_sample("referrals:letter_new")
def case_of_a(orgs: Any) -> dict[str, Any]:
    return {"pk": open_case(orgs.a, orgs.alice).pk}


@staff_sample("referrals:sent")
@staff_sample("referrals:revoke")
def referral_sent_by_a(orgs: Any) -> dict[str, Any]:
    return {"pk": _sent_by_a(orgs).pk}


@staff_sample("referrals:letter")
def letter_of_a(orgs: Any) -> dict[str, Any]:
    referral = referral_letter_record(
        actor=orgs.alice,
        case=full_case(orgs.a, orgs.alice),
        partner_name="Clínica Ficticia del Valle",
        fields=["worker_name"],
    )
    return {"pk": referral.pk}


@staff_sample("referrals:received")
def referral_received_by_a(orgs: Any) -> dict[str, Any]:
    return {"pk": _received_by_a(orgs).pk}


@api_sample("GET /api/v1/staff/referrals")
def api_list_of_a(orgs: Any) -> ApiCall:
    _received_by_a(orgs)
    return ApiCall(f"/api/v1/staff/referrals?organisation={orgs.a.slug}")


@api_sample("GET /api/v1/staff/referrals/{referral_id}")
def api_referral_of_a(orgs: Any) -> ApiCall:
    return ApiCall(f"/api/v1/staff/referrals/{_received_by_a(orgs).pk}")


@api_sample("POST /api/v1/staff/referrals/{referral_id}/accept")
def api_accept_by_a(orgs: Any) -> ApiCall:
    return ApiCall(f"/api/v1/staff/referrals/{_received_by_a(orgs).pk}/accept", {"open_case": True})


@api_sample("POST /api/v1/staff/referrals/{referral_id}/decline")
def api_decline_by_a(orgs: Any) -> ApiCall:
    return ApiCall(f"/api/v1/staff/referrals/{_received_by_a(orgs).pk}/decline", {"reason": "Sin cupo"})
