"""The hotline report: calls and callbacks per week and month, who called, about what, and what followed.

Totals (calls, answered, missed, callbacks) count every record: they say nothing about anyone.
The breakdowns by country, state of work, topic, language and outcome count only the calls
whose caller agreed to be counted. The export meant for outside the organisation shows every
count from 1 to 10 as "fewer than 11" (``SMALL_COUNT_LIMIT``), as published evidence does.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jornada.hotline.models import ANSWERED_OUTCOMES, Call, CallbackRequest, CallbackResult, Hotline, Outcome
from jornada.intake.selectors_staff import place_label, staff_category_labels
from jornada.vocabulary.languages import language_name

SMALL_COUNT_LIMIT = 10  # counts from 1 to this are suppressed outside the organisation
Cell = int | str | float | None


def _hidden() -> str:
    return str(gettext_lazy("fewer than %(limit)d") % {"limit": SMALL_COUNT_LIMIT + 1})


def suppressed(count: int, *, external: bool) -> int | str:
    """Return ``count``, or "fewer than 11" for 1 to 10 in a report leaving the organisation."""
    if external and 0 < count <= SMALL_COUNT_LIMIT:
        return _hidden()
    return count


def suppressed_parts(parts: list[int], *, external: bool) -> list[int | str]:
    """Return counts that add up to a total shown elsewhere, with complementary suppression.

    Outside the organisation every count from 1 to 10 is hidden; when that hides exactly one
    of them, the smallest other non-zero count is hidden too, so that the hidden one cannot be
    found by subtracting the others from the total.
    """
    shown: list[int | str] = [suppressed(part, external=external) for part in parts]
    hidden = [index for index, cell in enumerate(shown) if isinstance(cell, str)]
    if len(hidden) == 1:
        others = [(part, index) for index, part in enumerate(parts) if index not in hidden and part > 0]
        if others:
            shown[min(others)[1]] = _hidden()
    return shown


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


@dataclass
class Report:
    hotline: Hotline
    start: date
    end: date
    external: bool
    totals: Table
    tables: list[Table]
    monthly_calls: list[tuple[str, int, int]]  # (month, answered, missed) for the chart

    def all_tables(self) -> list[Table]:
        """Return every table of the report, totals first."""
        return [self.totals, *self.tables]


def _local_date(moment: datetime, hotline: Hotline) -> date:
    return moment.astimezone(hotline.zone()).date()


def _week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _breakdown(title: str, label: str, counter: Counter[str], external: bool) -> Table:
    """One count per value; the counts of every breakdown add up to the same number of callers."""
    ordered = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    cells = suppressed_parts([count for _name, count in ordered], external=external)
    rows: list[list[Cell]] = [[name, cell] for (name, _count), cell in zip(ordered, cells, strict=True)]
    return Table(title=title, headers=[label, _("Callers")], rows=rows)


def _pair(total: int, answered: int, external: bool) -> list[int | str]:
    """Return a total with its answered and missed parts, suppressed so neither part can be subtracted out."""
    return [
        suppressed(total, external=external),
        *suppressed_parts([answered, total - answered], external=external),
    ]


def hotline_report(*, hotline: Hotline, start: date, end: date, external: bool = False) -> Report:
    """Return the report of ``hotline`` for the days ``start`` to ``end`` (in its time zone)."""
    zone = hotline.zone()
    since = datetime.combine(start, datetime.min.time(), tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    calls = list(
        Call.objects.filter(hotline=hotline, started_at__gte=since, started_at__lt=until)
        .exclude(outcome="")
        .select_related("intake")
        .only(
            "started_at",
            "outcome",
            "caller_country",
            "place",
            "categories",
            "language",
            "consent_count",
            "intake__case",
            "intake_id",
            "callback_id",
        )
    )
    callbacks = list(
        CallbackRequest.objects.filter(hotline=hotline, requested_at__gte=since, requested_at__lt=until).only(
            "requested_at", "done_at", "result", "status"
        )
    )
    periods: dict[tuple[str, str], dict[str, int]] = {}

    def bucket(kind: str, key: str) -> dict[str, int]:
        return periods.setdefault((kind, key), Counter())

    for call in calls:
        day = _local_date(call.started_at, hotline)
        for kind, key in (("month", f"{day:%Y-%m}"), ("week", _week(day))):
            counts = bucket(kind, key)
            counts["calls"] += 1
            counts["answered" if call.outcome in ANSWERED_OUTCOMES else "missed"] += 1
    for callback in callbacks:
        day = _local_date(callback.requested_at, hotline)
        for kind, key in (("month", f"{day:%Y-%m}"), ("week", _week(day))):
            counts = bucket(kind, key)
            counts["callbacks"] += 1
            if callback.result == CallbackResult.REACHED:
                counts["callbacks_reached"] += 1
    answered = sum(1 for call in calls if call.outcome in ANSWERED_OUTCOMES)
    waits = [
        (callback.done_at - callback.requested_at).total_seconds() / 3600
        for callback in callbacks
        if callback.done_at is not None
    ]
    intakes = [call for call in calls if call.intake_id is not None]
    cases = [call for call in intakes if call.intake is not None and call.intake.case_id is not None]

    def count(value: int) -> int | str:
        return suppressed(value, external=external)

    all_calls, answered_calls, missed_calls = _pair(len(calls), answered, external)
    totals = Table(
        title=_("Totals"),
        headers=[_("Figure"), _("Count")],
        rows=[
            [_("Calls"), all_calls],
            [_("Answered"), answered_calls],
            [_("Missed (dropped)"), missed_calls],
            [_("Callback requests"), count(len(callbacks))],
            [_("Callbacks reached"), count(sum(1 for c in callbacks if c.result == CallbackResult.REACHED))],
            [_("Callback requests still waiting"), count(sum(1 for c in callbacks if c.done_at is None))],
            [_("Median wait for a callback (hours)"), round(statistics.median(waits), 1) if waits else None],
            [_("Requests for help opened"), count(len(intakes))],
            [_("Cases that followed"), count(len(cases))],
        ],
    )
    counted = [call for call in calls if call.consent_count]
    labels = staff_category_labels()
    outcomes = dict(Outcome.choices)
    period_headers = [
        _("Period"),
        _("Calls"),
        _("Answered"),
        _("Missed"),
        _("Callback requests"),
        _("Callbacks reached"),
    ]
    tables = []
    for kind, title in (("month", _("Per month")), ("week", _("Per week"))):
        rows: list[list[Cell]] = [
            [
                key,
                *_pair(values["calls"], values["answered"], external),
                count(values["callbacks"]),
                count(values["callbacks_reached"]),
            ]
            for (period_kind, key), values in sorted(periods.items())
            if period_kind == kind
        ]
        tables.append(Table(title=title, headers=period_headers, rows=rows))
    tables += [
        _breakdown(
            _("Callers by country called from"),
            _("Country"),
            Counter(call.caller_country or _("Not known") for call in counted),
            external,
        ),
        _breakdown(
            _("Callers by state of work"),
            _("State"),
            Counter(place_label(call.place) if call.place else _("Not known") for call in counted),
            external,
        ),
        _breakdown(
            _("Topics"),
            _("Topic"),
            Counter(labels.get(code, code) for call in counted for code in call.categories),
            external,
        ),
        _breakdown(
            _("Languages"),
            _("Language"),
            Counter(language_name(call.language) if call.language else _("Not known") for call in counted),
            external,
        ),
        _breakdown(
            _("Outcomes"), _("Outcome"), Counter(str(outcomes[call.outcome]) for call in counted), external
        ),
    ]
    monthly = [
        (key, values["answered"], values["missed"])
        for (kind, key), values in sorted(periods.items())
        if kind == "month"
    ]
    return Report(
        hotline=hotline,
        start=start,
        end=end,
        external=external,
        totals=totals,
        tables=tables,
        monthly_calls=monthly,
    )


def default_period(today: date | None = None) -> tuple[date, date]:
    """Return the last twelve months up to ``today``."""
    today = today or timezone.localdate()
    return today.replace(year=today.year - 1) + timedelta(days=1), today


# --- Chart and exports ----------------------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 480, 200, 4


def chart_svg(report: Report) -> str:
    """Return a bar chart of answered and missed calls per month as SVG (the table beside it says the same)."""
    months = report.monthly_calls
    title = escape(_("Calls per month: answered and missed"))
    if not months:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{CHART_WIDTH}" height="40" '
            f'aria-label="{title}"><title>{title}</title></svg>'
        )
    peak = max(answered + missed for _month, answered, missed in months) or 1
    width = max(8, (CHART_WIDTH - BAR_GAP * len(months)) // len(months))
    bars = []
    for index, (month, answered, missed) in enumerate(months):
        x = index * (width + BAR_GAP)
        answered_height = round(answered / peak * (CHART_HEIGHT - 20))
        missed_height = round(missed / peak * (CHART_HEIGHT - 20))
        top = CHART_HEIGHT - 20 - answered_height - missed_height
        label = escape(f"{month}: {answered} / {missed}")
        bars.append(
            f"<g><title>{label}</title>"
            f'<rect x="{x}" y="{top + missed_height}" width="{width}" height="{answered_height}" fill="#2a6f4e"/>'
            f'<rect x="{x}" y="{top}" width="{width}" height="{missed_height}" fill="#c0392b"/>'
            f'<text x="{x}" y="{CHART_HEIGHT - 5}" font-size="9">{escape(month[2:])}</text></g>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{CHART_WIDTH}" height="{CHART_HEIGHT}" '
        f'viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" aria-label="{title}"><title>{title}</title>'
        + "".join(bars)
        + "</svg>"
    )


def _text(cell: Cell) -> str:
    return "" if cell is None else str(cell)


def report_csv(report: Report) -> bytes:
    """Return the report's tables one after another as CSV (UTF-8 with a BOM, for spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([report.hotline.name, report.start.isoformat(), report.end.isoformat()])
    for table in report.all_tables():
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow([_safe_cell(_text(cell)) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _safe_cell(text: str) -> str:
    """Keep a spreadsheet from reading a label as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def report_xlsx(report: Report) -> bytes:
    """Return the report as an XLSX workbook, one sheet per table."""
    from openpyxl import Workbook  # type: ignore[import-untyped]  # imported late: only this export needs it

    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, table in enumerate(report.all_tables(), start=1):
        sheet = workbook.create_sheet(title=f"{index} {table.title}"[:31].replace("/", "-"))
        sheet.append(table.headers)
        for row in table.rows:
            sheet.append([cell if isinstance(cell, int | float) else _safe_cell(_text(cell)) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def report_pdf(html: str) -> bytes:
    """Return the report page rendered as PDF; it fetches nothing (the chart is inline SVG)."""
    from weasyprint import HTML  # imported late: it loads Pango, which only this needs
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())
