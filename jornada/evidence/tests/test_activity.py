"""Reports for organisations: exact figures inside, suppressed figures for funders, ranges checked."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from jornada.cases.models import (
    Case,
    CaseConsent,
    CaseContact,
    CaseStep,
    ConsentMethod,
    ConsentPurpose,
    ContactDirection,
    Outcome,
    StepKind,
)
from jornada.conftest import ThreeOrganisations
from jornada.core.models import Organisation
from jornada.evidence import activity
from jornada.evidence.activity import activity_report, visible_values
from jornada.evidence.disclosure import THRESHOLD, Mark, recoverable, suppress_tables
from jornada.evidence.forms import ActivityPeriodForm

TODAY = timezone.localdate()
DAY = TODAY - dt.timedelta(days=30)


def cases(
    organisation: Organisation,
    count: int,
    *,
    consent: bool = True,
    contacts: str = "",
    closed: str = "",
    back_wages: Decimal | None = None,
) -> list[Case]:
    """Create ``count`` cases of ``organisation`` opened a month ago, with one contact by ``contacts``
    and a closing with outcome ``closed`` (each optional), consenting to reporting unless told."""
    start = Case.objects.filter(organisation=organisation).count()
    moment = timezone.now() - dt.timedelta(days=30)
    made = Case.objects.bulk_create(
        Case(organisation=organisation, number=f"T-{start + i}", created_at=moment) for i in range(count)
    )
    if consent:
        CaseConsent.objects.bulk_create(
            CaseConsent(case=c, purpose=ConsentPurpose.REPORTING, method=ConsentMethod.VERBAL) for c in made
        )
    if contacts:
        CaseContact.objects.bulk_create(
            CaseContact(
                case=c, contacted_on=c.created_at.date(), method=contacts, direction=ContactDirection.OUTGOING
            )
            for c in made
        )
    if closed:
        CaseStep.objects.bulk_create(
            CaseStep(
                case=c,
                number=1,
                kind=StepKind.CLOSING,
                outcome=closed,
                back_wages=back_wages,
                back_wages_currency="USD" if back_wages else "",
            )
            for c in made
        )
    return made


@pytest.fixture
def work(three_orgs: ThreeOrganisations) -> ThreeOrganisations:
    """A's records: 14 WhatsApp and 3 phone contacts, 12 + 2 closings; one case without consent; B's cases."""
    cases(three_orgs.a, 14, contacts="whatsapp", closed=Outcome.SETTLEMENT, back_wages=Decimal("100"))
    cases(three_orgs.a, 3, contacts="call")
    cases(three_orgs.a, 2, closed=Outcome.NO_ACTION, back_wages=Decimal("50"))
    cases(three_orgs.a, 1, consent=False, contacts="sms")
    cases(three_orgs.b, 25, contacts="email", closed=Outcome.SETTLEMENT)
    return three_orgs


def _table(report: activity.ActivityReport, key: str) -> dict[str, int | Mark]:
    found = next(t for t in report.tables if t.key == key)
    return {**{line.code: line.value for line in found.lines}, "total": found.total}


def test_it_counts_every_record_of_the_organisation_exactly(work: ThreeOrganisations) -> None:
    """Inside the organisation every record counts, small counts included, and no other organisation's."""
    report = activity_report(organisation=work.a, start=TODAY - dt.timedelta(days=60), end=TODAY)
    assert _table(report, "contacts") == {"whatsapp": 14, "call": 3, "sms": 1, "total": 18}
    assert _table(report, "cases-opened")["total"] == 20
    assert _table(report, "cases-closed") == {Outcome.SETTLEMENT: 14, Outcome.NO_ACTION: 2, "total": 16}
    assert _table(report, "cases-first-contact") == {"0-2": 18, "none": 2, "total": 20}
    money = {(m.currency, m.kind): (m.cases, m.amount) for m in report.money}
    assert money == {("USD", "back_wages"): (16, Decimal("1500"))}


def test_it_hides_small_counts_and_what_would_reveal_them_for_funders(work: ThreeOrganisations) -> None:
    """For funders: only consented records, no count from 1 to 10 anywhere, none recoverable from totals."""
    report = activity_report(
        organisation=work.a, start=TODAY - dt.timedelta(days=60), end=TODAY, for_funders=True
    )
    assert not [v for v in visible_values(report) if 0 < v < THRESHOLD]
    contacts = _table(report, "contacts")
    assert "sms" not in contacts  # no consent to reporting
    assert contacts["call"] is Mark.PRIMARY
    assert Mark.COMPLEMENTARY in (contacts["whatsapp"], contacts["total"])
    money = {(m.currency, m.kind): (m.cases, m.amount) for m in report.money}
    assert money == {("USD", "back_wages"): (16, Decimal("1500"))}
    counts = activity.activity_counts(
        organisation=work.a, start=TODAY - dt.timedelta(days=60), end=TODAY, for_funders=True
    )
    tables, same = activity._disclosure_tables(counts)
    assert recoverable(suppress_tables(tables, same=same)) == []


