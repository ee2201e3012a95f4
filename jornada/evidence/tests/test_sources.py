"""The case readers: the same figures as the plain per-case definitions, in a fixed number of scans."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import ExtractQuarter, ExtractYear

from jornada.cases.models import (
    Case,
    CaseCategory,
    CaseConsent,
    CaseContact,
    CaseParty,
    CaseStep,
    ConsentMethod,
    ConsentPurpose,
    ContactDirection,
    Outcome,
    PartyRole,
    StepKind,
)
from jornada.conftest import ThreeOrganisations
from jornada.directory.tests.factories import EmployerFactory
from jornada.evidence import sources
from jornada.evidence.sources import NONE, RECORDS, Facts
from jornada.vocabulary.models import Category

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def _first_employer(field: str) -> Subquery:
    parties = CaseParty.objects.filter(case=OuterRef("case"), role=PartyRole.EMPLOYER, employer__isnull=False)
    return Subquery(parties.order_by("added_at", "id").values(field)[:1])


def _plain_case_counts() -> Counter[Facts]:
    """The definition: the local year of each case, its first employer's state, a subquery per case."""
    counts: Counter[Facts] = Counter()
    state = Subquery(
        CaseParty.objects.filter(case=OuterRef("pk"), role=PartyRole.EMPLOYER, employer__isnull=False)
        .order_by("added_at", "id")
        .values("employer__state")[:1]
    )
    cases = sources.counted_cases().annotate(y=ExtractYear("created_at"), s=state)
    for row in cases.values("y", "s").annotate(n=Count("pk")).order_by():
        counts[Facts(RECORDS, row["y"], sources.us_state(row["s"]), NONE, NONE)] += row["n"]
    filed = CaseCategory.objects.filter(case__in=sources.counted_cases().values("pk")).annotate(
        y=ExtractYear("case__created_at"), s=_first_employer("employer__state")
    )
    for row in filed.values("category__code", "y", "s").annotate(n=Count("case", distinct=True)).order_by():
        counts[Facts(row["category__code"], row["y"], sources.us_state(row["s"]), NONE, NONE)] += row["n"]
    return counts


def _plain_case_cuts() -> tuple[Counter[tuple[str, int | None]], Counter[tuple[str, str]]]:
    filed = CaseCategory.objects.filter(case__in=sources.counted_cases().values("pk")).annotate(
        y=ExtractYear("case__created_at"), q=ExtractQuarter("case__created_at"), e=_first_employer("employer")
    )
    by_employer: Counter[tuple[str, int | None]] = Counter()
    season: Counter[tuple[str, str]] = Counter()
    for row in filed.values("category__code", "y", "q", "e").annotate(n=Count("case", distinct=True)):
        by_employer[(row["category__code"], row["e"])] += row["n"]
        season[(row["category__code"], f"{row['y']}-q{row['q']}")] += row["n"]
    return by_employer, season


def _plain_outcomes() -> Counter[str]:
    in_effect = Q(approval_required=False) | Q(approved_at__isnull=False)
    closings = CaseStep.objects.filter(
        in_effect, kind=StepKind.CLOSING, case__in=sources.counted_cases().values("pk")
    )
    latest = closings.filter(case=OuterRef("case")).order_by("-number").values("number")[:1]
    rows = closings.filter(number=Subquery(latest)).values("outcome").annotate(n=Count("case", distinct=True))
    return Counter({row["outcome"] or NONE: row["n"] for row in rows.order_by()})


def _plain_first_contact() -> Counter[str]:
    first = (
        CaseContact.objects.filter(case=OuterRef("pk")).order_by("contacted_on").values("contacted_on")[:1]
    )
    counts: Counter[str] = Counter()
    for created_at, contacted_on in (
        sources.counted_cases().annotate(first=Subquery(first)).values_list("created_at", "first")
    ):
        counts[sources.first_contact_bucket(created_at.date(), contacted_on)] += 1
    return counts


