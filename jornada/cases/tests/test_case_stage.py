"""The stage of a case is derived from its data: one transition per test, both ways of reading it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from jornada.cases.models import Case, CaseStage, CaseStep
from jornada.cases.tests.helpers import open_and_evaluate, open_case, settings_for
from jornada.cases.workflow import (
    case_assign,
    case_closing_record,
    case_evaluation_record,
    case_reopen,
    case_stage,
    case_step_approve,
)
from jornada.conftest import ThreeOrganisations


def stage(case: Case) -> str:
    """The stage by the single-case function, checked against filtering the annotated queryset
    and against the stored copy the list filters on (``stage_now``)."""
    found = case_stage(case)
    assert list(Case.objects.with_stage().filter(stage=found).values_list("pk", flat=True)) == [case.pk]
    assert Case.objects.get(pk=case.pk).stage_now == found, "the stored stage follows the data"
    return found


def test_it_has_no_stage_field_to_write() -> None:
    """No form or admin can set the stage: its stored copy is not editable, only derived."""
    assert "stage" not in {f.name for f in Case._meta.get_fields()}
    assert not Case._meta.get_field("stage_now").editable


def test_it_starts_new(three_orgs: ThreeOrganisations) -> None:
    """A case nobody is assigned to and that has no evaluation is new."""
    assert stage(open_case(three_orgs.a, three_orgs.alice)) == CaseStage.NEW


def test_it_is_being_evaluated_once_an_advocate_is_assigned(three_orgs: ThreeOrganisations) -> None:
    """new → evaluation when an advocate is assigned."""
    case = open_case(three_orgs.a, three_orgs.alice)
    case_assign(actor=three_orgs.alice, case=case, advocate=three_orgs.charlie)
    assert stage(case) == CaseStage.EVALUATION


def test_it_opens_when_the_evaluation_is_recorded_without_approval(three_orgs: ThreeOrganisations) -> None:
    """evaluation → open at once when the organisation requires no approval."""
    assert stage(open_and_evaluate(three_orgs.a, three_orgs.alice)) == CaseStage.OPEN


def test_it_waits_for_a_supervisor_when_the_organisation_requires_it(three_orgs: ThreeOrganisations) -> None:
    """With approval required the case stays in evaluation until a supervisor approves; then open."""
    settings_for(three_orgs.a, evaluation_needs_approval=True)
    case = open_and_evaluate(three_orgs.a, three_orgs.charlie)
    assert stage(case) == CaseStage.EVALUATION
    case_step_approve(actor=three_orgs.alice, case=case, kind="evaluation")
    assert stage(case) == CaseStage.OPEN


def test_it_closes_when_the_closing_is_recorded(three_orgs: ThreeOrganisations) -> None:
    """open → closed by a closing in effect."""
    case = open_and_evaluate(three_orgs.a, three_orgs.alice)
    case_closing_record(actor=three_orgs.alice, case=case, outcome="advice")
    assert stage(case) == CaseStage.CLOSED


def test_it_stays_open_until_a_required_closing_approval(three_orgs: ThreeOrganisations) -> None:
    """With closing approval required, a recorded closing leaves the case open until approved."""
    settings_for(three_orgs.a, closing_needs_approval=True)
    case = open_and_evaluate(three_orgs.a, three_orgs.charlie)
    case_closing_record(actor=three_orgs.charlie, case=case, outcome="advice")
    assert stage(case) == CaseStage.OPEN
    case_step_approve(actor=three_orgs.alice, case=case, kind="closing")
    assert stage(case) == CaseStage.CLOSED


def test_it_reopens_and_closes_again(three_orgs: ThreeOrganisations) -> None:
    """closed → reopened by a reopening; reopened → closed by a further closing; and reopened again."""
    case = open_and_evaluate(three_orgs.a, three_orgs.alice)
    case_closing_record(actor=three_orgs.alice, case=case, outcome="advice")
    case_reopen(actor=three_orgs.alice, case=case, reason="El patrón no pagó lo acordado.")
    assert stage(case) == CaseStage.REOPENED
    case_closing_record(
        actor=three_orgs.alice, case=case, outcome="settlement", back_wages="100", back_wages_currency="USD"
    )
    assert stage(case) == CaseStage.CLOSED
    case_reopen(actor=three_orgs.alice, case=case, reason="Otra vez.")
    assert stage(case) == CaseStage.REOPENED
    assert list(CaseStep.objects.filter(case=case).values_list("number", flat=True)) == [1, 2, 3, 4, 5]


def test_it_keeps_the_stage_a_step_had_when_the_setting_changes(three_orgs: ThreeOrganisations) -> None:
    """Requiring approval later does not reopen a case already closed: the step keeps its own rule."""
    case = open_and_evaluate(three_orgs.a, three_orgs.alice)
    case_closing_record(actor=three_orgs.alice, case=case, outcome="advice")
    settings_for(three_orgs.a, closing_needs_approval=True, evaluation_needs_approval=True)
    assert stage(case) == CaseStage.CLOSED


def test_it_refuses_steps_out_of_order(three_orgs: ThreeOrganisations) -> None:
    """No evaluation before assignment, no closing before the case is open, no reopening of an open case."""
    case = open_case(three_orgs.a, three_orgs.alice)
    with pytest.raises(ValidationError) as caught:
        case_evaluation_record(actor=three_orgs.alice, case=case, decision="take", summary="x")
    assert caught.value.error_dict["decision"][0].code == "not_assigned"
    with pytest.raises(ValidationError) as caught:
        case_closing_record(actor=three_orgs.alice, case=case, outcome="advice")
    assert caught.value.code == "wrong_stage"
    case = open_and_evaluate(three_orgs.a, three_orgs.alice)
    with pytest.raises(ValidationError) as caught:
        case_reopen(actor=three_orgs.alice, case=case, reason="x")
    assert caught.value.code == "wrong_stage"
    with pytest.raises(ValidationError):
        case_evaluation_record(actor=three_orgs.alice, case=case, decision="take", summary="otra")
    assert CaseStep.objects.filter(case=case).count() == 1
