"""Supervisor approval of evaluations and closings, configurable per organisation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from jornada.cases.models import CaseStage, CaseStep
from jornada.cases.tests.helpers import open_and_evaluate, settings_for
from jornada.cases.workflow import case_closing_record, case_stage, case_step_approve
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent


def test_it_refuses_approval_by_a_non_supervisor(three_orgs: ThreeOrganisations) -> None:
    """charlie (advocate only) cannot approve; the step stays waiting and the stage does not move."""
    settings_for(three_orgs.a, evaluation_needs_approval=True)
    case = open_and_evaluate(three_orgs.a, three_orgs.charlie)
    with pytest.raises(ValidationError) as caught:
        case_step_approve(actor=three_orgs.charlie, case=case, kind="evaluation")
    assert caught.value.code == "not_a_supervisor"
    assert CaseStep.objects.get(case=case).approved_at is None
    assert case_stage(case) == CaseStage.EVALUATION


def test_it_refuses_a_supervisor_of_another_organisation(three_orgs: ThreeOrganisations) -> None:
    """bob is a supervisor, but of B: he cannot approve A's closing."""
    settings_for(three_orgs.a, closing_needs_approval=True)
    case = open_and_evaluate(three_orgs.a, three_orgs.charlie)
    case_closing_record(actor=three_orgs.charlie, case=case, outcome="advice")
    with pytest.raises(ValidationError):
        case_step_approve(actor=three_orgs.bob, case=case, kind="closing")
    assert case_stage(case) == CaseStage.OPEN


def test_it_approves_once_and_records_who(three_orgs: ThreeOrganisations) -> None:
    """alice (supervisor) approves; the step names her; a second approval finds nothing waiting."""
    settings_for(three_orgs.a, evaluation_needs_approval=True)
    case = open_and_evaluate(three_orgs.a, three_orgs.charlie)
    case_step_approve(actor=three_orgs.alice, case=case, kind="evaluation")
    step = CaseStep.objects.get(case=case)
    assert step.approved_by == three_orgs.alice
    assert AuditEvent.objects.filter(action="case.step_approved", actor=three_orgs.alice).count() == 1
    with pytest.raises(ValidationError) as caught:
        case_step_approve(actor=three_orgs.alice, case=case, kind="evaluation")
    assert caught.value.code == "nothing_to_approve"


def test_it_has_nothing_to_approve_without_the_setting(three_orgs: ThreeOrganisations) -> None:
    """Where approval is not required a step is in effect at once, and there is nothing to approve."""
    case = open_and_evaluate(three_orgs.a, three_orgs.charlie)
    with pytest.raises(ValidationError):
        case_step_approve(actor=three_orgs.alice, case=case, kind="evaluation")
