"""Staff pages for cases: the filtered list, the case's working page, and the organisation's settings.

Opening a case reads its personal fields and notes through the audited selectors; the list
shows numbers, stages, assignees and categories only, so it decrypts nothing. The case page
takes every change as a plain POST form (no JavaScript), one service per form, and is never
cached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jornada.cases import selectors, services, workflow
from jornada.cases.case_tasks import overdue_annotate
from jornada.cases.consent_pages import consent_context
from jornada.cases.forms import (
    ActionForm,
    ApproveForm,
    AssignForm,
    CaseFilterForm,
    CaseSettingsForm,
    CategoriesForm,
    ClosingForm,
    EvaluationForm,
    NoteForm,
    PartyForm,
    ReopenForm,
    UrgencyForm,
)
from jornada.cases.models import Case, CaseCategory, CaseStage, StepKind
from jornada.cases.work_views import case_work_context
from jornada.core.access import get_organisation_or_404, staff_required
from jornada.core.models import Role
from jornada.protocols.selectors import protocol_progress_annotate

PAGE_SIZE = 50
NOTES_SHOWN = 50  # newest notes on a case's page unless all are asked for


def _language() -> str:
    return (get_language() or "es").split("-")[0]


@staff_required(*selectors.CASE_ROLES)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = CaseFilterForm(
        request.GET or None, advocates=selectors.advocates_for_user(user), language=_language()
    )
    page = selectors.case_list_page(
        user=user,
        cases=selectors.cases_filter(selectors.cases_for_user(user=user), **form.filters()),
        number=request.GET.get("page"),
        per_page=PAGE_SIZE,
        decorate=lambda rows: protocol_progress_annotate(overdue_annotate(rows)).prefetch_related(
            Prefetch("categories", queryset=CaseCategory.objects.select_related("category"))
        ),
    )
    return render(
        request, "cases/staff/case_list.html", {"page": page, "form": form, "language": _language()}
    )


# --- The case's working page ----------------------------------------------------------------------


def _forms(
    case: Case, categories: list[tuple[str, str]], data: Any = None, action: str = ""
) -> dict[str, ActionForm]:
    """Return every form of the case page; the one named ``action`` bound to ``data``."""
    filed = [code for code, _label in categories]
    makers: dict[str, Callable[[Any], ActionForm]] = {
        "assign": lambda d: AssignForm(d, advocates=selectors.assignable_advocates(case.organisation)),
        "party": lambda d: PartyForm(d),
        "categories": lambda d: CategoriesForm(
            d, language=_language(), filed=filed, initial={"categories": filed}
        ),
        "urgency": lambda d: UrgencyForm(d, initial={"urgent": case.urgent}),
        "note": lambda d: NoteForm(d),
        "evaluation": lambda d: EvaluationForm(d),
        "closing": lambda d: ClosingForm(d),
        "approve": lambda d: ApproveForm(d),
        "reopen": lambda d: ReopenForm(d),
    }
    return {name: make(data if name == action else None) for name, make in makers.items()}


def _run(action: str, form: Any, user: Any, case: Case) -> str:
    """Call the service behind ``action`` with the form's clean data; return the success message."""
    data = form.cleaned_data
    if action == "assign":
        workflow.case_assign(actor=user, case=case, advocate=form.chosen())
        return _("The case was assigned.")
    if action == "party":
        workflow.case_party_add(
            actor=user,
            case=case,
            role=data["role"],
            employer=data["employer"],
            recruiter=data["recruiter"],
            name=data["name"],
        )
        return _("The party was added.")
    if action == "categories":
        workflow.case_categories_set(actor=user, case=case, codes=data["categories"])
        return _("The categories were saved.")
    if action == "urgency":
        workflow.case_urgency_set(actor=user, case=case, urgent=data["urgent"])
        return _("The urgency was saved.")
    if action == "note":
        services.case_note_add(actor=user, case=case, text=data["text"])
        return _("The note was added.")
    if action == "evaluation":
        workflow.case_evaluation_record(
            actor=user, case=case, decision=data["decision"], summary=data["summary"]
        )
        return _("The evaluation was recorded.")
    if action == "closing":
        workflow.case_closing_record(actor=user, case=case, **data)
        return _("The closing was recorded.")
    if action == "approve":
        workflow.case_step_approve(actor=user, case=case, kind=data["kind"])
        return _("Approved.")
    workflow.case_reopen(actor=user, case=case, reason=data["reason"])
    return _("The case was reopened.")


# Service fields that the page's forms call by another name.
_FORM_FIELD = {"party_name": "name", "note": "text"}


def _add_service_error(form: ActionForm, error: ValidationError) -> None:
    """Put a service's error on the form field it names, or above the form when no field matches."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        name = _FORM_FIELD.get(field, field)
        form.add_error(name if name in form.fields else None, errors)


@staff_required(*selectors.CASE_ROLES)
@never_cache
@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    case = selectors.case_page_get(user=user, case_id=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    categories = selectors.case_category_labels(case, _language())
    forms = _forms(case, categories, request.POST, action)
    status = 200
    if request.method == "POST":
        form = forms.get(action)
        if form is None:
            messages.error(request, _("This form is not known; reload the page and try again."))
            status = 400
        elif form.is_valid():
            try:
                done = _run(action, form, user, case)
            except ValidationError as error:
                _add_service_error(form, error)
            else:
                messages.success(request, done)
                return redirect(f"{request.path}#{action}")
        if form is not None:
            status = 400
    personal = selectors.case_personal_read(user=user, case_id=pk)
    # A long case shows its newest notes; all of them on request (a 500-note page is 210 KB).
    all_notes = request.GET.get("notes") == "all"
    notes = selectors.case_notes_read(user=user, case_id=pk, latest=None if all_notes else NOTES_SHOWN)
    note_count = len(notes) if all_notes else int(getattr(case, "note_count", len(notes)))
    steps = personal.steps
    waiting = steps[-1].step if steps and not steps[-1].step.in_effect() else None
    context = {
        "case": case,
        "personal": personal,
        "notes": notes,
        "note_count": note_count,
        "forms": forms,
        "assignments": selectors.case_assignments(case),
        "categories": categories,
        "waiting": waiting,
        "stages": CaseStage,
        "step_kinds": StepKind,
        "is_supervisor": selectors.user_supervises(user, case.organisation),
    }
    context.update(case_work_context(user=user, case=case))  # tasks, documents, contacts
    context.update(consent_context(case=case))
    return render(request, "cases/staff/case_detail.html", context, status=status)


@staff_required(Role.ORG_ADMIN)
@require_http_methods(["GET", "POST"])
def case_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's administrators choose approvals and how long closed cases keep personal data."""
    user: Any = request.user
    organisation = get_organisation_or_404(user, slug, Role.ORG_ADMIN)
    current = workflow.case_settings_of(organisation)
    form = CaseSettingsForm(request.POST or None, initial=CaseSettingsForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        try:
            workflow.case_settings_update(organisation=organisation, by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("How you work cases was saved."))
            return redirect("cases:settings", slug=organisation.slug)
    return render(request, "cases/staff/case_settings.html", {"organisation": organisation, "form": form})
