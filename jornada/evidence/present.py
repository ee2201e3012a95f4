"""How published tables read: labels in the reader's language, cells as text, charts as SVG.

Everything here works on a ``Publication`` that disclosure control already produced; nothing
reads a source, so nothing here can show a number that was not protected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from jornada.alerts.models import Country
from jornada.cases.models import CaseStage, Outcome
from jornada.contributions.periods import Season
from jornada.directory.models import Employer, Recruiter
from jornada.evidence.disclosure import Mark
from jornada.evidence.publication import NOT_CLOSED, OTHER, Published
from jornada.evidence.sources import NO_CONTACT, NONE
from jornada.reviews.models import ReviewProgramme
from jornada.reviews.questions import QUESTION_BY_NAME, Answer
from jornada.vocabulary.models import Category
from jornada.vocabulary.places import PLACE_BY_CODE

SOURCE_LABELS = {
    "reviews": _("Worker reviews"),
    "warnings": _("Scam warnings"),
    "intakes": _("Requests for help"),
    "cases": _("Cases"),
}
SOURCE_DESCRIPTIONS = {
    "reviews": _(
        "Published, moderated reviews of employers and recruiters; each counts every problem it reports."
    ),
    "warnings": _("Published warnings about fraudulent recruiters and job offers."),
    "intakes": _("Requests for help whose worker agreed to be counted without a name."),
    "cases": _(
        "Cases whose worker consented to reporting; a case referred between organisations counts once."
    ),
}
KIND_LABELS = {
    "records-year": _("Records by year"),
    "records-state": _("Records by US state"),
    "category-year": _("Problems reported, by year"),
    "category-state": _("Problems reported, by US state"),
    "category-programme": _("Problems reported, by visa programme"),
    "category-origin": _("Problems reported, by place of origin"),
    "employers": _("Employers most reported"),
    "recruiters": _("Recruiters most reported"),
    "stage": _("Cases by stage"),
    "outcome": _("Cases by outcome"),
    "first-contact": _("Days from opening to first contact"),
    "answers": _("Answers to each question"),
    "category-sector": _("Problems reported, by the employer's industry"),
    "category-crop": _("Problems reported, by the employer's H-2A crop"),
    "category-season": _("Problems reported, by season"),
}
DIMENSION_LABELS = {
    "category": _("Problem"),
    "year": _("Year"),
    "state": _("US state"),
    "programme": _("Visa programme"),
    "origin": _("Place of origin"),
    "employer": _("Employer"),
    "recruiter": _("Recruiter"),
    "stage": _("Stage"),
    "outcome": _("Outcome"),
    "first_contact": _("Days to first contact"),
    "question": _("Question"),
    "answer": _("Answer"),
    "sector": _("Industry (NAICS sector)"),
    "crop": _("Crop (H-2A)"),
    "season": _("Season"),
}
# The NAICS 2022 sectors, by their two-digit codes.
SECTOR_LABELS = {
    "11": _("Agriculture, forestry, fishing and hunting"),
    "21": _("Mining, quarrying, and oil and gas extraction"),
    "22": _("Utilities"),
    "23": _("Construction"),
    "31-33": _("Manufacturing"),
    "42": _("Wholesale trade"),
    "44-45": _("Retail trade"),
    "48-49": _("Transportation and warehousing"),
    "51": _("Information"),
    "52": _("Finance and insurance"),
    "53": _("Real estate and rental and leasing"),
    "54": _("Professional, scientific, and technical services"),
    "55": _("Management of companies and enterprises"),
    "56": _("Administrative and support and waste management services"),
    "61": _("Educational services"),
    "62": _("Health care and social assistance"),
    "71": _("Arts, entertainment, and recreation"),
    "72": _("Accommodation and food services"),
    "81": _("Other services (except public administration)"),
    "92": _("Public administration"),
}
QUARTER_LABELS = {
    "q1": _("January to March"),
    "q2": _("April to June"),
    "q3": _("July to September"),
    "q4": _("October to December"),
}
FIRST_CONTACT_LABELS = {
    "0-2": _("2 days or fewer"),
    "3-7": _("3 to 7 days"),
    "8-30": _("8 to 30 days"),
    "31+": _("More than 30 days"),
    NO_CONTACT: _("No contact recorded"),
}
FEWER = pgettext_lazy("suppressed count", "fewer than 11")
HIDDEN = pgettext_lazy("suppressed count", "hidden")
WITHHELD = pgettext_lazy("suppressed count", "withheld")
MARK_TEXT = {Mark.PRIMARY: FEWER, Mark.COMPLEMENTARY: HIDDEN, Mark.WITHHELD: WITHHELD}
NOT_GIVEN = pgettext_lazy("missing value", "Not given")
TOTAL = _("Total")


def cell_text(value: int | Mark) -> str:
    """Return a published cell as text: the count, "fewer than 11" or "hidden"."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ") if value >= 10_000 else str(value)
    return str(MARK_TEXT[value])


