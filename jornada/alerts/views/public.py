"""Worker-facing pages: the look-up, the scam report form, its receipt, warnings and follows.

Nothing about the visitor is kept: no session, no address. A report is stored only when the
whole form is valid, with its screenshots, in one transaction.
"""

from __future__ import annotations

import secrets
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from jornada.alerts import selectors, services
from jornada.alerts.forms import ConfirmForm, FollowForm, LookupForm, ReportForm
from jornada.alerts.images import MAX_UPLOAD_BYTES
from jornada.alerts.models import MAX_SCREENSHOTS
from jornada.contributions.forms import WRONG_CODE, ReceiptCodeForm
from jornada.contributions.limits import (
    MAX_BODY_BYTES,
    already_sent,
    limit_body,
    limit_body_to,
    receipt_rule,
    sent_mark,
    submission_rule,
)
from jornada.contributions.models import Status
from jornada.contributions.views import receipt_page, withdraw_page
from jornada.core.access import public_page, system_endpoint
from jornada.core.ratelimit import RateLimit, limited_by, too_many_requests
from jornada.core.site import site_base_url

REPORT_BODY_LIMIT = MAX_BODY_BYTES + MAX_SCREENSHOTS * MAX_UPLOAD_BYTES


def follow_rule() -> RateLimit:
    """New follows per client per hour: each sends a message to someone."""
    return RateLimit("alerts-follow", 10, 3600)


def lookup_rule() -> RateLimit:
    """Look-ups per client per hour (``JORNADA_LOOKUPS_PER_HOUR``): generous, to stop scraping."""
    return RateLimit("alerts-lookup", settings.JORNADA_LOOKUPS_PER_HOUR, 3600)


@public_page
@require_GET
@limited_by(lookup_rule, methods=("GET",))
def lookup(request: HttpRequest) -> HttpResponse:
    """Check before you pay: one box for a phone number, a name or a web address."""
    form = LookupForm(request.GET if "q" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        result = selectors.lookup(form.cleaned_data["q"], year=form.cleaned_data.get("year"))
    return render(
        request, "alerts/lookup.html", {"form": form, "result": result, "red_flags": selectors.RED_FLAGS}
    )


def _wrong_code(request: HttpRequest, receipt: str) -> HttpResponse:
    form = ReceiptCodeForm({"receipt": receipt})
    form.is_valid()
    form.errors.pop("receipt", None)
    form.add_error("receipt", ValidationError(WRONG_CODE, code="wrong_code"))
    return render(request, "alerts/receipt_form.html", {"form": form})


@public_page
@never_cache
@limit_body_to(REPORT_BODY_LIMIT)
@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest) -> HttpResponse:
    """Report a scam on one page; change a report with its receipt code."""
    if request.method == "GET":
        return render(
            request, "alerts/report_form.html", {"form": ReportForm(), "nonce": secrets.token_urlsafe(16)}
        )
    receipt = str(request.POST.get("receipt") or "")[:40]
    nonce = str(request.POST.get("nonce") or "")[:64]
    context = {"receipt": receipt, "nonce": nonce}
    if request.POST.get("go") == "edit":
        if not receipt_rule().hit_request(request):
            return too_many_requests(request)
        report = services.report_by_receipt(receipt)
        if report is None or report.status == Status.WITHDRAWN:
            return _wrong_code(request, receipt)
        form = ReportForm(initial=selectors.as_data(report))
        return render(request, "alerts/report_form.html", {"form": form, "report": report, **context})
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "alerts/report_form.html", {"form": form, **context}, status=422)
    if already_sent(scope="alerts", nonce=nonce):
        return render(request, "alerts/already_sent.html")
    if not submission_rule().hit_request(request):
        return too_many_requests(request)
    screenshots = form.cleaned_data["screenshots"]
    if receipt:
        try:
            updated = services.report_update(
                receipt_code=receipt, answers=form.answers(), screenshots=screenshots
            )
        except ValidationError:
            updated = None
        if updated is None:
            return _wrong_code(request, receipt)
        return render(request, "alerts/updated.html", {"report": updated})
    submitted = services.report_submit(answers=form.answers(), screenshots=screenshots)
    sent_mark(scope="alerts", nonce=nonce)
    return render(
        request, "alerts/receipt.html", {"code": submitted.receipt_code, "report": submitted.report}
    )


