"""The evidence part of the JSON API: every published table, as the pages and downloads show it.

A hidden count is ``null`` with its reason in ``suppressed`` ("fewer_than_11", "hidden", or
"withheld": not published, any count from 0);
nothing else is ever returned, so the API cannot show what the pages do not.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from jornada.core.api_errors import responses
from jornada.evidence import selectors
from jornada.evidence.disclosure import ALL, Mark
from jornada.evidence.exports import LICENCE
from jornada.evidence.present import Labeller
from jornada.evidence.publication import SOURCES, PublicationPending, publication_head
from jornada.evidence.views import RETRY_AFTER_SECONDS

router = Router(tags=["evidence"])


def _preparing(operation: Callable[..., Any]) -> Callable[..., Any]:
    """503 with Retry-After while no publication is kept yet (its build is queued once)."""

    @wraps(operation)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return operation(request, *args, **kwargs)
        except PublicationPending:
            response = JsonResponse(
                {"detail": _("The figures are being prepared. Please come back in a few minutes.")},
                status=503,
            )
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response

    return wrapped


class CellOut(Schema):
    row: str
    row_label: str
    column: str | None
    column_label: str | None
    count: int | None
    suppressed: str | None


class TableOut(Schema):
    source: str
    kind: str
    row_dimension: str
    column_dimension: str | None
    first_year: int | None
    last_year: int | None
    records: int | None
    licence: str
    cells: list[CellOut]


class TableIndexOut(Schema):
    source: str
    kind: str
    url: str


class IndexOut(Schema):
    licence: str
    built_on: str
    tables: list[TableIndexOut]


def _suppressed(value: int | Mark) -> str | None:
    if isinstance(value, int):
        return None
    return {Mark.PRIMARY: "fewer_than_11", Mark.COMPLEMENTARY: "hidden", Mark.WITHHELD: "withheld"}[value]


@router.get("/", response=responses(IndexOut, invalid=False), summary="Every published evidence table")
@_preparing
def evidence_index(request: HttpRequest) -> dict[str, object]:
    head = publication_head()
    return {
        "licence": LICENCE,
        "built_on": head.built_on.isoformat(),
        "tables": [
            {"source": source, "kind": kind, "url": f"/api/v1/evidence/{source}/{kind}"}
            for source in SOURCES
            for kind in head.kinds(source)
        ],
    }


@router.get(
    "/{source}/{kind}",
    response=responses(TableOut, not_found=True, invalid=False),
    summary="One published table",
)
@_preparing
def evidence_table(request: HttpRequest, source: str, kind: str) -> dict[str, object]:
    """Every cell and total of a table; hidden counts are null with the reason."""
    table = selectors.table_get(source=source, kind=kind)
    t = table.table
    labeller = Labeller([table])
    one_way = table.is_one_way()
    cells = []
    for r in t.rows:
        for c in t.columns:
            value = table.cells[(r, c)]
            cells.append(
                {
                    "row": r,
                    "row_label": labeller.label(t.row_dimension, r),
                    "column": None if one_way else c,
                    "column_label": None if one_way else labeller.label(t.column_dimension, c),
                    "count": value if isinstance(value, int) else None,
                    "suppressed": _suppressed(value),
                }
            )
    years = table.years
    return {
        "source": table.source,
        "kind": table.kind,
        "row_dimension": t.row_dimension,
        "column_dimension": None if t.columns == (ALL,) else t.column_dimension,
        "first_year": years[0] if years else None,
        "last_year": years[1] if years else None,
        "records": table.records,
        "licence": LICENCE,
        "cells": cells,
    }
