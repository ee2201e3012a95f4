"""The public evidence pages and open-data downloads: parts of the current publication."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from jornada.core.access import public_page, system_endpoint
from jornada.evidence import exports, selectors
from jornada.evidence import snapshots as snapshot_files
from jornada.evidence.forms import FigureFilter
from jornada.evidence.models import Snapshot
from jornada.evidence.present import SOURCE_DESCRIPTIONS, SOURCE_LABELS
from jornada.evidence.publication import SOURCES


@public_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    context = selectors.overview_get()
    return render(
        request,
        "evidence/index.html",
        {**context, "labels": SOURCE_LABELS, "descriptions": SOURCE_DESCRIPTIONS},
    )


@public_page
@require_GET
def source(request: HttpRequest, source: str) -> HttpResponse:
    overview = selectors.overview_get()
    found = next((s for s in overview["sources"] if s["code"] == source), None)  # type: ignore[attr-defined]
    if found is None or source not in SOURCES:
        raise Http404
    return render(
        request,
        "evidence/source.html",
        {
            "source": found,
            "label": SOURCE_LABELS[source],
            "description": SOURCE_DESCRIPTIONS[source],
            "money": overview["money"] if source == "cases" else [],
        },
    )


@public_page
@require_GET
def figure(request: HttpRequest, source: str, kind: str) -> HttpResponse:
    table = selectors.table_get(source=source, kind=kind)
    form = FigureFilter(request.GET or None, table=table)
    status = 200
    shown = None
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        data = form.cleaned_data if form.is_bound else {}
        shown = selectors.figure_get(
            table=table, year=data.get("year"), category=data.get("category", ""), place=data.get("place", "")
        )
    return render(
        request, "evidence/figure.html", {"form": form, "figure": shown, "table": table}, status=status
    )


@public_page
@require_GET
def methodology(request: HttpRequest) -> HttpResponse:
    return render(request, "evidence/methodology.html", {"threshold": 11})


@system_endpoint
@require_GET
def download(request: HttpRequest, source: str, kind: str, extension: str) -> HttpResponse:
    """A published table as CSV or XLSX with HXL hashtags in the second row."""
    if extension not in exports.CONTENT_TYPES:
        raise Http404
    table = selectors.table_get(source=source, kind=kind)
    return exports.table_response(table, extension)


@public_page
@require_GET
def snapshots(request: HttpRequest) -> HttpResponse:
    kept = Snapshot.objects.only("month", "built_on")
    return render(request, "evidence/snapshots.html", {"snapshots": kept})


@system_endpoint
@require_GET
def snapshot_download(request: HttpRequest, month: str) -> HttpResponse:
    """One kept month as a zip of CSV files with its data dictionary, licence and citation."""
    try:
        first = dt.datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        raise Http404 from None
    snapshot = get_object_or_404(Snapshot, month=first)
    response = HttpResponse(snapshot_files.snapshot_archive(snapshot), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="jornada-evidence-{snapshot.label()}.zip"'
    return response
