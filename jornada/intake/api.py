"""The public part of the requests-for-help API: send a request, and use its receipt code.

``POST /api/v1/intake`` takes the interview's answers (``IntakeAnswers``) as JSON and answers
201 with the receipt code, the only key to the request, shown once. The other three operations
take the code in the body, never in the URL (addresses end up in logs and histories):
``/intake/status``, ``/intake/additions`` and ``/intake/withdrawal``. A code that matches no
request and one that cannot be a code get the same 404; a client past its wrong-code limit
gets 429 whatever it sends. Nothing about the client (address, user agent) is stored.

Each body is checked in three steps, each answering in the request's language: its size (413
past ``MAX_BODY_BYTES``), JSON (400), then each field's type and length (422, per field, from
the schema below), and last the service's own checks (422, per field). Which organisations take
a request depends on live data, so a body the schema calls valid may still be refused with 422
(``organisations: no_organisation``), as may an unknown category.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal, TypeVar

import pydantic
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status

from jornada.contributions.limits import body_too_large, submission_rule
from jornada.core.api_errors import ErrorsOut, error_code, throttled_message, validation_message
from jornada.directory.models import Employer, Recruiter
from jornada.intake.models import Intake
from jornada.intake.services import (
    MAX_CATEGORIES,
    MAX_LENGTHS,
    IntakeAnswers,
    intake_by_code,
    intake_information_add,
    intake_submit,
    intake_withdraw,
)
from jornada.intake.status import code_rule, worker_status
from jornada.vocabulary.languages import MAX_LANGUAGE_NAME

router = Router(tags=["intake"])
Errors = dict[str, list[dict[str, str]]]

# The largest body any of these operations reads. The longest request (10,000 characters of
# narrative, which a JSON encoder may write as six-byte \\u escapes) fits with room to spare.
MAX_BODY_BYTES = 128 * 1024
MAX_ORGANISATIONS = 20
MAX_SLUG = 200
# A directory, vocabulary or organisation slug: nothing that could reach a query as a NUL byte.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
PLACE_PATTERN = r"^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$"


SchemaT = TypeVar("SchemaT", bound=Schema)
Slug = Annotated[str, pydantic.StringConstraints(pattern=SLUG_PATTERN, max_length=80)]


class _Strict(Schema):
    model_config = pydantic.ConfigDict(extra="forbid", strict=True)


class IntakeIn(_Strict):
    """A request for help: the interview's answers. Text is plain text; HTML is kept as typed, never run."""

    whereabouts: Literal["us", "home", "transit"] = Field(description="Where the worker is now.")
    language: str = Field(
        min_length=1, max_length=MAX_LANGUAGE_NAME, description='"es", "en", or a language\'s name.'
    )
    categories: list[Slug] = Field(
        default_factory=list,
        max_length=MAX_CATEGORIES,
        description="Vocabulary category codes: what happened. Give these, a narrative, or both.",
    )
    narrative: str = Field("", max_length=MAX_LENGTHS["narrative"], description="What happened.")
    employer: str | None = Field(
        None, max_length=MAX_SLUG, pattern=SLUG_PATTERN, description="Directory slug."
    )
    recruiter: str | None = Field(
        None, max_length=MAX_SLUG, pattern=SLUG_PATTERN, description="Directory slug."
    )
    party_name: str = Field(
        "", max_length=MAX_LENGTHS["party_name"], description="Employer or recruiter, typed."
    )
    place: str = Field("", max_length=10, pattern=rf"^$|{PLACE_PATTERN}", description="Where it happened.")
    year: int | None = Field(None, ge=1900, le=9999, description="The season (year) it happened.")
    urgent_reasons: list[
        Literal["injury", "no_food_or_shelter", "documents_taken", "threatened", "child_alone"]
    ] = Field(default_factory=list, max_length=5, description="What makes it urgent, if anything.")
    contact_channel: Literal["none", "whatsapp", "call", "sms", "email"] = "none"
    contact: str = Field("", max_length=MAX_LENGTHS["contact"], description="Phone number or e-mail address.")
    safe_times: str = Field("", max_length=MAX_LENGTHS["safe_times"])
    may_leave_message: bool = False
    worker_name: str = Field("", max_length=MAX_LENGTHS["worker_name"])
    consent_contact: bool = Field(False, description="May be contacted (without it, contact is dropped).")
    consent_share: bool = Field(False, description="May be shared with another organisation that can help.")
    consent_count: bool = Field(False, description="May be counted in reports without a name.")
    organisations: list[Slug] = Field(
        default_factory=list,
        max_length=MAX_ORGANISATIONS,
        description="Slugs of the organisations chosen; or set any_organisation.",
    )
    any_organisation: bool = Field(False, description="Whichever organisation can help.")


