"""The staff API for protocols: reading a case's steps (audited) and completing one, with the page's rules."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent, User
from jornada.protocols.tests.helpers import protocol_case

StaffClient = Callable[[User], Client]


def test_it_completes_a_step_and_reads_it_back(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """Completing the first contact answers 200 with 1 of 8 done; a read is audited."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    client = staff_client(three_orgs.charlie)
    response = client.post(
        f"/api/v1/staff/cases/{case.pk}/protocol/steps/first-contact",
        {"answers": {"private": True, "urgent_needs": ["food"]}},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["done"], body["total"]) == (1, 8)
    assert body["steps"][0]["answers"] == {"private": True, "urgent_needs": ["food"]}
    assert AuditEvent.objects.filter(action="protocol.read", actor=three_orgs.charlie).exists()


def test_it_answers_422_for_a_step_out_of_order(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """Screening before the first contact: 422 with the code out_of_order."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    response = staff_client(three_orgs.charlie).post(
        f"/api/v1/staff/cases/{case.pk}/protocol/steps/screening",
        {"answers": {"methods_of_control": ["threats"]}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"][0]["code"] == "out_of_order"


def test_it_answers_404_for_a_case_without_protocol(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """A case that follows no protocol has none to read."""
    from jornada.cases.tests.helpers import open_case

    case = open_case(three_orgs.a, three_orgs.alice)
    assert staff_client(three_orgs.alice).get(f"/api/v1/staff/cases/{case.pk}/protocol").status_code == 404
