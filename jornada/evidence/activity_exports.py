"""An organisation's activity report as CSV, XLSX or PDF (WeasyPrint, the charts inline as SVG)."""

from __future__ import annotations

import csv
import io

from django.utils.safestring import SafeString
from django.utils.translation import gettext
from openpyxl import Workbook  # type: ignore[import-untyped]

from jornada.evidence.activity import ActivityReport, ActivityTable, money_kind, period_text
from jornada.evidence.disclosure import Mark
from jornada.evidence.present import bar_chart, cell_text

Cell = str | int | None


def chart(table: ActivityTable) -> SafeString:
    """The table's bar chart: an SVG whose <title> is the table's title."""
    return bar_chart(table.title, [(line.label, line.value) for line in table.lines])


def laid_out(report: ActivityReport) -> dict[str, object]:
    """What the page and the PDF show: each table with its chart, rows and total as text."""
    figures = [
        {
            "title": table.title,
            "heading": table.heading,
            "chart": chart(table),
            "rows": [(line.label, cell_text(line.value)) for line in table.lines],
            "total": cell_text(table.total),
        }
        for table in report.tables
    ]
    money = [
        (
            line.currency,
            money_kind(line.kind),
            cell_text(line.cases),
            str(line.amount) if line.amount is not None else gettext("hidden (fewer than 11 cases)"),
        )
        for line in report.money
    ]
    return {"report": report, "figures": figures, "money": money, "period": period_text(report)}


def _count(value: int | Mark) -> Cell:
    return value if isinstance(value, int) else cell_text(value)


def _safe(text: str) -> str:
    """Keep a spreadsheet from reading a label as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def sheets(report: ActivityReport) -> list[tuple[str, list[list[Cell]]]]:
    """Each table as (title, rows): a heading row, one row per line, then the total."""
    found: list[tuple[str, list[list[Cell]]]] = []
    for table in report.tables:
        rows: list[list[Cell]] = [[table.heading, gettext("Count")]]
        rows += [[_safe(line.label), _count(line.value)] for line in table.lines]
        rows.append([gettext("Total"), _count(table.total)])
        found.append((table.title, rows))
    money: list[list[Cell]] = [[gettext("Currency"), gettext("Kind"), gettext("Cases"), gettext("Amount")]]
    for line in report.money:
        money.append(
            [
                line.currency,
                money_kind(line.kind),
                _count(line.cases),
                str(line.amount) if line.amount is not None else gettext("hidden (fewer than 11 cases)"),
            ]
        )
    found.append((gettext("Money recovered"), money))
    return found


def _heading(report: ActivityReport) -> list[Cell]:
    audience = gettext("for funders (small counts hidden)") if report.for_funders else gettext("internal")
    return [report.organisation.name, report.start.isoformat(), report.end.isoformat(), audience]


def report_csv(report: ActivityReport) -> bytes:
    """Return every table one after another as CSV (UTF-8 with a BOM, for spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_heading(report))
    for title, rows in sheets(report):
        writer.writerow([])
        writer.writerow([title])
        writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_xlsx(report: ActivityReport) -> bytes:
    """Return the report as a workbook: a first sheet naming it, then one sheet per table."""
    book = Workbook()
    book.active.title = gettext("Report")[:31]
    book.active.append(_heading(report))
    for index, (title, rows) in enumerate(sheets(report), start=1):
        sheet = book.create_sheet(f"{index} {title}"[:31].replace("/", "-"))
        sheet.append([title])
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_pdf(html: str) -> bytes:
    """Return the report page rendered as PDF; it fetches nothing (the charts are inline SVG)."""
    from weasyprint import HTML  # imported late: it loads Pango, which only this needs
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())
