"""Staff pages of the hotline: the lines and "start a call", the call screen, callbacks and the report.

The call screen posts each section back to itself with its own save button (``section``), so
what the operator typed is saved without JavaScript before anything else happens; its search
box answers from the directory, the scam look-up and the rights library on the same page.
Pages showing personal data are never cached.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jornada.alerts.selectors import lookup
from jornada.core.access import staff_required
from jornada.core.audit import audit_record
from jornada.core.models import Organisation, Role
from jornada.directory.search import SearchFilters, search
from jornada.hotline import report as reports
from jornada.hotline import selectors, services
from jornada.hotline.forms import (
    CallbackRecordForm,
    ConsentForm,
    EndForm,
    LanguageForm,
    ReportPeriodForm,
    SearchForm,
    StartCallForm,
    UrgencyForm,
    WhatForm,
    WhereForm,
    WhoForm,
)
from jornada.hotline.models import ArticleSms, Call, CallbackStatus
from jornada.intake.selectors_staff import cases_naming_parties, staff_category_labels
from jornada.rights.selectors import search as rights_search
from jornada.vocabulary.languages import language_name
from jornada.vocabulary.models import Category

ANY_ROLE = tuple(Role.values)
SEARCH_HITS = 8


@staff_required(*ANY_ROLE)
@never_cache
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """The lines the user answers or supervises, a start button per line, and their latest calls."""
    user: Any = request.user
    if request.method == "POST":
        form = StartCallForm(request.POST)
        if form.is_valid():
            hotline = selectors.answered_hotline_get(user=user, pk=form.cleaned_data["hotline"])
            call = services.call_start(actor=user, hotline=hotline, token=form.cleaned_data["token"])
            return redirect("hotline:call", pk=call.pk)
        messages.error(request, _("The form is out of date. Open the hotline page again."))
        return redirect("hotline:index")
    answered = set(selectors.hotlines_answered_by(user=user).values_list("pk", flat=True))
    context = {
        "hotlines": [
            {"hotline": hotline, "operator": hotline.pk in answered, "open": hotline.is_open()}
            for hotline in selectors.hotlines_for_user(user=user)
        ],
        "token": secrets.token_urlsafe(16),  # one per page: a double click posts the same token
        "calls": selectors.recent_calls(user=user),
        "overdue": selectors.overdue_count(user=user),
    }
    return render(request, "hotline/staff/index.html", context)


def _categories() -> list[tuple[str, str]]:
    labels = staff_category_labels()
    return [
        (code, labels.get(code, code)) for code in Category.objects.active().values_list("code", flat=True)
    ]


def _partners(call: Call) -> list[tuple[str, str]]:
    return [
        (organisation.slug, organisation.name)
        for organisation in Organisation.objects.exclude(pk=call.organisation_id).order_by("name")
    ]


def _search(query: str) -> dict[str, Any]:
    if not query:
        return {}
    return {
        "directory": search(
            query, filters=SearchFilters(kinds=("employer", "recruiter")), limit=SEARCH_HITS
        ).hits,
        "lookup": lookup(query),
        "articles": rights_search(query=query, language=(get_language() or "es").split("-")[0]).hits[
            :SEARCH_HITS
        ],
    }


def _section_data(section: str, form: Any, call: Call) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if section == "who":
        if not data.get("party"):  # nothing picked this time: keep what was chosen before
            data.update(employer_id=call.employer_id, recruiter_id=call.recruiter_id)
        else:
            data.update(form.picks())  # "none" clears both
    return data


def _forms(call: Call, personal: Any, post: Any, section: str | None) -> dict[str, Any]:
    def bound(name: str) -> Any:
        return post if section == name else None

    who = WhoForm(bound("who"), initial={"party_name": personal.party_name})
    return {
        "consent": ConsentForm(
            bound("consent"),
            initial={
                "consent_contact": call.consent_contact,
                "caller_number": personal.caller_number,
                "may_leave_message": call.may_leave_message,
                "caller_name": personal.caller_name,
                "consent_count": call.consent_count,
                "consent_share": call.consent_share,
            },
        ),
        "what": WhatForm(
            bound("what"),
            categories=_categories(),
            initial={"categories": call.categories, "narrative": personal.narrative},
        ),
        "who": who,
        "where": WhereForm(
            bound("where"),
            initial={
                "caller_country": call.caller_country,
                "place": call.place,
                "whereabouts": call.whereabouts,
            },
        ),
        "language": LanguageForm(
            bound("language"), initial={"language": language_name(call.language) if call.language else ""}
        ),
        "urgency": UrgencyForm(bound("urgency"), initial={"urgent_reasons": call.urgent_reasons}),
        "end": EndForm(bound("end"), partners=_partners(call)),
    }


@staff_required(*ANY_ROLE)
@never_cache
@require_http_methods(["GET", "POST"])
def call(request: HttpRequest, pk: int) -> HttpResponse:
    """The call screen: the consent script, the sections in conversation order, the search and the outcome."""
    user: Any = request.user
    record = selectors.call_get(user=user, pk=pk)
    section = request.POST.get("section") if request.method == "POST" else None
    personal = selectors.call_personal_read(user=user, call=record)
    forms = _forms(record, personal, request.POST, section)
    status = 200
    if section in forms:
        form = forms[section]
        try:
            if not form.is_valid():
                raise ValidationError(_("Check the answers marked below."), code="invalid")
            if section == "end":
                data = form.cleaned_data
                partner = (
                    Organisation.objects.filter(slug=data["partner"]).first() if data["partner"] else None
                )
                ended = services.call_end(
                    actor=user,
                    call=record,
                    outcome=data["outcome"],
                    referred_to=data["referred_to"],
                    article=data["article"],
                    partner=partner,
                )
                messages.success(
                    request, _("The call is recorded (%(minutes)d min).") % {"minutes": ended.call.minutes}
                )
                if ended.call.article_sms == ArticleSms.QUEUED:
                    messages.info(request, _("The article is being sent to the caller by text message."))
                elif ended.call.article_sms:
                    messages.warning(request, ended.call.get_article_sms_display())
                if ended.receipt_code:
                    messages.info(
                        request,
                        _("Read the caller the code of their request, to follow it: %(code)s")
                        % {"code": ended.receipt_code},
                    )
                return redirect("hotline:call", pk=pk)
            services.call_section_save(
                actor=user, call=record, section=section, data=_section_data(section, form, record)
            )
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}#{section}")
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, problems in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            elif error.messages != [_("Check the answers marked below.")]:
                form.add_error(None, error)
            status = 400
    query_form = SearchForm(request.GET or None)
    query = query_form.cleaned_data["q"].strip() if query_form.is_valid() else ""
    context = {
        "call": record,
        "personal": personal,
        "forms": forms,
        **{f"{name}_form": form for name, form in forms.items()},
        "search_form": query_form,
        "query": query,
        "found": _search(query),
        "conflicts": cases_naming_parties(
            organisation=record.organisation, employer_id=record.employer_id, recruiter_id=record.recruiter_id
        )[:20],
        "category_labels": staff_category_labels(),
    }
    return render(request, "hotline/staff/call.html", context, status=status)


@staff_required(*ANY_ROLE)
@never_cache
@require_GET
def callbacks(request: HttpRequest, pk: int) -> HttpResponse:
    """The callbacks owed on one line, the longest waiting first, by language."""
    user: Any = request.user
    hotline = selectors.hotline_get(user=user, pk=pk)
    language = request.GET.get("language", "")[:60]
    context = {
        "hotline": hotline,
        "rows": selectors.callback_queue(hotline=hotline, language=language),
        "languages": selectors.callback_languages(hotline=hotline),
        "language": language,
    }
    return render(request, "hotline/staff/callbacks.html", context)


@staff_required(*ANY_ROLE)
@never_cache
@require_http_methods(["GET", "POST"])
def callback(request: HttpRequest, pk: int) -> HttpResponse:
    """One callback: take it, see the number, record what happened."""
    user: Any = request.user
    found = selectors.callback_get(user=user, pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    form = CallbackRecordForm(request.POST if action == "record" else None)
    try:
        if action == "take":
            services.callback_take(actor=user, callback=found)
            return redirect("hotline:callback", pk=pk)
        if action == "record" and form.is_valid():
            outcome = services.callback_record(
                actor=user,
                callback=found,
                result=form.cleaned_data["result"],
                token=request.POST.get("token", ""),
            )
            if outcome.call is not None:
                return redirect("hotline:call", pk=outcome.call.pk)
            messages.success(request, _("The callback is recorded."))
            return redirect("hotline:callbacks", pk=found.hotline_id)
    except ValidationError as error:
        form.add_error(None, error)
    found.refresh_from_db()
    context = {
        "callback": found,
        "number": selectors.callback_number_read(user=user, callback=found)
        if found.status == CallbackStatus.TAKEN
        else "",
        "form": form,
        "token": secrets.token_urlsafe(16),
        "language": language_name(found.language),
        "overdue": found.is_overdue(),
    }
    return render(request, "hotline/staff/callback.html", context, status=400 if action else 200)


def _report(request: HttpRequest, pk: int) -> tuple[reports.Report, ReportPeriodForm]:
    user: Any = request.user
    hotline = selectors.hotline_supervised_get(user=user, pk=pk)
    form = ReportPeriodForm(request.GET or None)
    start, end = reports.default_period()
    external = False
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
        external = form.cleaned_data["audience"] == "external"
    return reports.hotline_report(hotline=hotline, start=start, end=end, external=external), form


@staff_required(Role.SUPERVISOR, Role.ORG_ADMIN)
@never_cache
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The hotline report: the chart with its table beside it, every table, and the exports."""
    found, form = _report(request, pk)
    context = {
        "report": found,
        "form": form,
        "chart": reports.chart_svg(found),
        "query": request.GET.urlencode(),
    }
    return render(request, "hotline/staff/report.html", context)


EXPORTS = {
    "csv": ("text/csv; charset=utf-8", reports.report_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", reports.report_xlsx),
}


@staff_required(Role.SUPERVISOR, Role.ORG_ADMIN)
@never_cache
@require_GET
def report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The report as CSV, XLSX or PDF; each export is audited."""
    if fmt not in (*EXPORTS, "pdf"):
        raise Http404
    found, _form = _report(request, pk)
    if fmt == "pdf":
        html = render_to_string(
            "hotline/staff/report_pdf.html",
            {"report": found, "chart": reports.chart_svg(found)},
            request=request,
        )
        content, content_type = reports.report_pdf(html), "application/pdf"
    else:
        content_type, render_export = EXPORTS[fmt]
        content = render_export(found)
    audit_record(
        actor=request.user,  # type: ignore[arg-type]
        action="hotline.report_exported",
        organisation=found.hotline.organisation,
        target=found.hotline,
        detail={"format": fmt, "external": found.external},
    )
    response = HttpResponse(content, content_type=content_type)
    audience = "external" if found.external else "internal"
    response["Content-Disposition"] = (
        f'attachment; filename="{found.hotline.slug}-{found.start}-{found.end}-{audience}.{fmt}"'
    )
    return response
