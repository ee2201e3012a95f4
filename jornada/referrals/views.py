"""Staff pages of referrals: sending one from a case, the inbox, each side's page, the letter, partners.

The sender's pages never show what was shared from the referral (the sender has it on its
case); the receiver's page opens only the shared fields, through the audited selector. Every
change is a plain POST form (no JavaScript), one service per form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jornada.cases import selectors as case_selectors
from jornada.core.access import staff_required
from jornada.referrals import selectors, services
from jornada.referrals.forms import (
    AcceptForm,
    ConfirmForm,
    DeclineForm,
    DoneForm,
    LetterForm,
    ProgressForm,
    ReferralForm,
)
from jornada.referrals.letter import letter_pdf
from jornada.referrals.models import Referral, ReferralKind, ReferralState

case_workers = staff_required(*case_selectors.CASE_ROLES)


def _language() -> str:
    return (get_language() or "es").split("-")[0]


def _user(request: HttpRequest) -> Any:
    return request.user


def add_service_error(
    form: forms.Form, error: ValidationError, renamed: dict[str, str] | None = None
) -> None:
    """Put a service's error on the form field it names, or above the form when no field matches."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        name = (renamed or {}).get(name, name)
        form.add_error(name if name in form.fields else None, errors)


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


# --- The sender --------------------------------------------------------------------------------


@case_workers
@never_cache
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Refer a case to an organisation that uses Jornada."""
    user = _user(request)
    case = case_selectors.case_get(user=user, case_id=pk)
    form = ReferralForm(request.POST or None, sender=case.organisation, language=_language(), case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_send(
                actor=user,
                case=case,
                receiver=data["receiver"],
                topic=data["topic"],
                fields=data["fields_shared"],
                note_ids=data["notes"],
                override_reason=data["override_reason"],
            )
        except ValidationError as error:
            add_service_error(form, error, {"fields": "fields_shared"})
        else:
            messages.success(request, _("The referral was sent."))
            return redirect("referrals:sent", pk=referral.pk)
    status = 400 if form.is_bound else 200
    context = {"case": case, "form": form, "heading": _("Refer the case"), "letter": False}
    return render(request, "referrals/referral_new.html", context, status=status)


@case_workers
@never_cache
@require_http_methods(["GET", "POST"])
def letter_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Refer a case by letter to a partner that does not use Jornada."""
    user = _user(request)
    case = case_selectors.case_get(user=user, case_id=pk)
    form = LetterForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_letter_record(
                actor=user,
                case=case,
                partner_name=data["partner_name"],
                partner_contact=data["partner_contact"],
                fields=data["fields_shared"],
                note_ids=data["notes"],
                override_reason=data["override_reason"],
            )
        except ValidationError as error:
            add_service_error(form, error, {"fields": "fields_shared"})
        else:
            messages.success(request, _("The referral was recorded: print its letter below."))
            return redirect("referrals:sent", pk=referral.pk)
    status = 400 if form.is_bound else 200
    context = {"case": case, "form": form, "heading": _("Refer by letter"), "letter": True}
    return render(request, "referrals/referral_new.html", context, status=status)


@case_workers
@never_cache
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    """The inbox of referrals received, and the referrals sent."""
    user = _user(request)
    context = {
        "received": list(selectors.referrals_received(user=user)[:200]),
        "sent": list(selectors.referrals_sent(user=user)[:200]),
    }
    return render(request, "referrals/referral_list.html", context)


@case_workers
@never_cache
@require_GET
def referral_sent(request: HttpRequest, pk: int) -> HttpResponse:
    """The sender's page of one referral: where it stands, the receiver's answers, revoke, the letter."""
    user = _user(request)
    referral = selectors.referral_sent_get(user=user, referral_id=pk)
    answers = selectors.referral_answers_read(user=user, referral=referral, side="sender")
    context = {
        "referral": referral,
        "answers": answers,
        "fields": _field_labels(referral),
        "can_revoke": referral.kind == ReferralKind.JORNADA
        and referral.state not in (ReferralState.REVOKED, ReferralState.DECLINED),
    }
    return _no_store(render(request, "referrals/referral_sent.html", context))


