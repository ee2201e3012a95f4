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
from django.utils.translation import gettext_lazy, pgettext

from jornada.evidence.disclosure import THRESHOLD, Key, Mark, Sum, Suppression, is_primary, suppress
from jornada.evidence.present import MARK_TEXT
from jornada.hotline.models import ANSWERED_OUTCOMES, Call, CallbackRequest, CallbackResult, Hotline, Outcome
from jornada.intake.selectors_staff import place_label, staff_category_labels
from jornada.vocabulary.languages import language_name

SMALL_COUNT_LIMIT = THRESHOLD - 1  # counts from 1 to this are suppressed outside the organisation
CellKey = tuple[object, ...]
# A table cell; while the report is built, a count stands as its key until the whole report is suppressed.
Cell = int | str | float | CellKey | None


def _hidden() -> str:
    return str(gettext_lazy("fewer than %(limit)d") % {"limit": SMALL_COUNT_LIMIT + 1})


def _complementary() -> str:
    return str(gettext_lazy("hidden"))


def suppressed(count: int, *, external: bool) -> int | str:
    """Return ``count``, or "fewer than 11" for 1 to 10 in a report leaving the organisation."""
    if external and is_primary(count):
        return _hidden()
    return count


class _Cells:
    """Every count of one report under a key, with the sums that tie them, suppressed as one set.

    Inside the organisation every count shows. Outside it, ``jornada.evidence.disclosure``
    decides, over the whole report at once: counts 1 to 10 read "fewer than 11", and further
    counts are "hidden" wherever a small one could be worked out by subtracting, across totals,
    months, weeks and every breakdown that adds up to the callers counted; a count that the
    marks alone would pin reads "withheld".
    """

    def __init__(self, *, external: bool) -> None:
        self.external = external
        self.values: dict[Key, int] = {}
        self.sums: list[Sum] = []
        self._result: Suppression | None = None

    def add(self, key: CellKey, value: int) -> CellKey:
        self.values[key] = value
        return key

    def tie(self, total: CellKey, parts: list[CellKey]) -> None:
        if parts:
            self.sums.append(Sum(total, tuple(parts)))

    def cell(self, key: CellKey) -> int | str:
        value = self.values[key]
        if not self.external:
            return value
        if self._result is None:
            self._result = suppress(self.values, self.sums)
        mark = self._result.marks[key]
        if mark is Mark.SHOWN:
            return value
        if mark is Mark.PRIMARY:
            return _hidden()
        # "hidden" or "withheld" as published evidence says them: a withheld count is pinned by
        # the marks' own ranges, and "hidden" would wrongly suggest a range is known.
        return str(MARK_TEXT[mark])

    def result(self) -> Suppression | None:
        return self._result

    def number(self, key: CellKey) -> int | None:
        """The count for a chart: None when the published report hides it."""
        shown = self.cell(key)
        return shown if isinstance(shown, int) else None


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
    # (month, answered, missed) for the chart; None where the published report hides the count.
    monthly_calls: list[tuple[str, int | None, int | None]]
    # Outside the organisation: what the disclosure control decided over the whole report.
    suppression: Suppression | None = None

    def all_tables(self) -> list[Table]:
        """Return every table of the report, totals first."""
        return [self.totals, *self.tables]


def _local_date(moment: datetime, hotline: Hotline) -> date:
    return moment.astimezone(hotline.zone()).date()


