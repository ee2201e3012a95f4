"""The hotline report: its figures equal the call records; the external export hides small counts."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from jornada.evidence.disclosure import Mark, recoverable
from jornada.hotline import services
from jornada.hotline.models import ANSWERED_OUTCOMES, Call, CallbackRequest, CallbackResult, Outcome
from jornada.hotline.report import _Cells, hotline_report, suppressed
from jornada.hotline.tests.helpers import full_call, hotline_of
from jornada.hotline.tests.samples import callback_of
from jornada.intake.services_staff import intake_accept

pytestmark = pytest.mark.django_db


def _figures(report: Any) -> dict[str, Any]:
    return {str(row[0]): row[1] for row in report.totals.rows}


def _table(report: Any, title: str) -> dict[str, Any]:
    table = next(table for table in report.tables if table.title == title)
    return {str(row[0]): row[1] for row in table.rows}


@pytest.fixture
def desk(three_orgs: Any) -> Any:
    """Line A: 12 advice calls from the US (North Carolina), 2 from Mexico opening requests (one now a case), 1 dropped, 1 not counted; 3 callbacks."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    for _ in range(12):
        full_call(hotline, three_orgs.alice)
    mexico = {"where": {"caller_country": "MX", "place": "MX-OAX", "whereabouts": "home"}}
    first = full_call(hotline, three_orgs.alice, outcome=Outcome.INTAKE_OWN, **mexico)
    full_call(hotline, three_orgs.alice, outcome=Outcome.INTAKE_OWN, **mexico)
    intake_accept(actor=three_orgs.alice, intake_id=first.intake_id, confirm_conflicts=True)
    full_call(hotline, three_orgs.alice, outcome=Outcome.DROPPED)
    full_call(hotline, three_orgs.alice, consent={"consent_count": False})
    reached, _waiting, _left = callback_of(hotline), callback_of(hotline), callback_of(hotline)
    services.callback_take(actor=three_orgs.alice, callback=reached)
    services.callback_record(actor=three_orgs.alice, callback=reached, result=CallbackResult.MESSAGE_LEFT)
    services.callback_take(actor=three_orgs.alice, callback=_left)
    services.callback_record(actor=three_orgs.alice, callback=_left, result=CallbackResult.WRONG_NUMBER)
    # Another organisation's line is never counted.
    full_call(hotline_of(three_orgs.b, three_orgs.bob), three_orgs.bob)
    three_orgs.hotline = hotline
    return three_orgs


def _report(hotline: Any, external: bool = False) -> Any:
    today = timezone.localdate()
    return hotline_report(
        hotline=hotline, start=today - timedelta(days=30), end=today + timedelta(days=1), external=external
    )


def test_it_gives_figures_equal_to_the_call_records(desk: Any) -> None:
    """Totals count every call of the line; breakdowns the callers who agreed to be counted; requests and cases that followed."""
    hotline = desk.hotline
    report = _report(hotline)
    calls = Call.objects.filter(hotline=hotline)
    figures = _figures(report)
    assert figures["Llamadas"] == calls.count() == 16
    assert figures["Atendidas"] == calls.filter(outcome__in=ANSWERED_OUTCOMES).count() == 15
    assert figures["Perdidas (cortadas)"] == calls.filter(outcome=Outcome.DROPPED).count() == 1
    assert figures["Solicitudes de llamada"] == CallbackRequest.objects.filter(hotline=hotline).count() == 3
    assert figures["Solicitudes de llamada aún en espera"] == 1
    assert figures["Solicitudes de ayuda abiertas"] == calls.filter(intake__isnull=False).count() == 2
    assert figures["Casos que siguieron"] == calls.filter(intake__case__isnull=False).count() == 1
    counted = calls.filter(consent_count=True)
    assert (
        _table(report, "Personas por país desde donde llamaron")
        == {
            "US": counted.filter(caller_country="US").count(),
            "MX": counted.filter(caller_country="MX").count(),
        }
        == {"US": 13, "MX": 2}
    )
    assert _table(report, "Personas por estado donde trabajan")["Oaxaca"] == 2
    assert sum(_table(report, "Resultados").values()) == counted.count() == 15
    month = timezone.localdate().strftime("%Y-%m")
    per_month = next(table for table in report.tables if table.title == "Por mes")
    assert per_month.rows[-1][:4] == [month, 16, 15, 1] or sum(row[1] for row in per_month.rows) == 16