class Labeller:
    """Names the codes of the tables it is given, in the active language, with one query per kind."""

    def __init__(self, tables: Iterable[Published]) -> None:
        tables = list(tables)
        self.language = (get_language() or "es")[:2]
        codes = {t.table.row_dimension: set(t.table.rows) for t in tables}
        self.categories = {
            c.code: c.label(self.language)
            for c in Category.objects.filter(code__in=codes.get("category", ()))
        }
        self.employers = self._entities(Employer, codes.get("employer", set()))
        self.recruiters = self._entities(Recruiter, codes.get("recruiter", set()))

    @staticmethod
    def _entities(model: Any, codes: set[str]) -> dict[str, tuple[str, str]]:
        ids = [int(c) for c in codes if c.isdigit()]
        return {
            str(pk): (name, slug)
            for pk, name, slug in model.objects.filter(pk__in=ids).values_list("pk", "name", "slug")
        }

    def label(self, dimension: str, code: str) -> str:
        if code == NONE:
            return str(NOT_GIVEN)
        if dimension == "category":
            return self.categories.get(code, code)
        if dimension in ("state", "origin"):
            place = PLACE_BY_CODE.get(code)
            if place is not None:
                return place.name(self.language)
            return str(Country(code).label) if code in Country.values else code
        if dimension == "programme":
            return str(ReviewProgramme(code).label) if code in ReviewProgramme.values else code
        if dimension in ("employer", "recruiter"):
            if code == OTHER:
                return gettext("All others (fewer than 11 records each, or not in the directory)")
            names = self.employers if dimension == "employer" else self.recruiters
            return names.get(code, ("?", ""))[0]
        if dimension == "stage":
            return str(CaseStage(code).label) if code in CaseStage.values else code
        if dimension == "outcome":
            if code == NOT_CLOSED:
                return gettext("Not closed yet")
            return str(Outcome(code).label) if code in Outcome.values else code
        if dimension == "first_contact":
            return str(FIRST_CONTACT_LABELS.get(code, code))
        if dimension == "sector":
            return str(SECTOR_LABELS.get(code, code))
        if dimension == "crop":
            return code.capitalize()
        if dimension == "season":
            year, _dash, part = code.partition("-")
            if part in QUARTER_LABELS:
                return f"{year}, {QUARTER_LABELS[part]}"
            return f"{year}, {Season(part).label}" if part in Season.values else code
        if dimension == "question":
            return str(QUESTION_BY_NAME[code].label) if code in QUESTION_BY_NAME else code
        if dimension == "answer":
            return str(Answer(code).label) if code in Answer.values else code
        return code

    def slug(self, dimension: str, code: str) -> str:
        """Return the directory address name of an employer or recruiter row (empty otherwise)."""
        names = (
            self.employers if dimension == "employer" else self.recruiters if dimension == "recruiter" else {}
        )
        return names.get(code, ("", ""))[1]


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    cells: list[str]
    total: str
    value: int | Mark  # the row total, for the chart


@dataclass(frozen=True)
class Figure:
    """One published table ready for a page: title, labelled rows, chart, and what stands behind it."""

    table: Published
    title: str
    row_heading: str
    columns: list[tuple[str, str]]
    rows: list[Row]
    column_totals: list[str]
    total: str
    source: str
    period: str
    records: str
    chart: SafeString


def figure(
    table: Published,
    labeller: Labeller,
    *,
    columns: Iterable[str] | None = None,
    rows: Iterable[str] | None = None,
) -> Figure:
    """Lay out ``table`` (optionally only some of its published columns or rows) for a page."""
    t = table.table
    keep_columns = [c for c in t.columns if columns is None or c in set(columns)]
    keep_rows = [r for r in t.rows if rows is None or r in set(rows)]
    one_column = len(keep_columns) == 1 and len(t.columns) > 1
    laid = []
    for r in keep_rows:
        value = table.cells[(r, keep_columns[0])] if one_column else table.row_totals[r]
        laid.append(
            Row(
                code=r,
                label=labeller.label(t.row_dimension, r),
                cells=[cell_text(table.cells[(r, c)]) for c in keep_columns]
                if not table.is_one_way()
                else [],
                total=cell_text(value),
                value=value,
            )
        )
    title = str(KIND_LABELS.get(table.kind, table.kind))
    years = table.years
    period = "" if years is None else str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"
    if one_column and t.column_dimension == "year":
        period = keep_columns[0]
    return Figure(
        table=table,
        title=title,
        row_heading=str(DIMENSION_LABELS.get(t.row_dimension, t.row_dimension)),
        columns=[]
        if table.is_one_way()
        else [(c, labeller.label(t.column_dimension, c)) for c in keep_columns],
        rows=laid,
        column_totals=[] if table.is_one_way() else [cell_text(table.column_totals[c]) for c in keep_columns],
        total=cell_text(table.column_totals[keep_columns[0]] if one_column else table.total),
        source=str(SOURCE_LABELS[table.source]),
        period=period,
        records=cell_text(table.records) if table.records is not None else str(HIDDEN),
        chart=bar_chart(title, [(row.label, row.value) for row in laid]),
    )


BAR_HEIGHT = 18
LABEL_WIDTH = 220
BAR_WIDTH = 260


def bar_chart(title: str, bars: list[tuple[str, int | Mark]]) -> SafeString:
    """Return a horizontal bar chart as SVG with a <title>; a hidden count gets no bar, only its mark."""
    shown = [v for _, v in bars if isinstance(v, int)]
    largest = max(shown, default=0) or 1
    height = BAR_HEIGHT * len(bars) + 4
    width = LABEL_WIDTH + BAR_WIDTH + 90
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(bars):
        y = i * BAR_HEIGHT + 2
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end" font-size="12">{escape(short)}</text>'
        )
        if isinstance(value, int):
            length = round(BAR_WIDTH * value / largest)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length}" height="{BAR_HEIGHT - 5}" fill="#2a6f97"/>'
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4}" y="{y + 13}" font-size="12">{escape(cell_text(value))}</text>'
            )
        else:
            parts.append(
                f'<text x="{LABEL_WIDTH + 4}" y="{y + 13}" font-size="12" font-style="italic">{escape(cell_text(value))}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above