class CodeIn(_Strict):
    code: str = Field(
        description="The receipt code, as written down (case, spaces and dashes do not matter)."
    )


class AdditionIn(_Strict):
    code: str = Field(description="The receipt code.")
    text: str = Field(max_length=MAX_LENGTHS["addition"], description="What the worker adds.")


class SuggestionOut(Schema):
    name: str
    kind: str


class StatusOut(Schema):
    """Where a request stands, in plain words; never anything personal."""

    status: str = Field(
        description="received, reviewing, contact, taken, declined, duplicate, withdrawn or closed."
    )
    title: str
    meaning: str
    decline_reasons: list[str]
    other_organisations: list[SuggestionOut]
    can_add: bool
    can_withdraw: bool


class IntakeReceiptOut(StatusOut):
    receipt_code: str = Field(description="Shown once and never stored: the only key to the request.")


def _body_schema(model: type[Schema]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": model.model_json_schema()}}}


def _one(field: str, code: str, message: str) -> dict[str, Errors]:
    return {"errors": {field: [{"code": code, "message": message}]}}


def _refusal(status: int, field: str, code: str, message: str) -> Status[dict[str, Errors]]:
    return Status(status, _one(field, code, message))


def _parse(request: HttpRequest, model: type[SchemaT]) -> SchemaT | Status[dict[str, Errors]]:
    """Return the body as ``model``, or the answer that refuses it (413, 400 or 422)."""
    if body_too_large(request, MAX_BODY_BYTES):
        message = gettext("The request is larger than %(limit)d KB.") % {"limit": MAX_BODY_BYTES // 1024}
        return _refusal(413, "__all__", "too_large", message)
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return _refusal(400, "__all__", "invalid_json", gettext("The body is not valid JSON."))
    if not isinstance(payload, dict):
        return _refusal(400, "__all__", "invalid_json", gettext("Send one JSON object."))
    try:
        return model.model_validate(payload)
    except pydantic.ValidationError as invalid:
        errors: Errors = {}
        for error in invalid.errors():
            location = [str(part) for part in error.get("loc", ())]
            field = location[0][:60] if location else "__all__"
            errors.setdefault(field, []).append(
                {"code": error_code(dict(error)), "message": validation_message(dict(error))}
            )
        return Status(422, {"errors": errors})


def _service_errors(error: ValidationError) -> dict[str, Errors]:
    errors: Errors = {}
    for field, items in error.error_dict.items():
        for item in items:
            errors.setdefault(field, []).extend(
                {"code": str(item.code or "invalid"), "message": message} for message in item.messages
            )
    return {"errors": errors}


def _throttled(message: str | None = None) -> Status[dict[str, Errors]]:
    return Status(429, _one("__all__", "throttled", message or throttled_message()))


def _status(intake: Intake) -> dict[str, Any]:
    status = worker_status(intake)
    return {
        "status": status.stage,
        "title": status.title,
        "meaning": status.meaning,
        "decline_reasons": status.decline_reasons,
        "other_organisations": [{"name": s.name, "kind": s.kind} for s in status.suggestions],
        "can_add": status.can_add,
        "can_withdraw": status.can_withdraw,
    }


def _by_code(request: HttpRequest, code: str) -> Intake | Status[dict[str, Errors]]:
    """Return the request behind ``code``, or the 429 or 404 to answer (the same for any wrong code)."""
    rule = code_rule()
    if rule.request_exceeded(request):
        return _throttled()
    intake = intake_by_code(code)
    if intake is None:
        if not rule.hit_request(request):
            return _throttled()
        message = gettext("No request has this code. Check it and try again.")
        return Status(404, _one("code", "unknown_code", message))
    return intake


def _slug_id(model: type[Employer] | type[Recruiter], slug: str | None) -> int | None:
    if not slug:
        return None
    found = model.objects.filter(slug=slug).values_list("pk", flat=True).first()
    return int(found) if found is not None else 0  # 0 is no row: the service names the field


ERRORS = {400: ErrorsOut, 413: ErrorsOut, 422: ErrorsOut, 429: ErrorsOut}


@router.post(
    "",
    response={201: IntakeReceiptOut, **ERRORS},
    summary="Send a request for help",
    openapi_extra={"requestBody": _body_schema(IntakeIn)},
)
def submit(request: HttpRequest) -> Status[dict[str, Any]]:
    """Store an anonymous request for help for the organisations that take it; answer with its receipt code.

    The personal fields (name, contact, safe times, party, narrative) are encrypted so that only
    the recipient organisations can read them. Keep the receipt code: it is shown once and is
    the only way to see the request's status, add information or withdraw it.
    """
    body = _parse(request, IntakeIn)
    if isinstance(body, Status):
        return body
    values = body.model_dump()
    values["employer_id"] = _slug_id(Employer, values.pop("employer"))
    values["recruiter_id"] = _slug_id(Recruiter, values.pop("recruiter"))
    if not submission_rule().hit_request(request):
        return _throttled(gettext("Too many requests from this connection. Wait an hour, then try again."))
    try:
        receipt = intake_submit(answers=IntakeAnswers(**values))
    except ValidationError as error:
        return Status(422, _service_errors(error))
    return Status(201, {"receipt_code": receipt.code, **_status(receipt.intake)})


@router.post(
    "/status",
    response={200: StatusOut, 404: ErrorsOut, **ERRORS},
    summary="Where a request stands",
    openapi_extra={"requestBody": _body_schema(CodeIn)},
)
def status(request: HttpRequest) -> Status[dict[str, Any]]:
    """Where the request behind a receipt code stands, and what that means, in plain words.

    Nothing personal is answered: whoever holds the code may not be the worker.
    """
    body = _parse(request, CodeIn)
    if isinstance(body, Status):
        return body
    found = _by_code(request, body.code)
    if isinstance(found, Status):
        return found
    return Status(200, _status(found))


@router.post(
    "/additions",
    response={201: StatusOut, 404: ErrorsOut, 409: ErrorsOut, **ERRORS},
    summary="Add information to a request",
    openapi_extra={"requestBody": _body_schema(AdditionIn)},
)
def additions(request: HttpRequest) -> Status[dict[str, Any]]:
    """Add what the worker writes to their request (or to the case an organisation opened with it).

    409 when the request is closed (declined, withdrawn, a duplicate or closed).
    """
    body = _parse(request, AdditionIn)
    if isinstance(body, Status):
        return body
    found = _by_code(request, body.code)
    if isinstance(found, Status):
        return found
    if not submission_rule().hit_request(request):
        return _throttled(gettext("Too many requests from this connection. Wait an hour, then try again."))
    try:
        intake = intake_information_add(code=body.code, text=body.text)
    except ValidationError as error:
        codes = {item.code for items in error.error_dict.values() for item in items}
        return Status(409 if codes == {"closed"} else 422, _service_errors(error))
    return Status(201, _status(intake))


@router.post(
    "/withdrawal",
    response={200: StatusOut, 404: ErrorsOut, **ERRORS},
    summary="Withdraw a request and erase it",
    openapi_extra={"requestBody": _body_schema(CodeIn)},
)
def withdrawal(request: HttpRequest) -> Status[dict[str, Any]]:
    """Withdraw the request: its personal data, and that of any case opened with it, is erased for good.

    Withdrawing a withdrawn request changes nothing and answers the same.
    """
    body = _parse(request, CodeIn)
    if isinstance(body, Status):
        return body
    found = _by_code(request, body.code)
    if isinstance(found, Status):
        return found
    return Status(200, _status(intake_withdraw(code=body.code)))
