"""The staff case pages: a list and one case, only within the reader's organisations, reads audited."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from jornada.cases.services import case_anonymise
from jornada.cases.tests.helpers import NAME, NARRATIVE, NOTE, open_case
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent, Role, User
from jornada.core.tests.factories import member

StaffClient = Callable[[User], Client]


def test_it_lists_only_the_organisations_cases(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """alice's list shows A's case number and no personal text; bob's list does not show it."""
    a_case = open_case(three_orgs.a, three_orgs.alice)
    b_case = open_case(three_orgs.b, three_orgs.bob)
    body = staff_client(three_orgs.alice).get(reverse("cases:list")).content.decode()
    assert a_case.number in body
    assert b_case.number not in body
    assert NAME not in body
    assert a_case.number not in staff_client(three_orgs.bob).get(reverse("cases:list")).content.decode()
    assert not AuditEvent.objects.filter(action="case.read").exists()


def test_it_shows_a_case_and_audits_the_read(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """charlie (advocate in A) sees the decrypted fields and notes; both reads are audited; never cached."""
    case = open_case(three_orgs.a, three_orgs.alice)
    response = staff_client(three_orgs.charlie).get(reverse("cases:detail", args=[case.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert NAME in body
    assert NARRATIVE.split(":")[0] in body
    assert NOTE.split(":")[0] in body
    assert "no-store" in response["Cache-Control"]
    actions = set(AuditEvent.objects.filter(actor=three_orgs.charlie).values_list("action", flat=True))
    assert actions == {"case.read", "case.notes_read"}


def test_it_hides_another_organisations_case(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """bob (every role in B) gets a 404 for A's case, and nothing is read or audited."""
    case = open_case(three_orgs.a, three_orgs.alice)
    response = staff_client(three_orgs.bob).get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 404
    assert NAME not in response.content.decode()
    assert not AuditEvent.objects.filter(action__in=["case.read", "case.notes_read"]).exists()


def test_it_says_an_anonymised_case_was_erased(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """An anonymised case still opens (number, dates) and says its personal details were erased."""
    case = open_case(three_orgs.a, three_orgs.alice)
    case_anonymise(case=case, reason="retention")
    response = staff_client(three_orgs.alice).get(
        reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="es"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert case.number in body
    assert NAME not in body


def test_the_staff_home_links_cases_for_those_who_work_them(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """An advocate's staff home links the case list; an organisation administrator alone gets no link."""
    cases_url = reverse("cases:list")
    assert cases_url in staff_client(three_orgs.charlie).get("/es/staff/").content.decode()
    admin_only = member(three_orgs.a, Role.ORG_ADMIN, name="Dora", email="dora@example.org")
    assert cases_url not in staff_client(admin_only).get("/es/staff/").content.decode()
