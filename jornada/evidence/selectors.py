"""Reads for the evidence pages: parts of the current publication, laid out for a page."""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from jornada.evidence.present import Figure, Labeller, cell_text, figure
from jornada.evidence.publication import (
    CACHE_SECONDS,
    SOURCES,
    Published,
    publication_head,
    publication_table,
    table_key,
)


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
    shown = figure(top, Labeller([top])) if top is not None else None
    money = [
        {
            "currency": m.currency,
            "kind": m.kind,
            "cases": cell_text(m.cases),
            "amount": m.amount,
        }
        for m in publication.money
    ]
    return {"sources": sources, "headline": shown, "built_on": publication.built_on, "money": money}


def figure_rendered_get(*, table: Published) -> tuple[str, SafeString]:
    """Return a whole table's title and its figure (chart and table) as HTML, rendered once per publication and language.

    The unfiltered figure is what nearly every reader asks for; laying it out names every row
    (a query per kind) and draws its chart, which for the longest tables (employers) cost more
    than the rest of the page. The HTML is kept beside the table, under the publication's
    version, so a new publication never serves an old figure.
    """
    key = f"{table_key(publication_head().version, table.slug)}:html:{get_language()}"
    found = cache.get(key)
    if found is None:
        shown = figure_get(table=table)
        found = (shown.title, render_to_string("evidence/includes/figure.html", {"figure": shown}))
        cache.set(key, found, CACHE_SECONDS)
    return found  # render_to_string's SafeString, kept as one through the cache