@pytest.fixture
def seeded(three_orgs: ThreeOrganisations) -> dict[str, Any]:
    """Cases on both sides of local year and quarter ends, with two employers, one or two categories, closings, contacts.

    The local time zone is America/Mexico_City (UTC-6): 2025-01-01 03:00 UTC is still 2024 there,
    and 2025-04-01 05:59 UTC still the first quarter.
    """
    georgia, washington = EmployerFactory(state="GA"), EmployerFactory(state="WA")
    categories = list(Category.objects.order_by("pk")[:3])
    moments = [
        dt.datetime(2024, 3, 15, 12, tzinfo=UTC),
        dt.datetime(2025, 1, 1, 3, tzinfo=UTC),  # 2024, fourth quarter, locally
        dt.datetime(2025, 1, 1, 7, tzinfo=UTC),  # 2025, first quarter
        dt.datetime(2025, 4, 1, 5, 59, tzinfo=UTC),  # still March locally
        dt.datetime(2025, 4, 1, 6, 0, tzinfo=UTC),  # April locally
        dt.datetime(2025, 12, 31, 23, tzinfo=UTC),  # 17:00 on 31 December locally
    ]
    cases = Case.objects.bulk_create(
        Case(organisation=three_orgs.a, number=f"S-{i}", created_at=moments[i % len(moments)])
        for i in range(30)
    )
    consenting = [case for i, case in enumerate(cases) if i % 5 != 4]  # every fifth is not counted
    CaseConsent.objects.bulk_create(
        CaseConsent(case=case, purpose=ConsentPurpose.REPORTING, method=ConsentMethod.VERBAL)
        for case in consenting
    )
    filed = []
    for i, case in enumerate(cases):
        filed.append(CaseCategory(case=case, category=categories[i % 3], category_version=1))
        if i % 3 == 0:
            filed.append(CaseCategory(case=case, category=categories[(i + 1) % 3], category_version=1))
    CaseCategory.objects.bulk_create(filed)
    parties = []
    for i, case in enumerate(cases):
        added = case.created_at + dt.timedelta(days=1)
        if i % 4 == 0:  # Georgia named first, Washington after (written first): Georgia counts
            parties.append(
                CaseParty(
                    case=case,
                    role=PartyRole.EMPLOYER,
                    employer=washington,
                    added_at=added + dt.timedelta(hours=1),
                )
            )
            parties.append(CaseParty(case=case, role=PartyRole.EMPLOYER, employer=georgia, added_at=added))
        elif i % 4 == 2:
            parties.append(CaseParty(case=case, role=PartyRole.EMPLOYER, employer=washington, added_at=added))
    CaseParty.objects.bulk_create(parties)
    outcomes = list(Outcome.values)
    CaseStep.objects.bulk_create(
        CaseStep(
            case=case, number=number, kind=StepKind.CLOSING, outcome=outcomes[(i + number) % len(outcomes)]
        )
        for i, case in enumerate(cases)
        for number in range(1, i % 3 + 1)
    )
    CaseContact.objects.bulk_create(
        CaseContact(
            case=case,
            contacted_on=case.created_at.date() + dt.timedelta(days=days),
            method="whatsapp",
            direction=ContactDirection.OUTGOING,
        )
        for i, case in enumerate(cases)
        if i % 3
        for days in (i * 2, i * 3)
    )
    return {"cases": cases, "counted": len(consenting)}


def test_it_counts_cases_as_the_plain_per_case_definitions_do(seeded: dict[str, Any]) -> None:
    """Cases by category, local year, first employer's state, quarter, outcome and first contact equal the subquery definitions."""
    counts = sources.case_counts()
    assert counts == _plain_case_counts()
    assert sum(n for f, n in counts.items() if f.category == RECORDS) == seeded["counted"]
    by_employer, season = _plain_case_cuts()
    cuts = sources.cut_counts("cases")
    assert cuts["season"] == season
    industries = sources.employer_industries({e for _, e in by_employer if e is not None})
    expected_sector: Counter[tuple[str, str]] = Counter()
    for (code, employer), n in by_employer.items():
        expected_sector[(code, industries.get(employer, (NONE, NONE))[0])] += n
    assert cuts["sector"] == expected_sector
    assert sources.case_outcomes() == _plain_outcomes()
    assert sources.case_first_contact() == _plain_first_contact()


def test_it_puts_each_case_in_its_local_year_and_quarter(seeded: dict[str, Any]) -> None:
    """A case opened at 21:00 on 31 December in Mexico City (03:00 UTC the next day) counts in that year's last quarter."""
    facts = sources.counted_case_facts()
    quarters = {case.created_at: facts[case.pk].quarter for case in seeded["cases"] if case.pk in facts}
    assert quarters[dt.datetime(2025, 1, 1, 3, tzinfo=UTC)] == 2024 * 4 + 3
    assert quarters[dt.datetime(2025, 1, 1, 7, tzinfo=UTC)] == 2025 * 4
    assert quarters[dt.datetime(2025, 4, 1, 5, 59, tzinfo=UTC)] == 2025 * 4
    assert quarters[dt.datetime(2025, 4, 1, 6, 0, tzinfo=UTC)] == 2025 * 4 + 1
    assert quarters[dt.datetime(2025, 12, 31, 23, tzinfo=UTC)] == 2025 * 4 + 3


def test_it_reads_the_cases_in_a_fixed_number_of_scans(
    seeded: dict[str, Any], django_assert_num_queries: Any, three_orgs: ThreeOrganisations
) -> None:
    """However many cases, their counts take five queries: the span, the cases, the parties, the filings, the codes."""
    with django_assert_num_queries(5):
        before = sources.case_counts()
    more = Case.objects.bulk_create(
        Case(organisation=three_orgs.a, number=f"M-{i}", created_at=dt.datetime(2023, 6, 1, tzinfo=UTC))
        for i in range(20)
    )
    CaseConsent.objects.bulk_create(
        CaseConsent(case=case, purpose=ConsentPurpose.REPORTING, method=ConsentMethod.VERBAL) for case in more
    )
    with django_assert_num_queries(5):
        after = sources.case_counts()
    assert sum(after.values()) == sum(before.values()) + 20
    with django_assert_num_queries(1):
        sources.case_outcomes()
    with django_assert_num_queries(1):
        sources.case_first_contact()
