"""Staff pages of protocols: a case's protocol (choose it, read the steps, complete and approve them)
and the supervisors' monitoring page. Plain POST forms, no JavaScript, never cached."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jornada.cases.selectors import CASE_ROLES, case_work_get
from jornada.core.access import get_organisation_or_404, staff_required
from jornada.core.models import Role
from jornada.protocols import exports, monitoring, selectors, services
from jornada.protocols.forms import ChooseTypeForm, StepForm


def _language() -> str:
    return (get_language() or "es").split("-")[0]


def _add_error(form: Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@staff_required(*CASE_ROLES)
@never_cache
@require_http_methods(["GET", "POST"])
def case_protocol(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    language = _language()
    case = case_work_get(user=user, case_id=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    target = request.POST.get("step", "")
    choose = ChooseTypeForm(
        request.POST if action == "choose" else None,
        case_types=selectors.case_types_current(),
        language=language,
    )
    approve_error: dict[str, ValidationError] = {}
    bound: StepForm | None = None
    if action == "choose" and choose.is_valid():
        try:
            services.case_protocol_choose(actor=user, case=case, case_type=choose.cleaned_data["case_type"])
        except ValidationError as error:
            _add_error(choose, error)
        else:
            messages.success(request, _("The case now follows this protocol."))
            return redirect("protocols:case", pk=case.pk)
    view = selectors.case_protocol_read(user=user, case_id=pk, language=language)
    if view is not None and action in ("complete", "approve"):
        chosen = next((item for item in view.steps if item.step.key == target), None)
        if chosen is None:
            messages.error(request, _("This step is not known; reload the page and try again."))
        elif action == "approve":
            try:
                services.protocol_step_approve(actor=user, case=case, step_key=target)
            except ValidationError as error:
                approve_error[target] = error
            else:
                messages.success(request, _("The step was approved."))
                return redirect(f"{request.path}#step-{target}")
        else:
            bound = StepForm(request.POST, step=chosen.step, language=language)
            if bound.is_valid():
                try:
                    services.protocol_step_complete(
                        actor=user,
                        case=case,
                        step_key=target,
                        answers=bound.answers(),
                        override_reason=bound.cleaned_data.get("override_reason", ""),
                    )
                except ValidationError as error:
                    _add_error(bound, error)
                else:
                    messages.success(request, _("The step was completed."))
                    return redirect(f"{request.path}#step-{target}")
    forms = {}
    if view is not None:
        for item in view.steps:
            if item.record.completed_at is None:
                is_target = bound is not None and bound.step.key == item.step.key
                forms[item.step.key] = bound if is_target else StepForm(step=item.step, language=language)
    failed = action != "" and request.method == "POST"
    context = {
        "case": case,
        "view": view,
        "choose": choose,
        "forms": forms,
        "approve_error": approve_error,
        "language": language,
        "is_supervisor": selectors.may_approve(user, case),
    }
    return render(request, "protocols/staff/case_protocol.html", context, status=400 if failed else 200)


@staff_required(Role.SUPERVISOR)
@require_GET
def protocol_monitoring(request: HttpRequest, slug: str) -> HttpResponse:
    """Supervisors follow their organisation's protocol cases: opened, closed, first interview, overdue."""
    user: Any = request.user
    organisation = get_organisation_or_404(user, slug, Role.SUPERVISOR)
    report = monitoring.protocol_monitoring_read(organisation=organisation, language=_language())
    return render(
        request, "protocols/staff/monitoring.html", {"organisation": organisation, "report": report}
    )


@staff_required(Role.SUPERVISOR)
@require_GET
def protocol_monitoring_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The monitoring figures as a CSV to share outside the organisation: counts 1-10 read "<11"."""
    user: Any = request.user
    organisation = get_organisation_or_404(user, slug, Role.SUPERVISOR)
    report = monitoring.protocol_monitoring_read(organisation=organisation, language=_language())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="protocols-{organisation.slug}.csv"'
    csv.writer(response).writerows(monitoring.monitoring_csv_rows(report))
    return response


EXPORTS = {
    "gbvims": (exports.gbvims_rows, "GBVIMS"),
    "htcds": (exports.htcds_rows, "HTCDS"),
}


@staff_required(Role.SUPERVISOR)
@require_GET
def protocol_export(request: HttpRequest, slug: str, kind: str, extension: str) -> HttpResponse:
    """A supervisor downloads the non-identifying GBVIMS or HTCDS export (consenting cases only)."""
    user: Any = request.user
    organisation = get_organisation_or_404(user, slug, Role.SUPERVISOR)
    if kind not in EXPORTS or extension not in ("csv", "xlsx"):
        raise Http404
    make, title = EXPORTS[kind]
    rows = services.protocol_export_record(actor=user, organisation=organisation, kind=kind, rows=make)
    if extension == "csv":
        body, content_type = exports.as_csv(rows), "text/csv; charset=utf-8"
    else:
        body = exports.as_xlsx(rows, title=title)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{kind}-{organisation.slug}.{extension}"'
    return response
