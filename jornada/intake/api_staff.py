"""The staff API of the intake queue, under ``/api/v1/staff/intake``: the queue, one request, the decisions.

Every operation needs a staff session with its second factor (``staff_session``) and goes
through the same selectors and services as the pages: another organisation's request is a 404,
reading one is audited, and a decision that can no longer be taken (another organisation took
the request in first) is a 409 saying so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from jornada.core.api_auth import staff_session
from jornada.core.api_errors import ErrorsOut, NotFoundOut, responses
from jornada.intake import selectors, selectors_staff, services_staff
from jornada.intake.models import DeclineReason, Intake, IntakeStatus
from jornada.intake.selectors_staff import MAX_SEARCH, QueueFilters, QueueRow

router = Router(tags=["staff: intake queue"], auth=staff_session)

MAX_PAGE = 100_000


class QueueParams(Schema):
    urgent: bool = Field(False, description="Only urgent requests")
    category: str = Field("", max_length=60, description="A vocabulary category code")
    place: str = Field("", max_length=10, description="An ISO 3166 place code, e.g. MX-OAX")
    language: str = Field("", max_length=60, description="A language key, e.g. es or mixteco")
    q: str = Field("", max_length=MAX_SEARCH, description="Part of the linked employer's or recruiter's name")
    organisation: str = Field(
        "",
        max_length=140,
        description="Whose queue: one of your organisations (its slug); your first if empty",
    )
    page: int = Field(1, ge=1, le=MAX_PAGE)


class LabelOut(Schema):
    code: str
    label: str


class RequestPartyOut(Schema):
    id: int
    slug: str
    name: str


class RequestOut(Schema):
    id: int
    status: IntakeStatus
    received_at: dt.datetime = Field(description="To the hour")
    waiting: str = Field(description="Time since it arrived, in words")
    urgent: bool
    urgent_reasons: list[LabelOut]
    categories: list[LabelOut]
    place: str
    place_name: str
    year: int | None
    whereabouts: str
    language: str
    language_name: str
    contact_channel: str = Field(description='"none" when the worker did not agree to be contacted')
    employer: RequestPartyOut | None
    recruiter: RequestPartyOut | None


class QueueOut(Schema):
    organisation: str = Field(description="Whose queue this is (its slug): the one asked for, or your first")
    waiting: int = Field(description="Requests waiting for the organisation, before filters")
    urgent: int = Field(description="Of those, urgent")
    count: int = Field(description="Requests matching the filters")
    page: int
    pages: int
    results: list[RequestOut]


class AdditionOut(Schema):
    added_on: dt.date
    text: str


class ConflictOut(Schema):
    kind: str = Field(description='"case" or "request"')
    label: str
    url: str


class RequestDetailOut(RequestOut):
    organisation: str = Field(description="The organisation (slug) the request was read for")
    worker_name: str
    contact: str
    safe_times: str
    party_name: str = Field(description="The employer or recruiter as the worker typed it")
    narrative: str
    may_leave_message: bool
    consent_contact: bool
    consent_share: bool
    consent_count: bool
    additions: list[AdditionOut]
    conflicts: list[ConflictOut] = Field(
        description="Cases and requests of your organisation naming the same parties"
    )


class AcceptIn(Schema):
    confirm_conflicts: bool = Field(False, description="Required when the conflict check found something")


class AcceptOut(Schema):
    case_id: int
    case_number: str


class DeclineIn(Schema):
    reason: DeclineReason


class DuplicateIn(Schema):
    duplicate_of: int = Field(description="Another request your organisation has received")


class DecidedOut(Schema):
    id: int
    status: IntakeStatus


def _party(party: Any) -> RequestPartyOut | None:
    return None if party is None else RequestPartyOut(id=party.pk, slug=party.slug, name=party.name)


def _request(row: QueueRow) -> dict[str, Any]:
    intake = row.intake
    return {
        "id": intake.pk,
        "status": intake.status,
        "received_at": intake.received_at,
        "waiting": row.waiting,
        "urgent": intake.urgent,
        "urgent_reasons": [
            LabelOut(code=code, label=label)
            for code, label in zip(intake.urgent_reasons, row.urgent_reasons, strict=True)
        ],
        "categories": [
            LabelOut(code=code, label=label)
            for code, label in zip(intake.categories, row.categories, strict=True)
        ],
        "place": intake.place,
        "place_name": row.place,
        "year": intake.year,
        "whereabouts": intake.whereabouts,
        "language": intake.language,
        "language_name": row.language,
        "contact_channel": intake.contact_channel,
        "employer": _party(intake.employer),
        "recruiter": _party(intake.recruiter),
    }


def _errors(error: DjangoValidationError) -> dict[str, Any]:
    """Return a Django ValidationError in the API's error shape, per field, translated."""
    fields = error.error_dict if hasattr(error, "error_dict") else {"__all__": error.error_list}
    return {
        "errors": {
            name: [{"code": item.code or "invalid", "message": " ".join(item.messages)} for item in items]
            for name, items in fields.items()
        }
    }


