"""The status page (``/ayuda/estado/``): the receipt code opens it; never in a URL, never stored.

The code travels only in POST bodies: typed once, then carried by a hidden field in each form
of the page (add information, withdraw, confirm). Nothing is put in the session or a cookie, so
nothing about the request outlives the tab, and every answer is ``no-store`` (``intake_page``)
so no copy of a page holding the code stays in the browser's cache. A session value would have
meant a cookie and a server-side row linking this browser to the request until it expired.

Every action looks the code up again. A code that matches nothing counts against the client's
wrong-code limit (``status.code_rule``); past it, every code, right or wrong, gets the same 429.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jornada.contributions.forms import WRONG_CODE, ReceiptCodeForm
from jornada.contributions.limits import already_sent, limit_body, sent_mark, submission_rule
from jornada.core.ratelimit import too_many_requests
from jornada.intake.decorators import intake_page
from jornada.intake.forms import AdditionForm
from jornada.intake.models import Intake
from jornada.intake.services import intake_by_code, intake_information_add, intake_withdraw
from jornada.intake.status import code_rule, worker_status


def _code_form(request: HttpRequest, form: ReceiptCodeForm, *, status: int = 200) -> HttpResponse:
    return render(request, "intake/status_code.html", {"form": form}, status=status)


def _status_page(
    request: HttpRequest,
    intake: Intake,
    code: str,
    *,
    addition: AdditionForm | None = None,
    added: bool = False,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "status": worker_status(intake),
        "code": code,
        "addition_form": addition or AdditionForm(),
        "added": added,
        "nonce": secrets.token_urlsafe(16),
    }
    return render(request, "intake/status.html", context, status=status)


def _add(request: HttpRequest, intake: Intake, code: str) -> HttpResponse:
    form = AdditionForm(request.POST)
    nonce = str(request.POST.get("nonce") or "")[:64]
    if form.is_valid():
        if already_sent(scope="intake-add", nonce=nonce):
            return _status_page(request, intake, code, added=True)
        if not submission_rule().hit_request(request):
            return too_many_requests(request)
        try:
            intake = intake_information_add(code=code, text=form.cleaned_data["addition"])
        except ValidationError as error:
            for name, messages in error.error_dict.items():
                form.add_error("addition" if name not in form.fields else name, messages)
        else:
            sent_mark(scope="intake-add", nonce=nonce)
            return _status_page(request, intake, code, added=True)
    return _status_page(request, intake, code, addition=form, status=422)


@intake_page
@limit_body
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """Type the receipt code to see where a request stands; add information to it or withdraw it."""
    if request.method == "GET":
        return _code_form(request, ReceiptCodeForm())
    rule = code_rule()
    if rule.request_exceeded(request):
        return too_many_requests(request)
    form = ReceiptCodeForm(request.POST)
    intake = intake_by_code(form.cleaned_data["receipt"]) if form.is_valid() else None
    if intake is None:
        if not rule.hit_request(request):
            return too_many_requests(request)
        if "receipt" not in form.errors:
            form.add_error("receipt", ValidationError(WRONG_CODE, code="wrong_code"))
        return _code_form(request, form)
    code = form.cleaned_data["receipt"]
    action = request.POST.get("action", "show")
    if action == "add":
        return _add(request, intake, code)
    if action == "withdraw" and worker_status(intake).can_withdraw:
        return render(request, "intake/withdraw_confirm.html", {"code": code})
    if action == "withdraw_confirm":
        intake_withdraw(code=code)
        return render(request, "intake/withdrawn.html")
    return _status_page(request, intake, code)