def test_it_suppresses_small_counts_in_the_external_export(desk: Any, staff_client: Any) -> None:
    """Outside the organisation 1 to 10 reads "fewer than 11" in every format; 0 and 11+ stay as they are."""
    assert suppressed(0, external=True) == 0
    assert suppressed(11, external=True) == 11
    assert suppressed(3, external=False) == 3
    report = _report(desk.hotline, external=True)
    figures = _figures(report)
    assert figures["Llamadas"] == 16
    assert figures["Perdidas (cortadas)"] == "menos de 11"
    assert _table(report, "Personas por país desde donde llamaron") == {
        "US": "oculto",
        "MX": "menos de 11",
    }, "13 is hidden too: the countries add up to the 15 callers counted, so 15 - 13 would give Mexico's 2"
    assert figures["Atendidas"] == "oculto", "16 calls - 15 answered would give the missed call"
    assert report.suppression is not None
    assert recoverable(report.suppression) == [], "no hidden count has a single possible value"
    client = staff_client(desk.alice)
    today = timezone.localdate()
    query = {
        "start": (today - timedelta(days=30)).isoformat(),
        "end": today.isoformat(),
        "audience": "external",
    }
    url = reverse("hotline:report_export", args=[desk.hotline.pk, "csv"])
    text = client.get(url, query).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["MX", "menos de 11"] in rows
    assert ["US", "oculto"] in rows
    assert ["Casos que siguieron", "1"] not in rows
    assert ["Casos que siguieron", "menos de 11"] in rows
    xlsx = client.get(reverse("hotline:report_export", args=[desk.hotline.pk, "xlsx"]), query)
    workbook = load_workbook(io.BytesIO(xlsx.content))
    values = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "menos de 11" in values
    assert 1 not in values
    assert 2 not in values
    internal = client.get(url, {**query, "audience": "internal"}).content.decode("utf-8-sig")
    assert ["MX", "2"] in list(csv.reader(io.StringIO(internal)))


def test_it_shows_the_chart_beside_the_table_and_exports_a_pdf(desk: Any, staff_client: Any) -> None:
    """The page holds an SVG chart and the tables; the PDF export is a PDF."""
    client = staff_client(desk.alice)
    page = client.get(reverse("hotline:report", args=[desk.hotline.pk])).content.decode()
    assert "<svg" in page
    assert "<table>" in page
    assert "Personas por país desde donde llamaron" in page
    pdf = client.get(reverse("hotline:report_export", args=[desk.hotline.pk, "pdf"]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_it_keeps_every_hotline_page_and_export_to_its_organisation(desk: Any, staff_client: Any) -> None:
    """bob (every role in B) gets 404 for A's line, call, callback, queue, report and every export; B's report counts only B."""
    hotline = desk.hotline
    call = Call.objects.filter(hotline=hotline).first()
    callback = CallbackRequest.objects.filter(hotline=hotline).first()
    bob = staff_client(desk.bob)
    urls = [
        reverse("hotline:call", args=[call.pk]),
        reverse("hotline:callbacks", args=[hotline.pk]),
        reverse("hotline:callback", args=[callback.pk]),
        reverse("hotline:report", args=[hotline.pk]),
        *(reverse("hotline:report_export", args=[hotline.pk, fmt]) for fmt in ("csv", "xlsx", "pdf")),
    ]
    for url in urls:
        assert bob.get(url).status_code == 404, url
    assert (
        bob.post(reverse("hotline:call", args=[call.pk]), {"section": "end", "outcome": "advice"}).status_code
        == 404
    )
    assert bob.post(reverse("hotline:callback", args=[callback.pk]), {"action": "take"}).status_code == 404
    started = bob.post(reverse("hotline:index"), {"hotline": hotline.pk, "token": "x"})
    assert started.status_code == 404
    index = bob.get(reverse("hotline:index")).content.decode()
    assert hotline.name not in index
    b_line = desk.bob.memberships.first().organisation.hotlines.get()
    assert _figures(_report(b_line))["Llamadas"] == 1
    charlie = staff_client(desk.charlie)  # advocate of A, not an operator of the line
    assert charlie.get(reverse("hotline:call", args=[call.pk])).status_code == 404
    assert charlie.get(reverse("hotline:report", args=[hotline.pk])).status_code == 403


def test_it_hides_a_count_that_months_weeks_or_breakdowns_would_give_away(desk: Any) -> None:
    """The whole external report is suppressed as one set: every hidden count has at least two possible values.

    The monthly and weekly rows add up to the totals, and the country, state, language and
    outcome tables add up to the callers counted; an attacker who subtracts across any of them
    (solved exactly by the evidence app's audit) recovers no hidden count.
    """
    report = _report(desk.hotline, external=True)
    assert report.suppression is not None
    hidden = report.suppression.hidden()
    assert ("missed",) in hidden
    assert recoverable(report.suppression) == []
    for table in report.tables:
        for row in table.rows:
            assert not any(isinstance(cell, int) and 0 < cell < 11 for cell in row[1:]), (table.title, row)
    assert "menos de 11" not in str(_report(desk.hotline, external=False).totals.rows)


def test_it_says_withheld_for_a_count_the_marks_alone_would_pin() -> None:
    """A withheld count reads "withheld" ("retenido"), not "hidden", as the published evidence says it.

    Ten counts of one under a total of ten: "fewer than 11" on all of them would pin each at one,
    so the disclosure control withholds them (rule 4) and the report must not call them hidden.
    """
    cells = _Cells(external=True)
    parts = [cells.add(("part", i), 1) for i in range(10)]
    total = cells.add(("total",), 10)
    cells.tie(total, parts)
    with translation.override("es"):
        shown = [cells.cell(key) for key in (*parts, total)]
    result = cells.result()
    assert result is not None
    assert {result.marks[key] for key in (*parts, total)} == {Mark.WITHHELD}
    assert shown == ["retenido"] * 11
    with translation.override("en"):
        assert cells.cell(total) == "withheld"
