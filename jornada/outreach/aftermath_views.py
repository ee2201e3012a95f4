"""Staff pages for after the event: record counts, link requests and cases, see the summaries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jornada.core.access import get_owned_or_404, staff_required
from jornada.outreach import aftermath
from jornada.outreach.aftermath_forms import LinkForm, OutcomeForm, SummaryForm
from jornada.outreach.models import Event
from jornada.outreach.selectors import STAFF_ROLES, staff_organisations


def _language() -> str:
    return (get_language() or "es").split("-")[0]


@staff_required(*STAFF_ROLES)
@never_cache
@require_http_methods(["GET", "POST"])
def event_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    event = get_owned_or_404(user, Event.objects.all(), *STAFF_ROLES, pk=pk)
    initial = {"attendance": event.attendance, "referrals_made": event.referrals_made}
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            aftermath.event_outcome_record(actor=user, event=event, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The counts were saved."))
            return redirect("outreach:event_outcome", pk=event.pk)
    links = event.links.filter(organisation__in=staff_organisations(user))
    context = {
        "form": form,
        "event": event,
        "title": event.title(_language()),
        "cases": links.exclude(case=None).count(),
        "intakes": links.exclude(intake=None).count(),
    }
    return render(request, "outreach/staff/event_outcome.html", context)


@staff_required(*STAFF_ROLES)
@never_cache
@require_http_methods(["GET", "POST"])
def event_link(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = LinkForm(request.POST or None, organisations=staff_organisations(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["case_number"]:
                aftermath.event_link_case(
                    actor=user,
                    organisation=data["organisation"],
                    code=data["code"],
                    case_number=data["case_number"],
                )
            else:
                aftermath.event_link_intake(
                    actor=user, organisation=data["organisation"], code=data["code"], intake_id=data["intake"]
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Linked to the event."))
            return redirect("outreach:event_link")
    return render(request, "outreach/staff/event_link.html", {"form": form})


def _summary(request: HttpRequest) -> tuple[SummaryForm, aftermath.Summary | None]:
    user: Any = request.user
    organisations = staff_organisations(user)
    campaigns = aftermath.campaigns_coordinated(organisations).order_by("-starts_on", "slug")
    form = SummaryForm(request.GET or None, organisations=organisations, campaigns=campaigns)
    campaign = organisation = None
    if form.is_bound and form.is_valid():
        campaign, organisation = form.cleaned_data["campaign"], form.cleaned_data["organisation"]
    if campaign is not None:
        own = [one.pk for one in organisations]
        return form, aftermath.summary_for_campaign(
            campaign=campaign, organisation_ids=own, language=_language()
        )
    organisation = organisation or organisations.first()
    if organisation is None:
        return form, None
    return form, aftermath.summary_for_organisation(organisation=organisation, language=_language())


@staff_required(*STAFF_ROLES)
@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    form, result = _summary(request)
    return render(
        request,
        "outreach/staff/summary.html",
        {
            "form": form,
            "summary": result,
            "chart": result.chart() if result else None,
            "query": request.GET.urlencode(),
        },
    )


@staff_required(*STAFF_ROLES)
@require_GET
def summary_csv(request: HttpRequest) -> HttpResponse:
    _form, result = _summary(request)
    response = HttpResponse(
        aftermath.summary_csv(result) if result else "", content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="outreach-summary.csv"'
    return response
