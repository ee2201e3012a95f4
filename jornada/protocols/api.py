"""The staff API for protocols: a case's protocol with its steps, and completing a step.

Every operation needs a staff session with its second factor (``staff_session``); a case of
another organisation is a 404, as on the pages. Reading answers is audited by the same selector
as the page; completing a step runs the same service (role, order, once, consent to share).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Router, Schema, Status
from pydantic import Field

from jornada.cases.api_tasks import REFUSED, REFUSED_UNSAFE
from jornada.cases.selectors import case_work_get
from jornada.core.api_auth import staff_session
from jornada.core.api_errors import ErrorsOut, NotFoundOut
from jornada.protocols import selectors, services
from jornada.protocols.forms import MAX_REASON
from jornada.protocols.selectors import ProtocolView

router = Router(tags=["staff: protocols"], auth=staff_session)


class ProtocolStepOut(Schema):
    key: str
    kind: str
    title: str
    role: str
    due_at: dt.datetime | None
    completed_at: dt.datetime | None
    waiting_for_approval: bool
    complete: bool
    overdue: bool
    answers: dict[str, Any]


class ProtocolOut(Schema):
    case_type: str
    version: int
    name: str
    done: int
    total: int
    overdue: int
    steps: list[ProtocolStepOut]


class ProtocolStepIn(Schema):
    """A step's answers by field key (yes/no as true/false, dates as YYYY-MM-DD, lists for multichoice)."""

    answers: dict[str, Any] = Field(default_factory=dict)
    override_reason: str = Field(default="", max_length=MAX_REASON)

    model_config = {"extra": "forbid"}


def _language() -> str:
    return (get_language() or "es").split("-")[0]


def _out(view: ProtocolView, language: str) -> dict[str, Any]:
    case_type = view.protocol.case_type
    return {
        "case_type": case_type.slug,
        "version": case_type.version,
        "name": case_type.name(language),
        "done": view.done,
        "total": view.total,
        "overdue": view.overdue,
        "steps": [
            {
                "key": item.step.key,
                "kind": item.step.kind,
                "title": item.step.title(language),
                "role": item.step.role,
                "due_at": item.record.due_at,
                "completed_at": item.record.completed_at,
                "waiting_for_approval": item.record.is_waiting_for_approval(),
                "complete": item.record.is_complete(),
                "overdue": item.overdue,
                "answers": item.raw_answers,
            }
            for item in view.steps
        ],
    }


def _read(user: Any, case_id: int) -> ProtocolView:
    view = selectors.case_protocol_read(user=user, case_id=case_id, language=_language())
    if view is None:
        raise Http404
    return view


def _errors(error: ValidationError) -> dict[str, Any]:
    if hasattr(error, "error_dict"):
        return {
            field: [{"code": item.code or "invalid", "message": " ".join(item.messages)} for item in items]
            for field, items in error.error_dict.items()
        }
    return {
        "__all__": [
            {"code": item.code or "invalid", "message": " ".join(item.messages)} for item in error.error_list
        ]
    }


@router.get(
    "/staff/cases/{case_id}/protocol",
    response={200: ProtocolOut, 404: NotFoundOut, 422: ErrorsOut, **REFUSED},
    summary="A case's protocol and its steps",
)
def case_protocol_get(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """The protocol the case follows, each step's state and answers (the read is audited); 404 if none."""
    return _out(_read(request.user, case_id), _language())


@router.post(
    "/staff/cases/{case_id}/protocol/steps/{step_key}",
    response={200: ProtocolOut, 404: NotFoundOut, 422: ErrorsOut, **REFUSED_UNSAFE},
    summary="Complete a step of a case's protocol",
)
def case_protocol_step_complete(
    request: HttpRequest, case_id: int, step_key: str, payload: ProtocolStepIn
) -> Status[Any]:
    """Complete one step: by its role, once, in its order; a share needs consent or a supervisor's reason."""
    user: Any = request.user
    case = case_work_get(user=user, case_id=case_id)
    try:
        services.protocol_step_complete(
            actor=user,
            case=case,
            step_key=step_key,
            answers=payload.answers,
            override_reason=payload.override_reason,
        )
    except ValidationError as error:
        return Status(422, {"errors": _errors(error)})
    return Status(200, _out(_read(user, case_id), _language()))