def _field_labels(referral: Referral) -> list[str]:
    from jornada.referrals.models import SharedField

    return [str(SharedField(name).label) for name in referral.fields if name in SharedField.values]


@case_workers
@never_cache
@require_http_methods(["GET", "POST"])
def referral_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke a referral (confirmation page, then POST)."""
    user = _user(request)
    referral = selectors.referral_sent_get(user=user, referral_id=pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_revoke(actor=user, referral=referral)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The referral was revoked: the partner no longer sees it."))
            return redirect("referrals:sent", pk=referral.pk)
    status = 400 if form.is_bound else 200
    context = {"referral": referral, "form": form}
    return render(request, "referrals/referral_revoke.html", context, status=status)


@case_workers
@never_cache
@require_GET
def referral_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The referral letter as a PDF, with only the chosen fields, read from the case now (audited)."""
    referral, shared = selectors.referral_letter_read(
        user=_user(request), referral_id=pk, language=_language()
    )
    html = render_to_string("referrals/letter.html", {"referral": referral, "shared": shared}, request=None)
    response = HttpResponse(letter_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="referral-{referral.case.number}.pdf"'
    return _no_store(response)


@case_workers
@never_cache
@require_GET
def partner_times(request: HttpRequest) -> HttpResponse:
    """How fast each partner answered this organisation's referrals."""
    return render(
        request,
        "referrals/partner_times.html",
        {"partners": selectors.partner_response_times(user=_user(request))},
    )


# --- The receiver ------------------------------------------------------------------------------


def _receiver_forms(data: Any, action: str) -> dict[str, forms.Form]:
    makers: dict[str, Callable[[Any], forms.Form]] = {
        "accept": lambda d: AcceptForm(d),
        "decline": lambda d: DeclineForm(d),
        "progress": lambda d: ProgressForm(d),
        "done": lambda d: DoneForm(d),
    }
    return {name: make(data if name == action else None) for name, make in makers.items()}


def _receiver_run(action: str, form: forms.Form, user: Any, referral: Referral) -> str:
    data = form.cleaned_data
    if action == "accept":
        services.referral_accept(actor=user, referral=referral, open_case=data["open_case"])
        return _("The referral was accepted.")
    if action == "decline":
        services.referral_decline(actor=user, referral=referral, reason=data["reason"])
        return _("The referral was declined; the sender sees your reason.")
    if action == "progress":
        services.referral_progress(actor=user, referral=referral, feedback=data["feedback"])
        return _("Your feedback was saved.")
    services.referral_complete(
        actor=user, referral=referral, outcome=data["outcome"], feedback=data["feedback"]
    )
    return _("The referral was marked done.")


@case_workers
@never_cache
@require_http_methods(["GET", "POST"])
def referral_received(request: HttpRequest, pk: int) -> HttpResponse:
    """The receiver's page: the shared fields only, and accept, decline, feedback and outcome."""
    user = _user(request)
    referral = selectors.referral_received_get(user=user, referral_id=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    all_forms = _receiver_forms(request.POST, action)
    status = 200
    if request.method == "POST":
        form = all_forms.get(action)
        status = 400
        if form is None:
            messages.error(request, _("This form is not known; reload the page and try again."))
        elif form.is_valid():
            try:
                done = _receiver_run(action, form, user, referral)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, done)
                return redirect("referrals:received", pk=referral.pk)
    referral, shared = selectors.referral_shared_read(user=user, referral_id=pk, language=_language())
    answers = (
        selectors.referral_answers_read(user=user, referral=referral, side="receiver") if shared else None
    )
    context = {
        "referral": referral,
        "shared": shared,
        "answers": answers,
        "forms": all_forms,
        "states": ReferralState,
    }
    return _no_store(render(request, "referrals/referral_received.html", context, status=status))
