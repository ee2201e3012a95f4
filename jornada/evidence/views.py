"""The public evidence pages and open-data downloads: parts of the current publication."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jornada.core.access import get_organisation_or_404, public_page, staff_required, system_endpoint
from jornada.core.audit import audit_record
from jornada.core.models import Role
from jornada.evidence import activity, activity_exports, exports, selectors
from jornada.evidence import snapshots as snapshot_files
from jornada.evidence.forms import ActivityPeriodForm, FigureFilter
from jornada.evidence.models import Snapshot
from jornada.evidence.present import SOURCE_DESCRIPTIONS, SOURCE_LABELS
from jornada.evidence.publication import SOURCES, PublicationPending

RETRY_AFTER_SECONDS = 300


def preparing(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 503 with Retry-After while no publication is kept yet (its build is queued once)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PublicationPending:
            response = render(request, "evidence/preparing.html", status=503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response

    return wrapped


@public_page
@require_GET
@preparing
def index(request: HttpRequest) -> HttpResponse:
    context = selectors.overview_get()
    return render(
        request,
        "evidence/index.html",
        {**context, "labels": SOURCE_LABELS, "descriptions": SOURCE_DESCRIPTIONS},
    )


@public_page
@require_GET
@preparing
def source(request: HttpRequest, source: str) -> HttpResponse:
    overview = selectors.overview_get(headline=False)
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
@preparing
def figure(request: HttpRequest, source: str, kind: str) -> HttpResponse:
    table = selectors.table_get(source=source, kind=kind)
    form = FigureFilter(request.GET or None, table=table)
    status = 200
    shown = None
    title, rendered = "", ""
    if not form.is_bound:
        title, rendered = selectors.figure_rendered_get(table=table)
    elif not form.is_valid():
        status = 400
    else:
        data = form.cleaned_data
        shown = selectors.figure_get(
            table=table, year=data.get("year"), category=data.get("category", ""), place=data.get("place", "")
        )
        title = shown.title
    return render(
        request,
        "evidence/figure.html",
        {"form": form, "figure": shown, "rendered": rendered, "title": title, "table": table},
        status=status,
    )


@public_page
@require_GET
def methodology(request: HttpRequest) -> HttpResponse:
    return render(request, "evidence/methodology.html", {"threshold": 11})


@system_endpoint
@require_GET
@preparing
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


def _activity(request: HttpRequest, slug: str, *, for_funders: bool = False) -> tuple[Any, Any, Any]:
    """The organisation (404 unless the user supervises or administers it), the form, the report or None."""
    organisation = get_organisation_or_404(request.user, slug, Role.SUPERVISOR, Role.ORG_ADMIN)  # type: ignore[arg-type]
    form = ActivityPeriodForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return organisation, form, None
    start, end = (
        (form.cleaned_data["start"], form.cleaned_data["end"]) if form.is_bound else activity.default_period()
    )
    found = activity.activity_report(organisation=organisation, start=start, end=end, for_funders=for_funders)
    return organisation, form, found


@staff_required(Role.SUPERVISOR, Role.ORG_ADMIN)
@never_cache
@require_GET
def org_activity(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's activity report with exact figures: charts, each with its table beside it."""
    organisation, form, found = _activity(request, slug)
    context = {"organisation": organisation, "form": form, "query": request.GET.urlencode()}
    if found is not None:
        context.update(activity_exports.laid_out(found))
    return render(request, "evidence/staff/activity.html", context, status=200 if found is not None else 400)


ACTIVITY_EXPORTS = {
    "csv": ("text/csv; charset=utf-8", activity_exports.report_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        activity_exports.report_xlsx,
    ),
}
AUDIENCES = ("internal", "funders")


@staff_required(Role.SUPERVISOR, Role.ORG_ADMIN)
@never_cache
@require_GET
def org_activity_download(request: HttpRequest, slug: str, audience: str, extension: str) -> HttpResponse:
    """The activity report as PDF, CSV or XLSX; for funders suppressed like public evidence; audited."""
    if audience not in AUDIENCES or extension not in (*ACTIVITY_EXPORTS, "pdf"):
        raise Http404
    organisation, form, found = _activity(request, slug, for_funders=audience == "funders")
    if found is None:
        errors = [str(e) for e in form.non_field_errors()] + [
            f"{form[name].label}: {e}"
            for name, field_errors in form.errors.items()
            if name != "__all__"
            for e in field_errors
        ]
        return HttpResponseBadRequest("\n".join(errors), content_type="text/plain; charset=utf-8")
    if extension == "pdf":
        html = render_to_string(
            "evidence/staff/activity_pdf.html",
            {"organisation": organisation, **activity_exports.laid_out(found)},
            request=request,
        )
        content, content_type = activity_exports.report_pdf(html), "application/pdf"
    else:
        content_type, render_export = ACTIVITY_EXPORTS[extension]
        content = render_export(found)
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action="evidence.activity_exported",
        organisation=organisation,
        target=organisation,
        detail={"format": extension, "audience": audience},
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{organisation.slug}-{found.start}-{found.end}-{audience}.{extension}"'
    )
    return response