def _decision_failed(error: DjangoValidationError) -> Status[dict[str, Any]]:
    gone = getattr(error, "code", None) in ("taken_elsewhere", "already_decided")
    return Status(409 if gone else 422, _errors(error))


@router.get(
    "", response=responses(QueueOut, not_found=True), summary="Requests waiting for one of your organisations"
)
def queue(request: HttpRequest, params: Query[QueueParams]) -> dict[str, Any]:
    user: Any = request.user
    organisation = selectors_staff.queue_organisation(user=user, slug=params.organisation)
    filters = QueueFilters(
        urgent=params.urgent,
        category=params.category,
        place=params.place,
        language=params.language,
        search=params.q.strip(),
    )
    queue_page = selectors_staff.intake_queue_page(
        organisation=organisation, filters=filters, number=params.page
    )
    page, paginator = queue_page.page, queue_page.page.paginator
    counts = selectors_staff.intake_queue_counts(organisation=organisation)
    return {
        "organisation": organisation.slug,
        "waiting": counts.waiting,
        "urgent": counts.urgent,
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": [_request(row) for row in selectors_staff.queue_rows(queue_page.intakes)],
    }


@router.get(
    "/{intake_id}",
    response=responses(RequestDetailOut, not_found=True),
    summary="One request, personal details included (the read is audited)",
)
def detail(request: HttpRequest, intake_id: int) -> dict[str, Any]:
    user: Any = request.user
    personal = selectors.intake_personal_read(user=user, intake_id=intake_id)
    intake: Intake = services_staff.intake_review_start(intake=personal.intake)
    conflicts = selectors_staff.intake_conflicts(recipient=personal.recipient)
    return {
        **_request(selectors_staff.queue_rows([intake])[0]),
        "organisation": personal.recipient.organisation.slug,
        "worker_name": personal.worker_name,
        "contact": personal.contact,
        "safe_times": personal.safe_times,
        "party_name": personal.party_name,
        "narrative": personal.narrative,
        "may_leave_message": intake.may_leave_message,
        "consent_contact": intake.consent_contact,
        "consent_share": intake.consent_share,
        "consent_count": intake.consent_count,
        "additions": [
            {"added_on": addition.added_on, "text": addition.text} for addition in personal.additions
        ],
        "conflicts": [
            {"kind": conflict.kind, "label": conflict.label, "url": conflict.url}
            for conflict in conflicts.conflicts
        ],
    }


@router.post(
    "/{intake_id}/accept",
    response={200: AcceptOut, 404: NotFoundOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Take the request in as a case of your organisation",
)
def accept(request: HttpRequest, intake_id: int, payload: AcceptIn) -> Any:
    try:
        case = services_staff.intake_accept(
            actor=request.user,  # type: ignore[arg-type]
            intake_id=intake_id,
            confirm_conflicts=payload.confirm_conflicts,
        )
    except DjangoValidationError as error:
        return _decision_failed(error)
    return {"case_id": case.pk, "case_number": case.number}


@router.post(
    "/{intake_id}/decline",
    response={200: DecidedOut, 404: NotFoundOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Decline the request for your organisation, with a reason",
)
def decline(request: HttpRequest, intake_id: int, payload: DeclineIn) -> Any:
    try:
        recipient = services_staff.intake_decline(
            actor=request.user,  # type: ignore[arg-type]
            intake_id=intake_id,
            reason=payload.reason,
        )
    except DjangoValidationError as error:
        return _decision_failed(error)
    return {"id": recipient.intake_id, "status": recipient.intake.status}


@router.post(
    "/{intake_id}/duplicate",
    response={200: DecidedOut, 404: NotFoundOut, 409: ErrorsOut, 422: ErrorsOut},
    summary="Close the request as a duplicate of another your organisation received",
)
def duplicate(request: HttpRequest, intake_id: int, payload: DuplicateIn) -> Any:
    try:
        intake = services_staff.intake_mark_duplicate(
            actor=request.user,  # type: ignore[arg-type]
            intake_id=intake_id,
            duplicate_of_id=payload.duplicate_of,
        )
    except DjangoValidationError as error:
        return _decision_failed(error)
    return {"id": intake.pk, "status": intake.status}
