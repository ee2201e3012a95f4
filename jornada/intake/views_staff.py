"""Staff pages of the intake queue: the requests waiting for the reader's organisations, and one request.

Opening a request reads its personal fields through the audited selector and tells the
worker's status page it is being reviewed; its page posts triage and the three decisions back
to itself (``action``). Pages showing personal data are never cached.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jornada.cases.selectors import CASE_ROLES
from jornada.core.access import staff_required
from jornada.directory.search import SearchFilters, search
from jornada.intake import selectors, selectors_staff, services_staff
from jornada.intake.forms_staff import (
    AcceptForm,
    DeclineForm,
    DuplicateForm,
    PartySearchForm,
    QueueFilterForm,
    TriageForm,
)

PAGE_SIZE = selectors_staff.QUEUE_PAGE_SIZE
DUPLICATE_CHOICES = 200
PARTY_HITS = 10
# Decisions that cannot be taken any more: the page says why and goes back to the queue.
GONE = ("taken_elsewhere", "already_decided")


@staff_required(*CASE_ROLES)
@never_cache
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    organisation = selectors_staff.queue_organisation(
        user=user, slug=request.GET.get("organisation", "")[:140]
    )
    form = QueueFilterForm(
        request.GET or None,
        choices=selectors_staff.intake_queue_choices(organisation=organisation),
        organisations=list(selectors_staff.working_organisations(user=user).order_by("name", "pk")),
        initial={"organisation": organisation.slug},
    )
    filters = form.filters() if request.GET else selectors_staff.QueueFilters()
    queue_page = selectors_staff.intake_queue_page(
        organisation=organisation, filters=filters, number=request.GET.get("page")
    )
    context = {
        "organisation": organisation,
        "form": form,
        "page": queue_page.page,
        "rows": selectors_staff.queue_rows(queue_page.intakes),
        "counts": selectors_staff.intake_queue_counts(organisation=organisation),
        "filtered": filters != selectors_staff.QueueFilters(),
    }
    return render(request, "intake/staff/queue.html", context)


def _party_hits(query: str) -> list[tuple[str, int, str]]:
    if not query:
        return []
    results = search(query, filters=SearchFilters(kinds=("employer", "recruiter")), limit=PARTY_HITS)
    return [
        (hit.kind, hit.object_id, f"{hit.name} · {hit.place}" if hit.place else hit.name)
        for hit in results.hits
    ]


@staff_required(*CASE_ROLES)
@never_cache
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    action = request.POST.get("action") if request.method == "POST" else None
    personal = selectors.intake_personal_read(user=user, intake_id=pk)
    intake = services_staff.intake_review_start(intake=personal.intake)
    search_form = PartySearchForm(request.GET or None)
    query = search_form.cleaned_data["party"].strip() if search_form.is_valid() else ""
    found = _party_hits(query)
    candidates = selectors_staff.duplicate_candidates(recipient=personal.recipient, limit=DUPLICATE_CHOICES)
    triage_form = TriageForm(request.POST if action == "triage" else None, intake=intake, found=found)
    accept_form = AcceptForm(request.POST if action == "accept" else None)
    decline_form = DeclineForm(request.POST if action == "decline" else None, auto_id="decline_%s")
    duplicate_form = DuplicateForm(
        request.POST if action == "duplicate" else None, candidates=candidates, auto_id="duplicate_%s"
    )
    forms = {
        "triage": triage_form,
        "accept": accept_form,
        "decline": decline_form,
        "duplicate": duplicate_form,
    }
    try:
        if action == "triage" and triage_form.is_valid():
            data = triage_form.cleaned_data
            services_staff.intake_triage(
                actor=user,
                intake_id=pk,
                urgent=data["urgent"],
                categories=data["categories"],
                language=data["language"],
                employer_id=data["employer"],
                recruiter_id=data["recruiter"],
            )
            messages.success(request, _("The triage is saved."))
            return redirect("intake_staff:detail", pk=pk)
        if action == "accept" and accept_form.is_valid():
            case = services_staff.intake_accept(
                actor=user, intake_id=pk, confirm_conflicts=accept_form.cleaned_data["confirm_conflicts"]
            )
            messages.success(request, _("The request is now case %(number)s.") % {"number": case.number})
            return redirect("cases:detail", pk=case.pk)
        if action == "decline" and decline_form.is_valid():
            services_staff.intake_decline(
                actor=user, intake_id=pk, reason=decline_form.cleaned_data["reason"]
            )
            messages.success(request, _("The request is declined."))
            return redirect("intake_staff:queue")
        if action == "duplicate" and duplicate_form.is_valid():
            services_staff.intake_mark_duplicate(
                actor=user, intake_id=pk, duplicate_of_id=duplicate_form.cleaned_data["duplicate_of"]
            )
            messages.success(request, _("The request is marked as a duplicate."))
            return redirect("intake_staff:queue")
    except ValidationError as error:
        if getattr(error, "code", None) in GONE:
            messages.error(request, " ".join(error.messages))
            return redirect("intake_staff:queue")
        forms[action or "accept"].add_error(None, error)
    context = {
        "intake": intake,
        "personal": personal,
        "row": selectors_staff.queue_rows([intake])[0],
        "conflicts": selectors_staff.intake_conflicts(recipient=personal.recipient),
        "search_form": search_form,
        "query": query,
        "found": found,
        "candidates": candidates,
        **{f"{name}_form": form for name, form in forms.items()},
    }
    return render(request, "intake/staff/detail.html", context, status=400 if action else 200)
