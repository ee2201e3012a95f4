"""Retention: cases closed longer than their organisation's period are anonymised, the counts kept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jornada.cases.models import (
    RETENTION_DEFAULT_DAYS,
    Case,
    CaseCategory,
    CaseNote,
    CaseParty,
    CaseSettings,
    CaseStage,
    CaseStep,
    StepKind,
)
from jornada.cases.retention import cases_retention_prune
from jornada.cases.tests.helpers import NAME, open_and_evaluate, open_case, settings_for, table_dump
from jornada.cases.workflow import (
    case_categories_set,
    case_closing_record,
    case_party_add,
    case_reopen,
    case_settings_update,
    case_stage,
)
from jornada.conftest import ThreeOrganisations
from jornada.core.retention import retention_prune
from jornada.directory.tests.factories import EmployerFactory

TYPED = "Testigo Nombre-Unico-3R"


def closed_case(orgs: ThreeOrganisations, organisation: object, days_ago: int) -> Case:
    """A case with categories, a directory employer, a typed witness and a settlement closed ``days_ago``."""
    actor = orgs.alice if organisation == orgs.a else orgs.bob
    case = open_and_evaluate(organisation, actor)  # type: ignore[arg-type]
    case_categories_set(actor=actor, case=case, codes=["wage-theft", "recruitment-fees"])
    case_party_add(actor=actor, case=case, role="employer", employer=EmployerFactory())
    case_party_add(actor=actor, case=case, role="witness", name=TYPED)
    case_closing_record(
        actor=actor,
        case=case,
        outcome="settlement",
        back_wages="800",
        back_wages_currency="USD",
        summary="Acuerdo",
    )
    CaseStep.objects.filter(case=case, kind=StepKind.CLOSING).update(
        recorded_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return case


def counts() -> dict[str, object]:
    """What evidence is built from: cases by stage, categories, outcomes, amounts."""
    return {
        "closed": Case.objects.with_stage().filter(stage=CaseStage.CLOSED).count(),
        "categories": sorted(CaseCategory.objects.values_list("category__code", flat=True)),
        "outcomes": sorted(CaseStep.objects.exclude(outcome="").values_list("outcome", flat=True)),
        "wages": sorted(CaseStep.objects.exclude(back_wages=None).values_list("back_wages", flat=True)),
        "employers": CaseParty.objects.exclude(employer=None).count(),
        "notes": CaseNote.objects.count(),
    }


def test_it_anonymises_exactly_the_cases_past_their_period_and_keeps_the_counts(
    three_orgs: ThreeOrganisations,
) -> None:
    """A (100 days) anonymises its case closed 101 days ago only; B (default) keeps its case of the same age.

    Kept in A: a case closed 99 days ago, an open case, and one reopened after an old closing.
    Categories, outcomes, amounts, directory parties and note counts are unchanged; the personal
    text (name, typed party, step texts) is gone; dates keep their month only.
    """
    settings_for(three_orgs.a, retention_days=100)
    old = closed_case(three_orgs, three_orgs.a, 101)
    recent = closed_case(three_orgs, three_orgs.a, 99)
    still_open = open_and_evaluate(three_orgs.a, three_orgs.alice)
    reopened = closed_case(three_orgs, three_orgs.a, 400)
    case_reopen(actor=three_orgs.alice, case=reopened, reason="Sigue el caso")
    other_org = closed_case(three_orgs, three_orgs.b, 101)
    before = counts()
    assert cases_retention_prune() == 1
    assert {case.pk for case in Case.objects.filter(anonymised_at__isnull=False)} == {old.pk}
    assert counts() == before
    old.refresh_from_db()
    assert old.anonymised_reason == "retention"
    assert case_stage(old) == CaseStage.CLOSED
    assert old.created_at.day == 1
    assert set(CaseStep.objects.filter(case=old).values_list("text_sealed", flat=True)) == {None}
    assert set(CaseParty.objects.filter(case=old).values_list("name_sealed", flat=True)) == {None}
    assert {step.recorded_at.day for step in CaseStep.objects.filter(case=old)} == {1}
    dump = table_dump(Case._meta.db_table, CaseParty._meta.db_table, CaseStep._meta.db_table)
    assert dump.count(TYPED.encode()) == 0
    assert NAME.encode() not in dump
    for kept in (recent, still_open, reopened, other_org):
        kept.refresh_from_db()
        assert not kept.is_anonymised()
    assert cases_retention_prune() == 0, "nothing more on a second run"


def test_it_runs_with_the_daily_prune(three_orgs: ThreeOrganisations) -> None:
    """``jornada prune`` (retention_prune) includes the cases' retention, default period five years."""
    closed_case(three_orgs, three_orgs.a, RETENTION_DEFAULT_DAYS + 1)
    closed_case(three_orgs, three_orgs.a, RETENTION_DEFAULT_DAYS - 1)
    assert retention_prune()["cases_retention"] == 1


def test_it_counts_from_the_approval_when_one_was_required(three_orgs: ThreeOrganisations) -> None:
    """A closing approved yesterday, recorded long ago, closed the case yesterday: kept."""
    settings_for(three_orgs.a, retention_days=100, closing_needs_approval=True)
    case = open_and_evaluate(three_orgs.a, three_orgs.alice)
    case_closing_record(actor=three_orgs.alice, case=case, outcome="advice")
    CaseStep.objects.filter(case=case, kind=StepKind.CLOSING).update(
        recorded_at=timezone.now() - dt.timedelta(days=300),
        approved_at=timezone.now() - dt.timedelta(days=1),
        approved_by=three_orgs.alice,
    )
    assert cases_retention_prune() == 0
    open_case(three_orgs.a, three_orgs.alice)
    assert cases_retention_prune() == 0


@pytest.mark.parametrize("days", [0, 89, 25 * 365 + 7, -1])
def test_it_refuses_a_period_out_of_bounds(three_orgs: ThreeOrganisations, days: int) -> None:
    """The period is between 90 days and 25 years; anything else names the field and saves nothing."""
    with pytest.raises(ValidationError) as caught:
        case_settings_update(
            organisation=three_orgs.a,
            by=three_orgs.alice,
            evaluation_needs_approval=False,
            closing_needs_approval=False,
            retention_days=days,
        )
    assert caught.value.error_dict["retention_days"][0].code == "out_of_range"
    assert not CaseSettings.objects.exists()


def test_it_keeps_amounts_as_decimals(three_orgs: ThreeOrganisations) -> None:
    """Amounts survive anonymisation exactly."""
    case = closed_case(three_orgs, three_orgs.a, 10_000)
    cases_retention_prune()
    assert CaseStep.objects.get(case=case, kind=StepKind.CLOSING).back_wages == Decimal("800.00")
