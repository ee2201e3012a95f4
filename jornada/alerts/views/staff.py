"""Moderators' pages for scam reports: the queue, one report, one screenshot.

Reports belong to no organisation, so these pages are open to every holder of the site-level
moderation grant, as for reviews. Publishing, refusing and redacting go through the alerts
services, which wrap ``jornada.contributions.services`` (audited there) and keep the look-up rows
in step; reading the queue, a report or a screenshot is audited here.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from jornada.alerts import selectors, services
from jornada.alerts.models import Screenshot
from jornada.contributions.forms import PublishForm, RejectForm, posted_field, redact_forms
from jornada.contributions.scanner import scan_fields
from jornada.core.access import moderation_required

QUEUE_PAGE_SIZE = 20
moderators_only = moderation_required


@moderators_only
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    page = Paginator(selectors.waiting_reports(), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    services.report_queue_viewed(moderator=user, page=page.number, shown=len(page.object_list))
    return render(request, "alerts/staff/queue.html", {"page": page})


def _decide(request: HttpRequest, report: Any, moderator: Any, forms: dict[str, Any]) -> HttpResponse | None:
    """Carry out a moderator's POST; return a redirect when done, None to show the page again."""
    action = request.POST.get("action")
    if action == "publish":
        services.report_publish(
            report=report, moderator=moderator, reviewed_hits=forms["publish"].reviewed_hits()
        )
        messages.success(request, _("The warning is published."))
        return redirect("alerts:moderation")
    if action == "reject" and forms["reject"].is_valid():
        services.report_reject(
            report=report, moderator=moderator, reason=forms["reject"].cleaned_data["reason"]
        )
        messages.success(request, _("The report will not be published. What its author wrote was erased."))
        return redirect("alerts:moderation")
    redact = forms["redact"]
    if action == "redact" and redact is not None and redact.is_valid():
        services.report_redact(report=report, moderator=moderator, **redact.redaction())
        messages.success(request, _("The details were removed."))
        return redirect("alerts:moderation_report", pk=report.pk)
    return None


@moderators_only
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    moderator: Any = request.user
    report = selectors.report_for_moderation(pk)
    if report is None:
        raise Http404
    posted = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if posted else None
    fields = scan_fields(report)
    redacting = redact_forms(posted if action == "redact" else None, fields)
    forms = {
        "publish": PublishForm(posted if action == "publish" else None, fields=fields),
        "reject": RejectForm(posted if action == "reject" else None, auto_id="reject_%s"),
        "redact": next((form for field, form in redacting if field.name == posted_field(posted)), None),
    }
    errors: list[str] = []
    if posted:
        try:
            done = _decide(request, report, moderator, forms)
        except ValidationError as error:
            errors = error.messages
        else:
            if done is not None:
                return done
    else:
        services.report_opened(report=report, moderator=moderator)
    return render(
        request,
        "alerts/staff/report.html",
        {
            "report": report,
            "fields": redacting,
            "identifiers": selectors.public_identifiers(report),
            "publish_form": forms["publish"],
            "reject_form": forms["reject"],
            "errors": errors,
        },
    )


@moderators_only
@require_GET
def screenshot(request: HttpRequest, pk: UUID) -> FileResponse:
    """One screenshot of a report, for moderators only (never published, never cached)."""
    user: Any = request.user
    shot = Screenshot.objects.select_related("report").filter(pk=pk).first()
    if shot is None:
        raise Http404
    services.screenshot_viewed(screenshot=shot, moderator=user)
    response = FileResponse(shot.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response
