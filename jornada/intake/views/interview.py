"""The worker's side of a request for help: the interview at /ayuda/, and how to leave no trace.

Every step is one POST to the same address, so no answer and no step ever appears in a URL or
in the browser's history; the draft's resume code travels in a hidden field, never in a cookie.
A step that validates is kept at once (``draft_save``) before the next one is shown, so a later
error never loses it. Nothing about the visitor is stored: rate limits count an address only
through the daily-keyed hash of ``jornada.core.ratelimit``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from jornada.cases.models import ContactChannel
from jornada.contributions.limits import limit_body, receipt_rule, submission_rule
from jornada.core.ratelimit import RateLimit, too_many_requests
from jornada.directory.views import search_rule
from jornada.intake import forms, interview
from jornada.intake.decorators import intake_page
from jornada.intake.drafts import DraftState, code_shown, draft_open, draft_save, draft_start, draft_submit
from jornada.intake.emergency import EMERGENCY_NUMBERS
from jornada.intake.selectors import organisation_cards, party_choices, party_name

DRAFTS_PER_HOUR = 30
EXPIRED = _(
    "We found no saved answers with this code. They are kept for 7 days, and deleted once the request is sent. Check the code, or start again."
)


def draft_rule() -> RateLimit:
    """New interviews started per client per hour: each keeps a draft row for a week."""
    return RateLimit("intake-draft", DRAFTS_PER_HOUR, 3600)


def _language() -> str:
    return (get_language() or "es").split("-")[0]


def _start(
    request: HttpRequest, *, form: forms.StepForm | None = None, resume_error: Any = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "intake/start.html",
        {
            "form": form or forms.UrgentForm(),
            "resume_error": resume_error,
            "emergency_numbers": EMERGENCY_NUMBERS,
        },
        status=status,
    )


def _form(step: str, state: DraftState, data: Any = None) -> forms.StepForm:
    kwargs: dict[str, Any] = {}
    if step == "contact_details":
        kwargs["channel"] = state.answers.get("contact_channel") or ContactChannel.WHATSAPP
    if step == "organisations":
        kwargs["slugs"] = [organisation.slug for organisation in interview.organisations_for(state.answers)]
    return interview.FORMS[step](data, initial=interview.initial_for(step, state.answers), **kwargs)


def _step(
    request: HttpRequest,
    *,
    code: str,
    state: DraftState,
    step: str,
    form: forms.StepForm | None = None,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    steps = interview.steps_for(state.answers)
    context: dict[str, Any] = {
        "code": code,
        "step": step,
        "title": interview.TITLES[step],
        "number": steps.index(step) + 1 if step in steps else len(steps) + 1,
        "total": len(steps) + 1,
        "back": interview.previous_step(state, step),
        "urgent": interview.is_urgent(state.answers),
        "emergency_numbers": EMERGENCY_NUMBERS,
        **(extra or {}),
    }
    if step == interview.REVIEW:
        context["rows"] = interview.review_rows(state.answers, language=_language())
        context["organisations"] = _chosen(state)
        return render(request, "intake/review.html", context, status=status)
    context["form"] = form or _form(step, state)
    if step == "organisations":
        context["organisations"] = organisation_cards(
            interview.organisations_for(state.answers), language=_language()
        )
    if step == "who_name":
        context["picked_name"] = party_name(str(state.answers.get("pick") or ""))
    return render(request, "intake/step.html", context, status=status)


def _chosen(state: DraftState) -> list[Any]:
    cards = organisation_cards(interview.organisations_for(state.answers), language=_language())
    if state.answers.get("any_organisation"):
        return cards
    chosen = set(state.answers.get("organisations") or [])
    return [card for card in cards if card.slug in chosen]


def _resume(request: HttpRequest) -> HttpResponse:
    if not receipt_rule().hit_request(request):
        return too_many_requests(request)
    code = code_shown(str(request.POST.get("resume") or "")[:40])
    state = draft_open(code=code)
    if state is None:
        return _start(request, resume_error=EXPIRED, status=422)
    return _step(request, code=code, state=state, step=interview.next_step(state))


def _begin(request: HttpRequest) -> HttpResponse:
    form = forms.UrgentForm(request.POST)
    if not form.is_valid():
        return _start(request, form=form, status=422)
    if not draft_rule().hit_request(request):
        return too_many_requests(request)
    state = DraftState()
    interview.step_confirm(state, "urgent", form.kept())
    code = draft_start(state=state)
    return _step(request, code=code, state=state, step=interview.next_step(state, after="urgent"))


def _send(request: HttpRequest, code: str, state: DraftState) -> HttpResponse:
    if not submission_rule().hit_request(request):
        return too_many_requests(request)
    try:
        receipt = draft_submit(code=code, answers=interview.answers_build(state.answers))
    except ValidationError as error:
        fields = getattr(error, "error_dict", {})
        step = next(
            (interview.STEP_OF_FIELD[name] for name in fields if name in interview.STEP_OF_FIELD), "what"
        )
        form = _form(step, state)
        messages = [message for name in fields for message in ValidationError(fields[name]).messages]
        return _step(
            request, code=code, state=state, step=step, form=form, status=422, extra={"send_errors": messages}
        )
    if receipt is None:
        return _start(request, resume_error=EXPIRED, status=422)
    return render(
        request,
        "intake/receipt.html",
        {"code": receipt.code, "urgent": receipt.intake.urgent, "emergency_numbers": EMERGENCY_NUMBERS},
    )


@intake_page
@limit_body
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Ask for help: the whole interview, one step per page, at this one address."""
    if request.method == "GET":
        return _start(request)
    go = str(request.POST.get("go") or "next")
    if go == "resume":
        return _resume(request)
    code = str(request.POST.get("draft") or "")[:40]
    step = str(request.POST.get("step") or "")
    if not code:
        return _begin(request)
    state = draft_open(code=code)
    if state is None:
        # A code in the hidden field is tried like one typed in the resume box.
        if not receipt_rule().hit_request(request):
            return too_many_requests(request)
        return _start(request, resume_error=EXPIRED, status=422)
    if go == "back":
        return _step(request, code=code, state=state, step=interview.previous_step(state, step) or "urgent")
    target = str(request.POST.get("target") or "")
    if (
        target
        and go not in ("send", "back")
        and target in interview.STEPS
        and interview.step_applies(target, state.answers)
    ):
        return _step(request, code=code, state=state, step=target)
    if step == interview.REVIEW:
        if go == "send":
            return _send(request, code, state)
        return _step(request, code=code, state=state, step=interview.REVIEW)
    if step not in interview.FORMS or not interview.step_applies(step, state.answers):
        return _step(request, code=code, state=state, step=interview.next_step(state))
    form = _form(step, state, request.POST)
    if step == "who_name" and go == "search":
        query = str(request.POST.get("q") or "")[:200]
        if not search_rule().hit_request(request):
            return too_many_requests(request)
        unbound = forms.WhoNameForm(initial={"q": query})
        return _step(
            request,
            code=code,
            state=state,
            step=step,
            form=unbound,
            extra={"hits": party_choices(query), "searched": query},
        )
    if not form.is_valid():
        return _step(request, code=code, state=state, step=step, form=form, status=422)
    interview.step_confirm(state, step, form.kept())
    if not draft_save(code=code, state=state):
        return _start(request, resume_error=EXPIRED, status=422)
    return _step(request, code=code, state=state, step=interview.next_step(state, after=step))


@intake_page
@require_GET
def traces(request: HttpRequest) -> HttpResponse:
    """How to clear the traces of asking for help on a shared phone, in plain words."""
    return render(request, "intake/traces.html")
