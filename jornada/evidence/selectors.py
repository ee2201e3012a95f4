"""Reads for the evidence pages: parts of the current publication, laid out for a page."""

from __future__ import annotations

from django.http import Http404

from jornada.evidence.present import Figure, Labeller, cell_text, figure
from jornada.evidence.publication import SOURCES, Published, publication_current


def table_get(*, source: str, kind: str) -> Published:
    """Return a published table, or 404 when there is none by that name."""
    table = publication_current().tables.get(f"{source}-{kind}") if source in SOURCES else None
    if table is None:
        raise Http404
    return table


def figure_get(*, table: Published, year: str | None = None, category: str = "", place: str = "") -> Figure:
    """Lay out a published table, narrowed to one year column, one problem row or one place."""
    t = table.table
    columns = [year] if year else None
    rows = None
    if category and t.row_dimension == "category":
        rows = [category]
    if place:
        if t.column_dimension in ("state", "origin"):
            columns = [place]
        elif t.row_dimension in ("state", "origin"):
            rows = [place]
    columns = [c for c in columns if c in t.columns] if columns else None
    if columns == []:
        columns = None
    return figure(table, Labeller([table]), columns=columns, rows=rows)


def overview_get() -> dict[str, object]:
    """Return what the evidence home page shows: each source's size and period, and the top problems."""
    publication = publication_current()
    sources = []
    for source in SOURCES:
        tables = publication.for_source(source)
        sources.append(
            {
                "code": source,
                "records": cell_text(publication.records.get(source, 0)),
                "years": publication.years.get(source),
                "tables": [t.kind for t in tables],
            }
        )
    top = publication.tables.get("reviews-category-year")
    headline = figure(top, Labeller([top])) if top is not None else None
    money = [
        {
            "currency": m.currency,
            "kind": m.kind,
            "cases": cell_text(m.cases),
            "amount": m.amount,
        }
        for m in publication.money
    ]
    return {"sources": sources, "headline": headline, "built_on": publication.built_on, "money": money}
