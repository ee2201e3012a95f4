"""Taking and reading the monthly snapshot: the publication frozen with its data dictionary."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from jornada.evidence import exports
from jornada.evidence.disclosure import Mark, Table
from jornada.evidence.models import Snapshot
from jornada.evidence.present import DIMENSION_LABELS, KIND_LABELS, SOURCE_DESCRIPTIONS
from jornada.evidence.publication import Published, publication_build

MARKS = {Mark.PRIMARY: "fewer_than_11", Mark.COMPLEMENTARY: "hidden", Mark.WITHHELD: "withheld"}
MARK_BY_NAME = {name: mark for mark, name in MARKS.items()}


def _out(value: int | Mark) -> int | str:
    return value if isinstance(value, int) else MARKS[value]


def _in(value: int | str) -> int | Mark:
    return value if isinstance(value, int) else MARK_BY_NAME[value]


def published_dump(table: Published) -> dict[str, Any]:
    t = table.table
    return {
        "source": table.source,
        "kind": table.kind,
        "row_dimension": t.row_dimension,
        "column_dimension": t.column_dimension,
        "rows": list(t.rows),
        "columns": list(t.columns),
        "years": list(table.years) if table.years else None,
        "records": table.records,
        "cells": [[r, c, _out(v)] for (r, c), v in table.cells.items()],
        "row_totals": {r: _out(v) for r, v in table.row_totals.items()},
        "column_totals": {c: _out(v) for c, v in table.column_totals.items()},
        "total": _out(table.total),
    }


def published_load(data: dict[str, Any]) -> Published:
    table = Table(
        data["kind"],
        data["source"],
        data["row_dimension"],
        data["column_dimension"],
        tuple(data["rows"]),
        tuple(data["columns"]),
        {},
    )
    return Published(
        table=table,
        source=data["source"],
        kind=data["kind"],
        years=tuple(data["years"]) if data["years"] else None,
        records=data["records"],
        cells={(r, c): _in(v) for r, c, v in data["cells"]},
        row_totals={r: _in(v) for r, v in data["row_totals"].items()},
        column_totals={c: _in(v) for c, v in data["column_totals"].items()},
        total=_in(data["total"]),
    )


@transaction.atomic
def snapshot_take(*, today: dt.date | None = None) -> Snapshot:
    """Keep this month's snapshot (once: a month already kept is returned as it was)."""
    today = today or dt.date.today()
    month = today.replace(day=1)
    existing = Snapshot.objects.filter(month=month).first()
    if existing is not None:
        return existing
    publication = publication_build(today=today)
    snapshot = Snapshot(
        month=month,
        built_on=today,
        tables=[published_dump(t) for t in publication.tables.values()],
    )
    snapshot.full_clean()
    snapshot.save()
    return snapshot


def data_dictionary() -> bytes:
    """Return the data dictionary as CSV: every column name, its HXL hashtag and meaning."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([gettext("Column"), gettext("HXL hashtag"), gettext("Meaning")])
    for dimension, (code_tag, name_tag) in exports.HXL.items():
        label = str(DIMENSION_LABELS.get(dimension, dimension))
        writer.writerow(
            [gettext("%(dimension)s (code)") % {"dimension": label}, code_tag, gettext("Stable code")]
        )
        writer.writerow([label, name_tag, gettext("Name in the language of the download")])
    writer.writerow([gettext("Count"), exports.COUNT_TAG, gettext("Number of records; empty when hidden")])
    writer.writerow(
        [
            gettext("Hidden because"),
            exports.NOTE_TAG,
            gettext(
                "“fewer than 11” (a count from 1 to 10) or “hidden” (hidden so a small count cannot be worked out)"
            ),
        ]
    )
    writer.writerow([gettext("Source"), exports.SOURCE_TAG, gettext("Which records are counted")])
    writer.writerow([])
    for source, description in SOURCE_DESCRIPTIONS.items():
        writer.writerow([source, "", str(description)])
    for kind, kind_label in KIND_LABELS.items():
        writer.writerow([kind, "", str(kind_label)])
    return out.getvalue().encode("utf-8-sig")


def snapshot_archive(snapshot: Snapshot) -> bytes:
    """Return the snapshot as a zip: one CSV per table, the data dictionary, licence and citation."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for data in snapshot.tables:
            table = published_load(data)
            archive.writestr(f"{table.slug}.csv", exports.as_csv(table))
        archive.writestr("data-dictionary.csv", data_dictionary())
        archive.writestr(
            "LICENCE.txt",
            gettext(
                "This data is published under the Creative Commons Attribution 4.0 International licence (CC BY 4.0): https://creativecommons.org/licenses/by/4.0/"
            )
            + "\n",
        )
        archive.writestr(
            "CITATION.txt",
            gettext("Jornada, evidence snapshot %(month)s") % {"month": snapshot.label()} + "\n",
        )
    return buffer.getvalue()
