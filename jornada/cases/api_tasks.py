"""The staff API for case tasks: a case's tasks, adding one, and the caller's own open tasks.

Every operation needs a staff session with its second factor (``staff_session``); a case of
another organisation is a 404, as on the pages, and every read of task titles is audited by the
same selectors. Errors have the shape of every other API error, per field, in the request's
language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from jornada.cases import case_tasks, selectors
from jornada.cases.case_tasks import MAX_TITLE, TaskView
from jornada.core.access import get_organisation_or_404
from jornada.core.api_auth import staff_session
from jornada.core.api_errors import ErrorsOut, NotFoundOut
from jornada.core.models import User

router = Router(tags=["staff: case tasks"], auth=staff_session)


class DetailOut(Schema):
    """Refused before the operation ran: no verified staff session (401) or no CSRF token (403)."""

    detail: str


# What every staff operation may answer before it runs; unsafe methods also check the CSRF token.
REFUSED: dict[int, Any] = {401: DetailOut}
REFUSED_UNSAFE: dict[int, Any] = {401: DetailOut, 403: DetailOut}


class TaskOut(Schema):
    id: int
    case_id: int
    case_number: str
    title: str
    due_on: dt.date
    done_on: dt.date | None
    owner_id: int
    owner_name: str
    overdue: bool


class TaskIn(Schema):
    """A new task: what to do (sealed at rest), by when, and who does it (you, if not named)."""

    title: str = Field(max_length=MAX_TITLE * 4)
    due_on: dt.date
    owner_id: int | None = None

    model_config = {"extra": "forbid"}


class MineQuery(Schema):
    organisation: str | None = Field(
        default=None, max_length=100, description="Only this organisation's (slug)."
    )


def _out(view: TaskView) -> dict[str, Any]:
    return dict(view.__dict__)


def _errors(error: ValidationError) -> dict[str, Any]:
    if hasattr(error, "error_dict"):
        return {
            ("owner_id" if field == "owner" else field): [
                {"code": item.code or "invalid", "message": " ".join(item.messages)} for item in items
            ]
            for field, items in error.error_dict.items()
        }
    return {
        "__all__": [
            {"code": item.code or "invalid", "message": " ".join(item.messages)} for item in error.error_list
        ]
    }


@router.get(
    "/staff/cases/{case_id}/tasks",
    response={200: list[TaskOut], 404: NotFoundOut, 422: ErrorsOut, **REFUSED},
    summary="A case's tasks",
)
def case_tasks_list(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    """The case's tasks, open ones first by due date, titles in clear (the read is audited)."""
    user: Any = request.user
    return [_out(view) for view in case_tasks.case_tasks_read(user=user, case_id=case_id)]


@router.post(
    "/staff/cases/{case_id}/tasks",
    response={201: TaskOut, 404: NotFoundOut, 422: ErrorsOut, **REFUSED_UNSAFE},
    summary="Add a task to a case",
)
def case_task_create(request: HttpRequest, case_id: int, payload: TaskIn) -> Status[Any]:
    """Add a task; its owner must be an advocate or supervisor of the case's organisation."""
    user: Any = request.user
    case = selectors.case_get(user=user, case_id=case_id)
    owner = user if payload.owner_id is None else User.objects.filter(pk=payload.owner_id).first()
    try:
        task = case_tasks.case_task_add(
            actor=user, case=case, title=payload.title, due_on=payload.due_on, owner=owner
        )
    except ValidationError as error:
        return Status(422, {"errors": _errors(error)})
    (view,) = [view for view in case_tasks.case_tasks_read(user=user, case_id=case.pk) if view.id == task.pk]
    return Status(201, _out(view))


@router.get(
    "/staff/tasks",
    response={200: list[TaskOut], 404: NotFoundOut, 422: ErrorsOut, **REFUSED},
    summary="My open tasks",
)
def my_tasks_list(request: HttpRequest, query: Query[MineQuery]) -> list[dict[str, Any]]:
    """Your open tasks, overdue first, in every organisation where you work cases (or in one).

    Naming an organisation you do not work cases in answers 404.
    """
    user: Any = request.user
    organisation = None
    if query.organisation is not None:
        organisation = get_organisation_or_404(user, query.organisation, *selectors.CASE_ROLES)
    return [_out(view) for view in case_tasks.my_tasks_read(user=user, organisation=organisation)]