def test_it_hides_money_with_fewer_than_eleven_cases_behind_it_for_funders(
    three_orgs: ThreeOrganisations,
) -> None:
    """An amount recovered in 1 to 10 cases goes to funders as hidden, with its number of cases."""
    cases(three_orgs.a, 4, closed=Outcome.SETTLEMENT, back_wages=Decimal("900"))
    report = activity_report(organisation=three_orgs.a, start=DAY, end=TODAY, for_funders=True)
    assert [(m.cases, m.amount) for m in report.money] == [(Mark.PRIMARY, None)]


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (TODAY, TODAY - dt.timedelta(days=1), "reversed"),
        (TODAY, TODAY + dt.timedelta(days=1), "future"),
        (TODAY - dt.timedelta(days=366 * 5 + 1), TODAY, "too_long"),
    ],
)
def test_it_refuses_a_reversed_future_or_too_long_range(start: dt.date, end: dt.date, code: str) -> None:
    """A reversed range, one that ends in the future or one longer than five years is refused with its code."""
    form = ActivityPeriodForm({"start": start.isoformat(), "end": end.isoformat()}, today=TODAY)
    assert not form.is_valid()
    assert form.has_error("__all__", code)


def _url(orgs: ThreeOrganisations, name: str = "evidence:org_activity", **kwargs: str) -> str:
    return reverse(name, kwargs={"slug": orgs.a.slug, **kwargs})


def test_it_answers_a_bad_range_with_a_translated_error_and_no_figures(
    work: ThreeOrganisations, staff_client: Any
) -> None:
    """The page and every download answer 400 with the reason in Spanish, and show no figure."""
    query = {"start": TODAY.isoformat(), "end": (TODAY - dt.timedelta(days=3)).isoformat()}
    client = staff_client(work.alice)
    page = client.get(_url(work), query, HTTP_ACCEPT_LANGUAGE="es")
    assert page.status_code == 400
    assert "es posterior al final" in page.content.decode()
    assert "<svg" not in page.content.decode()
    for extension in ("csv", "xlsx", "pdf"):
        response = client.get(
            _url(work, "evidence:org_activity_download", audience="funders", extension=extension), query
        )
        assert response.status_code == 400
        assert "es posterior al final" in response.content.decode()


def test_it_puts_a_titled_chart_beside_a_table_with_the_same_numbers(
    work: ThreeOrganisations, staff_client: Any
) -> None:
    """Every chart on the page is an SVG with a <title>, next to a table that holds its numbers."""
    page = staff_client(work.alice).get(_url(work)).content.decode()
    sections = page.split('<section class="chart-with-table">')[1:]
    assert len(sections) == len(activity.TITLES)
    for section in sections:
        svg, table = section.split("</svg>", 1)
        assert "<title>" in svg
        assert "<table>" in table
    contacts = next(s for s in sections if "14</text>" in s)
    assert "<td>14</td>" in contacts
    assert "<td>3</td>" in contacts


def test_it_downloads_exact_and_funders_reports_in_three_formats(
    work: ThreeOrganisations, staff_client: Any
) -> None:
    """CSV, XLSX and PDF download; the funders' CSV and XLSX hold no count from 1 to 10."""
    client = staff_client(work.alice)
    internal = client.get(_url(work, "evidence:org_activity_download", audience="internal", extension="csv"))
    assert internal.status_code == 200
    assert ["Llamada", "3"] in list(csv.reader(io.StringIO(internal.content.decode("utf-8-sig"))))
    funders = client.get(_url(work, "evidence:org_activity_download", audience="funders", extension="csv"))
    cells = [cell for row in csv.reader(io.StringIO(funders.content.decode("utf-8-sig"))) for cell in row]
    assert not [c for c in cells if c.isdigit() and 0 < int(c) < THRESHOLD]
    book = client.get(_url(work, "evidence:org_activity_download", audience="funders", extension="xlsx"))
    values = [
        v
        for sheet in load_workbook(io.BytesIO(book.content)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
    ]
    assert not [v for v in values if isinstance(v, int) and 0 < v < THRESHOLD]
    pdf = client.get(_url(work, "evidence:org_activity_download", audience="funders", extension="pdf"))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("extension", ["csv", "xlsx", "pdf"])
@pytest.mark.parametrize("audience", ["internal", "funders"])
def test_it_hides_every_export_from_another_organisation(
    work: ThreeOrganisations, staff_client: Any, audience: str, extension: str
) -> None:
    """bob (every role in B) gets 404 for each of A's reports; charlie (A's advocate) is refused."""
    url = _url(work, "evidence:org_activity_download", audience=audience, extension=extension)
    assert staff_client(work.bob).get(url).status_code == 404
    assert staff_client(work.charlie).get(url).status_code == 403


def test_the_staff_home_links_supervisors_to_the_activity_report(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """alice (supervisor of A) finds the report on her home page; charlie (advocate only) does not."""
    url = _url(three_orgs)
    assert url in staff_client(three_orgs.alice).get(reverse("core:staff_home")).content.decode()
    assert url not in staff_client(three_orgs.charlie).get(reverse("core:staff_home")).content.decode()
