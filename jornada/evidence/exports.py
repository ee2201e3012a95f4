"""Open data: every published table as CSV or XLSX, hashtags of the Humanitarian Exchange Language
(HXL) in the second row, one line per cell and per total, hidden counts left empty with a note.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.http import HttpResponse
from django.utils.translation import gettext
from openpyxl import Workbook  # type: ignore[import-untyped]

from jornada.evidence.disclosure import ALL, Mark
from jornada.evidence.present import DIMENSION_LABELS, MARK_TEXT, SOURCE_LABELS, Labeller
from jornada.evidence.publication import Published

TOTAL_CODE = "total"
LICENCE = "CC BY 4.0"

# Each dimension's two columns (code, name) as HXL hashtags.
HXL = {
    "category": ("#indicator+code", "#indicator+name"),
    "year": ("#date+year", "#date+year+name"),
    "state": ("#adm1+code", "#adm1+name"),
    "origin": ("#adm1+code+origin", "#adm1+name+origin"),
    "programme": ("#sector+code", "#sector+name"),
    "employer": ("#org+code+employer", "#org+name+employer"),
    "recruiter": ("#org+code+recruiter", "#org+name+recruiter"),
    "stage": ("#status+code", "#status+name"),
    "outcome": ("#status+code+outcome", "#status+name+outcome"),
    "first_contact": ("#indicator+code+days", "#indicator+name+days"),
    "question": ("#indicator+code+question", "#indicator+name+question"),
    "answer": ("#indicator+code+answer", "#indicator+name+answer"),
    "sector": ("#sector+code+industry", "#sector+name+industry"),
    "crop": ("#item+code+crop", "#item+name+crop"),
    "season": ("#date+season+code", "#date+season+name"),
}
COUNT_TAG = "#affected+num"
NOTE_TAG = "#meta+suppressed"
SOURCE_TAG = "#meta+source"


def _note(value: int | Mark) -> str:
    if isinstance(value, int):
        return ""
    return str(MARK_TEXT[value])


def rows(table: Published) -> Iterator[list[str | int | None]]:
    """Yield the header row, the hashtag row, then one row per cell and per total."""
    t = table.table
    labeller = Labeller([table])
    dimensions = [t.row_dimension] if table.is_one_way() else [t.row_dimension, t.column_dimension]
    header: list[str | int | None] = []
    tags: list[str | int | None] = []
    for dimension in dimensions:
        name = str(DIMENSION_LABELS.get(dimension, dimension))
        header += [gettext("%(dimension)s (code)") % {"dimension": name}, name]
        tags += list(HXL[dimension])
    header += [gettext("Count"), gettext("Hidden because"), gettext("Source")]
    tags += [COUNT_TAG, NOTE_TAG, SOURCE_TAG]
    yield header
    yield tags
    source = str(SOURCE_LABELS[table.source])
    total_label = gettext("Total")

    def line(codes: list[tuple[str, str]], value: int | Mark) -> list[str | int | None]:
        out: list[str | int | None] = []
        for dimension, code in codes:
            label = total_label if code == TOTAL_CODE else labeller.label(dimension, code)
            out += [code, label]
        return [*out, value if isinstance(value, int) else None, _note(value), source]

    for r in t.rows:
        if table.is_one_way():
            yield line([(t.row_dimension, r)], table.cells[(r, ALL)])
            continue
        for c in t.columns:
            yield line([(t.row_dimension, r), (t.column_dimension, c)], table.cells[(r, c)])
        yield line([(t.row_dimension, r), (t.column_dimension, TOTAL_CODE)], table.row_totals[r])
    if table.is_one_way():
        yield line([(t.row_dimension, TOTAL_CODE)], table.total)
    else:
        for c in t.columns:
            yield line([(t.row_dimension, TOTAL_CODE), (t.column_dimension, c)], table.column_totals[c])
        yield line([(t.row_dimension, TOTAL_CODE), (t.column_dimension, TOTAL_CODE)], table.total)


def citation(table: Published, month: str) -> str:
    return gettext("Jornada, evidence snapshot %(month)s, %(table)s. Licence: %(licence)s.") % {
        "month": month,
        "table": table.slug,
        "licence": LICENCE,
    }


def as_csv(table: Published) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows(table):
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(table: Published) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.slug[:31])
    for row in rows(table):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_response(table: Published, extension: str) -> HttpResponse:
    body = as_csv(table) if extension == "csv" else as_xlsx(table)
    response = HttpResponse(body, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="jornada-{table.slug}.{extension}"'
    response["X-Licence"] = LICENCE
    return response