def _week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _breakdown(title: str, label: str, counter: Counter[str], cells: _Cells, *, adds_up: bool) -> Table:
    """One count per value; with ``adds_up`` the counts add up to the callers counted (one value each)."""
    ordered = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    keys = [cells.add(("breakdown", title, name), count) for name, count in ordered]
    if adds_up:
        cells.tie(("counted",), keys)
    rows: list[list[Cell]] = [[name, key] for (name, _count), key in zip(ordered, keys, strict=True)]
    return Table(title=title, headers=[label, _("Callers")], rows=rows)


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

    cells = _Cells(external=external)
    reached = sum(1 for c in callbacks if c.result == CallbackResult.REACHED)
    counted = [call for call in calls if call.consent_count]
    totals = Table(
        title=_("Totals"),
        headers=[_("Figure"), _("Count")],
        rows=[
            [_("Calls"), cells.add(("calls",), len(calls))],
            [pgettext("calls", "Answered"), cells.add(("answered",), answered)],
            [_("Missed (dropped)"), cells.add(("missed",), len(calls) - answered)],
            [_("Callback requests"), cells.add(("callbacks",), len(callbacks))],
            [_("Callbacks reached"), cells.add(("reached",), reached)],
            [
                _("Callback requests still waiting"),
                cells.add(("waiting",), sum(1 for c in callbacks if c.done_at is None)),
            ],
            [_("Median wait for a callback (hours)"), round(statistics.median(waits), 1) if waits else None],
            [_("Requests for help opened"), cells.add(("intakes",), len(intakes))],
            [_("Cases that followed"), cells.add(("cases",), len(cases))],
            [_("Callers who agreed to be counted"), cells.add(("counted",), len(counted))],
        ],
    )
    cells.tie(("calls",), [("answered",), ("missed",)])
    labels = staff_category_labels()
    outcomes = dict(Outcome.choices)
    period_headers = [
        _("Period"),
        _("Calls"),
        pgettext("calls", "Answered"),
        _("Missed"),
        _("Callback requests"),
        _("Callbacks reached"),
    ]
    figures = ("calls", "answered", "missed", "callbacks", "reached")
    tables = []
    for kind, title in (("month", _("Per month")), ("week", _("Per week"))):
        keys = sorted(key for period_kind, key in periods if period_kind == kind)
        rows: list[list[Cell]] = []
        for key in keys:
            values = periods[(kind, key)]
            values["reached"] = values["callbacks_reached"]
            values["missed"] = values["calls"] - values["answered"]
            row: list[Cell] = [key]
            for figure in figures:
                row.append(cells.add((kind, key, figure), values[figure]))
            rows.append(row)
            cells.tie((kind, key, "calls"), [(kind, key, "answered"), (kind, key, "missed")])
        for figure in figures:
            cells.tie((figure,), [(kind, key, figure) for key in keys])
        tables.append(Table(title=title, headers=period_headers, rows=rows))
    tables += [
        _breakdown(
            _("Callers by country called from"),
            _("Country"),
            Counter(call.caller_country or _("Not known") for call in counted),
            cells,
            adds_up=True,
        ),
        _breakdown(
            _("Callers by state of work"),
            _("State"),
            Counter(place_label(call.place) if call.place else _("Not known") for call in counted),
            cells,
            adds_up=True,
        ),
        # A call may have several topics: they do not add up to the callers.
        _breakdown(
            _("Topics"),
            _("Topic"),
            Counter(labels.get(code, code) for call in counted for code in call.categories),
            cells,
            adds_up=False,
        ),
        _breakdown(
            _("Languages"),
            _("Language"),
            Counter(language_name(call.language) if call.language else _("Not known") for call in counted),
            cells,
            adds_up=True,
        ),
        _breakdown(
            _("Outcomes"),
            _("Outcome"),
            Counter(str(outcomes[call.outcome]) for call in counted),
            cells,
            adds_up=True,
        ),
    ]
    # Every count was added under a key; now the whole report is suppressed at once.
    for table in [totals, *tables]:
        table.rows = [[cells.cell(c) if isinstance(c, tuple) else c for c in row] for row in table.rows]
    monthly = [
        (key, cells.number(("month", key, "answered")), cells.number(("month", key, "missed")))
        for (kind, key) in sorted(periods)
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
        suppression=cells.result(),
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
    peak = max((answered or 0) + (missed or 0) for _month, answered, missed in months) or 1
    width = max(8, (CHART_WIDTH - BAR_GAP * len(months)) // len(months))
    bars = []
    for index, (month, answered, missed) in enumerate(months):
        x = index * (width + BAR_GAP)
        # A count the published report hides is drawn as no bar, and its label says so.
        answered_height = round((answered or 0) / peak * (CHART_HEIGHT - 20))
        missed_height = round((missed or 0) / peak * (CHART_HEIGHT - 20))
        top = CHART_HEIGHT - 20 - answered_height - missed_height
        shown = [_complementary() if value is None else str(value) for value in (answered, missed)]
        label = escape(f"{month}: {shown[0]} / {shown[1]}")
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
