"""Assigning a case: only to an advocate of its organisation, every assignment kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from jornada.cases.models import CaseAssignment
from jornada.cases.selectors import case_assignments, case_work_get
from jornada.cases.tests.helpers import open_case
from jornada.cases.workflow import case_assign
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent, Role
from jornada.core.tests.factories import member


def test_it_keeps_every_assignment_and_shows_the_current_one(three_orgs: ThreeOrganisations) -> None:
    """Assign then reassign: both rows kept (who, by whom), the latest is the case's assignee."""
    case = open_case(three_orgs.a, three_orgs.alice)
    case_assign(actor=three_orgs.alice, case=case, advocate=three_orgs.charlie)
    case_assign(actor=three_orgs.charlie, case=case, advocate=three_orgs.alice)
    history = case_assignments(case)
    assert [(row.advocate, row.assigned_by) for row in history] == [
        (three_orgs.alice, three_orgs.charlie),
        (three_orgs.charlie, three_orgs.alice),
    ]
    assert case_work_get(user=three_orgs.charlie, case_id=case.pk).assignee_name == "Alice"
    events = AuditEvent.objects.filter(action="case.assigned").order_by("at")
    assert [event.detail["reassigned"] for event in events] == [False, True]


def test_it_refuses_someone_of_another_organisation(three_orgs: ThreeOrganisations) -> None:
    """bob (every role, organisation B) cannot be assigned A's case: a translated error naming the field."""
    case = open_case(three_orgs.a, three_orgs.alice)
    with translation.override("es"), pytest.raises(ValidationError) as caught:
        case_assign(actor=three_orgs.alice, case=case, advocate=three_orgs.bob)
    error = caught.value.error_dict["advocate"][0]
    assert error.code == "not_an_advocate"
    assert "no es" in str(error.message % error.params)
    assert not CaseAssignment.objects.exists()


def test_it_refuses_a_member_who_is_not_an_advocate(three_orgs: ThreeOrganisations) -> None:
    """An organisation administrator only (no advocate or supervisor role) cannot be put in charge."""
    admin_only = member(three_orgs.a, Role.ORG_ADMIN)
    case = open_case(three_orgs.a, three_orgs.alice)
    with pytest.raises(ValidationError):
        case_assign(actor=three_orgs.alice, case=case, advocate=admin_only)
    assert not CaseAssignment.objects.exists()


def test_it_refuses_assigning_the_same_advocate_twice(three_orgs: ThreeOrganisations) -> None:
    """Assigning the current assignee again adds nothing to the history."""
    case = open_case(three_orgs.a, three_orgs.alice)
    case_assign(actor=three_orgs.alice, case=case, advocate=three_orgs.charlie)
    with pytest.raises(ValidationError):
        case_assign(actor=three_orgs.alice, case=case, advocate=three_orgs.charlie)
    assert CaseAssignment.objects.count() == 1
