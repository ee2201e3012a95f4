"""The staff API of cases (``/api/v1/staff/cases``): the list, one case, its notes, adding a note.

Every operation needs a staff session with its second factor (``staff_session``) and sees only
the cases of the caller's organisations: another organisation's case is a 404, as on the pages.
Reading a case's personal fields or notes goes through the audited selectors. Case ids are
63-bit numbers: they are given as strings, which JavaScript reads without losing digits.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from jornada.cases import selectors, services
from jornada.cases.models import Case, CaseCategory
from jornada.cases.services import MAX_LENGTHS
from jornada.core.access import organisations_of
from jornada.core.api_auth import staff_session
from jornada.core.api_errors import ErrorsOut, NotFoundOut, responses

router = Router(tags=["staff: cases"], auth=staff_session)
API_PAGE_SIZE = 50
MAX_PAGE = 10_000
MAX_QUERY = 100
StageName = Literal["new", "evaluation", "open", "closed", "reopened"]


class CaseFilters(Schema):
    organisation: str = Field(
        "", max_length=80, description="Only this organisation's cases (its short name)"
    )
    q: str = Field(
        "", max_length=MAX_QUERY, description="Case number, category, or directory employer/recruiter"
    )
    stage: StageName | None = Field(None, description="Only cases at this stage")
    assignee: int | None = Field(None, ge=1, description="Only cases assigned now to this staff user (id)")
    unassigned: bool = Field(False, description="Only cases nobody is assigned to")
    category: str = Field("", max_length=60, description="Only cases filed under this category code")
    urgent: bool | None = Field(None, description="Only urgent (true) or only not urgent (false) cases")
    overdue: bool = Field(False, description="Only cases with an open task past its due date")
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1")


class StaffCaseOut(Schema):
    id: str
    number: str
    organisation: str
    stage: StageName
    urgent: bool
    assignee: str | None
    categories: list[str]
    opened: datetime
    closed: datetime | None
    notes: int
    anonymised: bool


class CasePageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[StaffCaseOut]


class CasePartyOut(Schema):
    role: str
    name: str
    employer: str | None = Field(None, description="Directory slug of the employer, when linked")
    recruiter: str | None = Field(None, description="Directory slug of the recruiter, when linked")


class StepOut(Schema):
    number: int
    kind: str
    recorded_at: datetime
    approval_required: bool
    approved_at: datetime | None
    decision: str
    outcome: str
    complaint_body: str
    back_wages: Decimal | None
    back_wages_currency: str
    fees: Decimal | None
    fees_currency: str
    text: str


class CaseDetailOut(StaffCaseOut):
    worker_name: str
    contact_channel: str
    may_leave_message: bool
    contact: str
    safe_times: str
    narrative: str
    parties: list[CasePartyOut]
    steps: list[StepOut]


class NoteOut(Schema):
    author: str
    created_at: datetime
    text: str


class NoteIn(Schema):
    text: str = Field(..., min_length=1, max_length=MAX_LENGTHS["note"])


def _case_out(case: Case) -> dict[str, Any]:
    return {
        "id": str(case.pk),
        "number": case.number,
        "organisation": case.organisation.slug,
        "stage": getattr(case, "stage", "new"),
        "urgent": case.urgent,
        "assignee": getattr(case, "assignee_name", None),
        "categories": sorted(row.category.code for row in case.categories.all()),
        "opened": case.created_at,
        "closed": getattr(case, "closed_at", None),
        "notes": getattr(case, "note_count", 0),
        "anonymised": case.is_anonymised(),
    }


def _user(request: HttpRequest) -> Any:
    """The staff user ``staff_session`` let in."""
    return request.user


def _owned(request: HttpRequest, case_id: int) -> Case:
    user: Any = request.user
    return get_object_or_404(
        selectors.cases_for_user(user=user).prefetch_related(
            Prefetch("categories", queryset=CaseCategory.objects.select_related("category"))
        ),
        pk=case_id,
    )


@router.get("", response=responses(CasePageOut, not_found=True), summary="Cases of your organisations")
def case_list(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    """The cases of the caller's organisations, newest first, filtered; no personal field is read.

    Naming an ``organisation`` the caller does not work cases in is a 404.
    """
    user: Any = request.user
    cases = selectors.cases_for_user(user=user)
    if filters.organisation:
        if not organisations_of(user, *selectors.CASE_ROLES).filter(slug=filters.organisation).exists():
            raise Http404
        cases = cases.filter(organisation__slug=filters.organisation)
    cases = selectors.cases_filter(
        cases,
        query=filters.q,
        stage=filters.stage or "",
        assignee=filters.assignee,
        unassigned=filters.unassigned,
        category=filters.category,
        urgent=filters.urgent,
        overdue=filters.overdue,
    ).prefetch_related(Prefetch("categories", queryset=CaseCategory.objects.select_related("category")))
    paginator = Paginator(cases, API_PAGE_SIZE)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": [_case_out(case) for case in page.object_list],
    }


@router.get(
    "/{case_id}",
    response=responses(CaseDetailOut, not_found=True),
    summary="One case, personal fields included",
)
def case_detail(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """One case with its personal fields, parties and steps in clear; the read is audited."""
    case = _owned(request, case_id)
    personal = selectors.case_personal_read(user=_user(request), case_id=case.pk)
    return {
        **_case_out(case),
        "worker_name": personal.worker_name,
        "contact_channel": case.contact_channel,
        "may_leave_message": case.may_leave_message,
        "contact": personal.contact,
        "safe_times": personal.safe_times,
        "narrative": personal.narrative,
        "parties": [
            {
                "role": party.role,
                "name": party.name,
                "employer": party.employer_slug or None,
                "recruiter": party.recruiter_slug or None,
            }
            for party in personal.parties
        ],
        "steps": [
            {
                "number": view.step.number,
                "kind": view.step.kind,
                "recorded_at": view.step.recorded_at,
                "approval_required": view.step.approval_required,
                "approved_at": view.step.approved_at,
                "decision": view.step.decision,
                "outcome": view.step.outcome,
                "complaint_body": view.step.complaint_body,
                "back_wages": view.step.back_wages,
                "back_wages_currency": view.step.back_wages_currency,
                "fees": view.step.fees,
                "fees_currency": view.step.fees_currency,
                "text": view.text,
            }
            for view in personal.steps
        ],
    }


@router.get("/{case_id}/notes", response=responses(list[NoteOut], not_found=True), summary="A case's notes")
def case_notes(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    """The notes of a case in clear, oldest first; the read is audited."""
    notes = selectors.case_notes_read(user=_user(request), case_id=_owned(request, case_id).pk)
    return [{"author": note.author_name, "created_at": note.created_at, "text": note.text} for note in notes]


@router.post(
    "/{case_id}/notes",
    response={201: NoteOut, 404: NotFoundOut, 422: ErrorsOut},
    summary="Add a note to a case",
)
def case_note_add(request: HttpRequest, case_id: int, payload: NoteIn) -> Status[dict[str, Any]]:
    """Add a note (sealed like every personal field). Notes are never edited: a correction is a new note."""
    case = _owned(request, case_id)
    try:
        note = services.case_note_add(actor=_user(request), case=case, text=payload.text)
    except ValidationError as error:
        return Status(422, {"errors": _errors(error)})
    return Status(
        201,
        {
            "author": note.author.name if note.author else "",
            "created_at": note.created_at,
            "text": payload.text.strip(),
        },
    )


def _errors(error: ValidationError) -> dict[str, list[dict[str, str]]]:
    """Return a service's ValidationError in the API's error shape, messages in the request's language."""
    items = error.error_dict.items() if hasattr(error, "error_dict") else [("__all__", error.error_list)]
    renamed = {"note": "text"}
    return {
        renamed.get(field, field): [
            {"code": str(item.code or "invalid"), "message": str(item.message % (item.params or {}))}
            for item in errors
        ]
        for field, errors in items
    }
