"""Recording a closing: outcomes, the reason for no action, amounts recovered with a currency."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jornada.cases.models import CaseStep, StepKind
from jornada.cases.selectors import case_personal_read
from jornada.cases.tests.helpers import open_and_evaluate
from jornada.cases.workflow import case_closing_record
from jornada.conftest import ThreeOrganisations


def test_it_keeps_the_outcome_and_amounts(three_orgs: ThreeOrganisations) -> None:
    """A settlement with back wages in USD and fees in MXN is kept as Decimals, its summary sealed."""
    case = open_and_evaluate(three_orgs.a, three_orgs.alice)
    case_closing_record(
        actor=three_orgs.alice,
        case=case,
        outcome="settlement",
        summary="Acuerdo-Unico-7Q",
        back_wages="1250.5",
        back_wages_currency="USD",
        fees=Decimal("15000"),
        fees_currency="MXN",
    )
    step = CaseStep.objects.get(case=case, kind=StepKind.CLOSING)
    assert (step.back_wages, step.back_wages_currency, step.fees, step.fees_currency) == (
        Decimal("1250.50"),
        "USD",
        Decimal("15000.00"),
        "MXN",
    )
    assert b"Acuerdo-Unico-7Q" not in bytes(step.text_sealed)
    steps = case_personal_read(user=three_orgs.alice, case_id=case.pk).steps
    assert steps[-1].text == "Acuerdo-Unico-7Q"


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"outcome": "won"}, "outcome", "invalid_choice"),
        ({"outcome": "no_action"}, "summary", "reason_required"),
        ({"outcome": "complaint"}, "complaint_body", "required"),
        ({"outcome": "advice", "complaint_body": "whd"}, "complaint_body", "not_a_complaint"),
        (
            {"outcome": "settlement", "back_wages": "-5", "back_wages_currency": "USD"},
            "back_wages",
            "negative",
        ),
        (
            {"outcome": "settlement", "back_wages": "12,5", "back_wages_currency": "USD"},
            "back_wages",
            "invalid",
        ),
        (
            {"outcome": "settlement", "back_wages": "1.005", "back_wages_currency": "USD"},
            "back_wages",
            "invalid",
        ),
        (
            {"outcome": "settlement", "back_wages": "NaN", "back_wages_currency": "USD"},
            "back_wages",
            "invalid",
        ),
        ({"outcome": "settlement", "fees": "1e12", "fees_currency": "USD"}, "fees", "too_large"),
        ({"outcome": "settlement", "fees": "100"}, "fees_currency", "required"),
        ({"outcome": "settlement", "fees": "100", "fees_currency": "EUR"}, "fees_currency", "required"),
        ({"outcome": "settlement", "fees_currency": "USD"}, "fees", "required"),
    ],
)
def test_it_refuses_bad_closings(
    three_orgs: ThreeOrganisations, fields: dict[str, Any], field: str, code: str
) -> None:
    """Each bad input names its field with a code, and no closing is written."""
    case = open_and_evaluate(three_orgs.a, three_orgs.alice)
    with pytest.raises(ValidationError) as caught:
        case_closing_record(actor=three_orgs.alice, case=case, **fields)
    assert caught.value.error_dict[field][0].code == code
    assert not CaseStep.objects.filter(kind=StepKind.CLOSING).exists()


def test_it_records_where_a_complaint_was_filed(three_orgs: ThreeOrganisations) -> None:
    """An administrative complaint names the body (WHD, consulate, other)."""
    case = open_and_evaluate(three_orgs.a, three_orgs.alice)
    case_closing_record(actor=three_orgs.alice, case=case, outcome="complaint", complaint_body="whd")
    assert CaseStep.objects.get(case=case, kind=StepKind.CLOSING).complaint_body == "whd"