@public_page
@never_cache
@limit_body
@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest) -> HttpResponse:
    """Type the receipt code to see, change or withdraw your report."""
    return receipt_page(request, app="alerts", name="report", find=services.report_by_receipt)


@public_page
@never_cache
@limit_body
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest) -> HttpResponse:
    """Withdraw a report for good with its receipt code (asks once more before doing it)."""
    return withdraw_page(
        request,
        app="alerts",
        name="report",
        find=services.report_by_receipt,
        withdraw=lambda code: services.report_withdraw(receipt_code=code),
    )


@public_page
@require_GET
def warnings(request: HttpRequest) -> HttpResponse:
    """Published scam warnings, newest first."""
    page = Paginator(
        selectors.published_warnings().prefetch_related("identifiers"), selectors.PUBLIC_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "alerts/warnings.html", {"page": page})


@public_page
@require_GET
def warning(request: HttpRequest, pk: UUID) -> HttpResponse:
    report = selectors.warning_or_none(pk)
    if report is None:
        raise Http404
    return render(
        request,
        "alerts/warning.html",
        {
            "report": report,
            "identifiers": selectors.public_identifiers(report),
            "red_flags": selectors.RED_FLAGS,
        },
    )


@public_page
@never_cache
@limit_body
@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, kind: str, target: str) -> HttpResponse:
    """Follow an employer, a recruiter or a phone number by e-mail or text message."""
    followed = selectors.follow_target(f"{kind}:{target}"[:160])
    if followed is None or followed.is_ambiguous():
        raise Http404  # the look-up links one number per reading, always in international form
    form = FollowForm(request.POST or None)
    if request.method == "GET" or not form.is_valid():
        status = 422 if form.is_bound else 200
        return render(request, "alerts/follow.html", {"form": form, "target": followed}, status=status)
    if not follow_rule().hit_request(request):
        return too_many_requests(request)
    try:
        services.follow_subscribe(
            kind=followed.kind,
            target=followed.target,
            target_label=followed.label,
            channel=form.cleaned_data["channel"],
            contact=form.cleaned_data["contact"],
            language=get_language() or "es",
            base_url=site_base_url(),
        )
    except ValidationError as error:
        form.add_error("contact", error)
        return render(request, "alerts/follow.html", {"form": form, "target": followed}, status=429)
    return render(
        request,
        "alerts/follow_sent.html",
        {"target": followed, "channel": form.cleaned_data["channel"], "contact": form.shown_contact()},
    )


@public_page
@never_cache
@limit_body
@require_http_methods(["GET", "POST"])
def follow_confirm(request: HttpRequest) -> HttpResponse:
    """Confirm a follow with the code sent to you (the link fills it in)."""
    form = ConfirmForm(request.POST or None, initial={"code": str(request.GET.get("code") or "")[:40]})
    if request.method == "POST":
        if not receipt_rule().hit_request(request):
            return too_many_requests(request)
        if form.is_valid():
            confirmed = services.follow_confirm(code=form.cleaned_data["code"])
            if confirmed is not None:
                return render(request, "alerts/follow_confirmed.html", {"follow": confirmed})
            form.add_error("code", ValidationError(WRONG_CODE, code="wrong_code"))
    return render(request, "alerts/follow_confirm.html", {"form": form})


@public_page
@never_cache
@csrf_exempt  # the signed token is the authorisation; mail clients' one-click POST carries no CSRF token
@limit_body
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop following: the follow and its encrypted contact are deleted."""
    if request.method == "POST":
        services.follow_unsubscribe(token=token)
        return render(request, "alerts/unsubscribed.html")
    follow = services.follow_for_token(token)
    return render(request, "alerts/unsubscribe.html", {"follow": follow})


@system_endpoint  # a redirect, not a page
@require_GET
def news(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a notification's link leads: the event's page (a text message names nothing on a lock screen)."""
    event = selectors.event_or_none(pk)
    if event is None:
        raise Http404
    return redirect(f"/{get_language() or 'es'}/{event.path}")
