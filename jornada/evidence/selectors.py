"""Reads for the evidence pages: parts of the current publication, laid out for a page."""

from __future__ import annotations

from django.http import Http404

from jornada.evidence.present import Figure, Labeller, cell_text, figure
from jornada.evidence.publication import SOURCES, Published, publication_head, publication_table


def table_get(*, source: str, kind: str) -> Published:
    """Return a published table, or 404 when there is none by that name."""
    table = publication_table(f"{source}-{kind}") if source in SOURCES else None
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


def overview_get(*, headline: bool = True) -> dict[str, object]:
    """Return what the evidence home page shows: each source's size and period, and the top problems."""
    publication = publication_head()
    sources = []
    for source in SOURCES:
        sources.append(
            {
                "code": source,
                "records": cell_text(publication.records.get(source, 0)),
                "years": publication.years.get(source),
                "tables": publication.kinds(source),
            }
        )
    top = publication_table("reviews-category-year") if headline else None
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
