"""The staff tasks API: a case's tasks, adding one with field errors, and the caller's own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from jornada.cases.models import CaseTask
from jornada.cases.tests.helpers import TASK_TITLE, add_task, open_case
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent, User

StaffClient = Callable[[User], Client]
pytestmark = pytest.mark.django_db


def _post(client: Client, path: str, body: object) -> object:
    return client.post(path, data=body, content_type="application/json", headers={"accept-language": "es"})


def test_it_lists_a_cases_tasks_and_audits_the_read(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """Titles in clear for A's staff, open tasks first; bob gets 404; the read is audited."""
    case = open_case(three_orgs.a, three_orgs.alice)
    add_task(case, three_orgs.charlie)
    path = f"/api/v1/staff/cases/{case.pk}/tasks"
    (task,) = staff_client(three_orgs.alice).get(path).json()
    assert task["title"] == TASK_TITLE
    assert task["case_number"] == case.number
    assert task["owner_name"] == "Charlie"
    assert staff_client(three_orgs.bob).get(path).status_code == 404
    assert AuditEvent.objects.filter(action="case.tasks_read").count() == 1


def test_it_adds_a_task_owned_by_the_caller_or_a_colleague(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """Without owner_id the caller owns it; charlie (A) may be named; bob (B) is refused on owner_id."""
    case = open_case(three_orgs.a, three_orgs.alice)
    client = staff_client(three_orgs.alice)
    path = f"/api/v1/staff/cases/{case.pk}/tasks"
    due = timezone.localdate().isoformat()
    response = _post(client, path, {"title": "Llamar", "due_on": due})
    assert response.status_code == 201  # type: ignore[attr-defined]
    assert response.json()["owner_id"] == three_orgs.alice.pk  # type: ignore[attr-defined]
    assert (
        _post(client, path, {"title": "x", "due_on": due, "owner_id": three_orgs.charlie.pk}).status_code
        == 201
    )  # type: ignore[attr-defined]
    refused = _post(client, path, {"title": "x", "due_on": due, "owner_id": three_orgs.bob.pk})
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert refused.json()["errors"]["owner_id"][0]["code"] == "not_a_member"  # type: ignore[attr-defined]
    assert CaseTask.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"title": "", "due_on": "2026-01-01"}, "title", "required"),
        ({"title": "x" * 301, "due_on": "2026-01-01"}, "title", "too_long"),
        ({"title": "x" * 100_000, "due_on": "2026-01-01"}, "title", "string_too_long"),
        ({"title": "<script>", "due_on": "mañana"}, "due_on", "date_from_datetime_parsing"),
        ({"title": "ok"}, "due_on", "missing"),
        ({"title": "ok", "due_on": "2026-01-01", "extra": 1}, "extra", "extra_forbidden"),
    ],
)
def test_it_answers_bad_input_per_field(
    three_orgs: ThreeOrganisations, staff_client: StaffClient, body: dict[str, object], field: str, code: str
) -> None:
    """Empty, oversized, malformed, unknown fields: 422 naming the field, nothing written."""
    case = open_case(three_orgs.a, three_orgs.alice)
    if body.get("due_on") == "2026-01-01":
        body["due_on"] = timezone.localdate().isoformat()
    response = _post(staff_client(three_orgs.alice), f"/api/v1/staff/cases/{case.pk}/tasks", body)
    assert response.status_code == 422  # type: ignore[attr-defined]
    errors = response.json()["errors"]  # type: ignore[attr-defined]
    assert field in errors, errors
    assert errors[field][0]["code"].startswith(code.split("_from")[0])
    assert not CaseTask.objects.exists()


def test_it_lists_my_tasks_overdue_first_and_by_organisation(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """GET /staff/tasks: the caller's open tasks, overdue first; naming an organisation not theirs is 404."""
    case = open_case(three_orgs.a, three_orgs.alice)
    later = add_task(case, three_orgs.alice, due_on=timezone.localdate() + dt.timedelta(days=4))
    overdue = add_task(case, three_orgs.alice, due_on=timezone.localdate() - dt.timedelta(days=4))
    client = staff_client(three_orgs.alice)
    tasks = client.get("/api/v1/staff/tasks").json()
    assert [task["id"] for task in tasks] == [overdue.pk, later.pk]
    assert [task["overdue"] for task in tasks] == [True, False]
    assert client.get(f"/api/v1/staff/tasks?organisation={three_orgs.b.slug}").status_code == 404
    assert staff_client(three_orgs.bob).get("/api/v1/staff/tasks").json() == []
