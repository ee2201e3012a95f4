"""The case page's "Consents" section: recording a consent, its withdrawal, and reading an override.

Each form posts to its own page here (no JavaScript); with an error, that page shows the form
again. Consents and overrides are listed without personal data; an override's reason is sealed
and opened only on its own page, through ``case_override_reason_read``, which audits the read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jornada.cases import selectors
from jornada.cases.consent import case_consent_record, case_consent_withdraw, case_consents
from jornada.cases.keys import data_key_unwrap, field_unseal
from jornada.cases.models import Case, CaseConsent, ConsentMethod, ConsentOverride, ConsentPurpose
from jornada.core.access import staff_required
from jornada.core.audit import audit_record, register_actions
from jornada.core.models import User

case_workers = staff_required(*selectors.CASE_ROLES)

register_actions({"case.override_reason_read": _("Read the reason for sharing a case without consent")})

# Staff record what they heard or were given; "online" is only the worker's own form.
STAFF_METHODS = [(value, label) for value, label in ConsentMethod.choices if value != ConsentMethod.ONLINE]


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Consent to"), choices=ConsentPurpose.choices)
    method = forms.ChoiceField(label=_("How the worker gave it"), choices=STAFF_METHODS)


class WithdrawForm(forms.Form):
    """A confirmation with no field: the button is the answer."""


@dataclass(frozen=True)
class OverrideRow:
    """An override as the case page lists it: who, when, for what; never the reason."""

    id: int
    purpose_label: str
    share: str
    supervisor_name: str
    at: datetime


def case_overrides(*, case: Case) -> list[OverrideRow]:
    """Return the consent overrides of ``case``, oldest first, without opening their reasons."""
    rows = ConsentOverride.objects.filter(case=case).select_related("supervisor")
    return [
        OverrideRow(
            id=row.pk,
            purpose_label=str(row.get_purpose_display()),
            share=row.share,
            supervisor_name=row.supervisor.name,
            at=row.at,
        )
        for row in rows
    ]


@transaction.atomic
def case_override_reason_read(*, user: User, case_id: int, override_id: int) -> tuple[ConsentOverride, str]:
    """Return override ``override_id`` of case ``case_id`` and its reason in clear (404 if not ``user``'s); audited."""
    case = selectors.case_get(user=user, case_id=case_id)
    try:
        override = ConsentOverride.objects.select_related("supervisor").get(case=case, pk=override_id)
    except ConsentOverride.DoesNotExist:
        raise Http404 from None
    override.case = case
    audit_record(
        actor=user,
        action="case.override_reason_read",
        organisation=case.organisation,
        target=case,
        detail={"override": str(override.pk)},
    )
    if case.is_anonymised() or override.reason_sealed is None:
        return override, ""
    return override, field_unseal(data_key_unwrap(case), override, "reason")


def consent_context(*, case: Case) -> dict[str, Any]:
    """Return what the case page's "Consents" section shows (nothing personal: not audited)."""
    consents = case_consents(case=case)
    in_effect = {consent.purpose: consent for consent in consents if consent.withdrawn_at is None}
    return {
        "consent_purposes": [(value, label, in_effect.get(value)) for value, label in ConsentPurpose.choices],
        "consent_history": [consent for consent in consents if consent.withdrawn_at is not None],
        "consent_overrides": case_overrides(case=case),
        "consent_form": ConsentForm(),
    }


def _form_page(
    request: HttpRequest, case: Case, form: forms.Form, heading: Any, notice: Any = ""
) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    context = {"case": case, "form": form, "heading": heading, "notice": notice}
    return render(request, "cases/staff/work_form.html", context, status=status)


def _back(case: Case) -> HttpResponse:
    return redirect(reverse("cases:detail", kwargs={"pk": case.pk}) + "#consents")


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@case_workers
@never_cache
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    case = selectors.case_get(user=user, case_id=pk)
    form = ConsentForm(request.POST or None, initial={"purpose": request.GET.get("purpose", "")})
    if request.method == "POST" and form.is_valid():
        try:
            case_consent_record(actor=user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The consent was recorded."))
            return _back(case)
    return _form_page(request, case, form, _("Record a consent"))


@case_workers
@never_cache
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    user: Any = request.user
    case = selectors.case_get(user=user, case_id=pk)
    try:
        consent = CaseConsent.objects.get(case=case, pk=consent_pk)
    except CaseConsent.DoesNotExist:
        raise Http404 from None
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            case_consent_withdraw(actor=user, consent=consent)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The withdrawal was recorded."))
            return _back(case)
    notice = _(
        "The worker withdraws their consent to “%(purpose)s”: every later share for it is refused."
    ) % {"purpose": consent.get_purpose_display()}
    return _form_page(request, case, form, _("Record the withdrawal"), notice)


@case_workers
@never_cache
@require_GET
def override_reason(request: HttpRequest, pk: int, override_pk: int) -> HttpResponse:
    user: Any = request.user
    override, reason = case_override_reason_read(user=user, case_id=pk, override_id=override_pk)
    response = render(
        request,
        "cases/staff/override_reason.html",
        {"case": override.case, "override": override, "reason": reason},
    )
    response["Cache-Control"] = "private, no-store"
    return response
