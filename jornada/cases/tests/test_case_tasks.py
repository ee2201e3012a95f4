"""A case's tasks: sealed titles, owners only from the case's organisation, overdue first, audited reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from jornada.cases.case_tasks import (
    case_task_add,
    case_task_done_set,
    case_tasks_read,
    cases_with_overdue_tasks,
    my_tasks_read,
)
from jornada.cases.models import CaseTask
from jornada.cases.selectors import cases_for_user
from jornada.cases.services import case_anonymise
from jornada.cases.tests.helpers import TASK_TITLE, add_task, open_case, table_dump
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent, Role, User
from jornada.core.tests.factories import member

StaffClient = Callable[[User], Client]
pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return timezone.localdate()


def test_it_seals_the_title(three_orgs: ThreeOrganisations) -> None:
    """The title is in no column in clear; the case's reader gets it back, and the read is audited."""
    case = open_case(three_orgs.a, three_orgs.alice)
    add_task(case, three_orgs.charlie)
    assert TASK_TITLE.encode() not in table_dump(CaseTask._meta.db_table, AuditEvent._meta.db_table)
    (view,) = case_tasks_read(user=three_orgs.charlie, case_id=case.pk)
    assert view.title == TASK_TITLE
    assert view.owner_name == "Charlie"
    assert AuditEvent.objects.filter(action="case.tasks_read", actor=three_orgs.charlie).count() == 1


def test_it_refuses_an_owner_from_another_organisation(three_orgs: ThreeOrganisations) -> None:
    """bob (organisation B) and an administrator-only member of A cannot own A's task: an error on "owner"."""
    case = open_case(three_orgs.a, three_orgs.alice)
    not_a_case_worker = member(three_orgs.a, Role.ORG_ADMIN)
    for owner in (three_orgs.bob, not_a_case_worker, None):
        with pytest.raises(ValidationError) as raised:
            case_task_add(actor=three_orgs.alice, case=case, owner=owner, title="x", due_on=_today())
        assert raised.value.error_dict["owner"][0].code == "not_a_member"
    assert not CaseTask.objects.exists()


@pytest.mark.parametrize(
    ("title", "due_on", "field", "code"),
    [
        ("", 0, "title", "required"),
        ("   ", 0, "title", "required"),
        ("x" * 301, 0, "title", "too_long"),
        ("a\x00b", 0, "title", "control_characters"),
        ("ok", None, "due_on", "required"),
        ("ok", 6 * 366, "due_on", "out_of_range"),
        ("ok", -400, "due_on", "out_of_range"),
    ],
)
def test_it_refuses_bad_input_naming_the_field(
    three_orgs: ThreeOrganisations, title: str, due_on: int | None, field: str, code: str
) -> None:
    """Empty, oversized, control characters, a missing or absurd date: a translated error on the field."""
    case = open_case(three_orgs.a, three_orgs.alice)
    due = None if due_on is None else _today() + dt.timedelta(days=due_on)
    with pytest.raises(ValidationError) as raised, translation.override("es"):
        case_task_add(actor=three_orgs.alice, case=case, owner=three_orgs.alice, title=title, due_on=due)
    error = raised.value.error_dict[field][0]
    assert error.code == code
    if field == "title":
        with translation.override("es"):
            assert "Tarea" in str(error.message % error.params)
    assert not CaseTask.objects.exists()


def test_it_marks_a_task_done_and_not_done(three_orgs: ThreeOrganisations) -> None:
    """Done keeps the day; undone clears it; each change is audited once, a repeat changes nothing."""
    task = add_task(open_case(three_orgs.a, three_orgs.alice), three_orgs.alice)
    case_task_done_set(actor=three_orgs.alice, task=task, done=True)
    case_task_done_set(actor=three_orgs.alice, task=task, done=True)
    task.refresh_from_db()
    assert task.done_on == _today()
    case_task_done_set(actor=three_orgs.alice, task=task, done=False)
    task.refresh_from_db()
    assert task.done_on is None
    actions = list(
        AuditEvent.objects.filter(action__startswith="case.task_").values_list("action", flat=True)
    )
    assert sorted(actions) == ["case.task_added", "case.task_done", "case.task_reopened"]


def test_it_lists_my_open_tasks_overdue_first(three_orgs: ThreeOrganisations) -> None:
    """Only the owner's open tasks, in their organisations, the overdue ones first."""
    case = open_case(three_orgs.a, three_orgs.alice)
    later = add_task(case, three_orgs.charlie, due_on=_today() + dt.timedelta(days=3), title="later")
    overdue = add_task(case, three_orgs.charlie, due_on=_today() - dt.timedelta(days=2), title="overdue")
    done = add_task(case, three_orgs.charlie, due_on=_today() - dt.timedelta(days=5), title="done")
    case_task_done_set(actor=three_orgs.charlie, task=done, done=True)
    add_task(case, three_orgs.alice, title="alice's")
    add_task(open_case(three_orgs.b, three_orgs.bob), three_orgs.bob, title="bob's")
    mine = my_tasks_read(user=three_orgs.charlie)
    assert [task.id for task in mine] == [overdue.pk, later.pk]
    assert [task.overdue for task in mine] == [True, False]


def test_it_shows_my_tasks_page_overdue_first(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """/staff/tasks/ shows the overdue section above the coming one, with titles and case numbers."""
    case = open_case(three_orgs.a, three_orgs.alice)
    add_task(case, three_orgs.charlie, due_on=_today() + dt.timedelta(days=3), title="Coming-Title")
    add_task(case, three_orgs.charlie, due_on=_today() - dt.timedelta(days=2), title="Overdue-Title")
    with translation.override("en"):
        body = staff_client(three_orgs.charlie).get(reverse("cases:my_tasks")).content.decode()
    assert body.index("Overdue-Title") < body.index("Coming-Title")
    assert case.number in body
    assert "Overdue-Title" not in staff_client(three_orgs.bob).get(reverse("cases:my_tasks")).content.decode()


def test_it_drops_a_task_from_my_list_when_i_leave_the_organisation(three_orgs: ThreeOrganisations) -> None:
    """Someone who no longer works cases in A sees none of A's tasks, even those still in their name."""
    add_task(open_case(three_orgs.a, three_orgs.alice), three_orgs.charlie)
    three_orgs.charlie.memberships.all().delete()
    assert my_tasks_read(user=three_orgs.charlie) == []


def test_it_counts_overdue_tasks_in_the_case_list(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """The list shows each case's number of open tasks past their day (done and future ones not counted)."""
    case = open_case(three_orgs.a, three_orgs.alice)
    for days in (-1, -3):
        add_task(case, three_orgs.alice, due_on=_today() + dt.timedelta(days=days))
    done = add_task(case, three_orgs.alice, due_on=_today() - dt.timedelta(days=1))
    case_task_done_set(actor=three_orgs.alice, task=done, done=True)
    add_task(case, three_orgs.alice, due_on=_today())
    response = staff_client(three_orgs.alice).get(reverse("cases:list"))
    (listed,) = response.context["page"].object_list
    assert listed.overdue_tasks == 2
    assert '<strong class="badge">2</strong>' in response.content.decode()
    assert TASK_TITLE not in response.content.decode()


def test_it_adds_a_task_from_the_case_page(three_orgs: ThreeOrganisations, staff_client: StaffClient) -> None:
    """The form adds the task and returns to the case; the case page shows it with a "done" button."""
    case = open_case(three_orgs.a, three_orgs.alice)
    client = staff_client(three_orgs.alice)
    url = reverse("cases:task_add", args=[case.pk])
    response = client.post(
        url, {"title": "Pedir recibos", "due_on": _today().isoformat(), "owner": three_orgs.charlie.pk}
    )
    assert response.status_code == 302
    task = CaseTask.objects.get()
    assert task.owner == three_orgs.charlie
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Pedir recibos" in body
    assert reverse("cases:task_done", args=[case.pk, task.pk]) in body
    client.post(reverse("cases:task_done", args=[case.pk, task.pk]), {"done": "1"})
    task.refresh_from_db()
    assert task.is_done()


def test_it_answers_bad_task_input_with_errors_beside_the_fields(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """An empty title, a malformed date and bob as owner: the form page again with each error, nothing written."""
    case = open_case(three_orgs.a, three_orgs.alice)
    with translation.override("es"):
        url = reverse("cases:task_add", args=[case.pk])
    client = staff_client(three_orgs.alice)
    response = client.post(
        url, {"title": "<script>x</script>" * 100, "due_on": "mañana", "owner": three_orgs.bob.pk}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"due_on", "owner"}
    assert "<script>" not in response.content.decode()
    response = client.post(url, {"title": "", "due_on": _today().isoformat(), "owner": three_orgs.alice.pk})
    assert "Tarea está vacío" in response.content.decode() or "Tarea" in str(
        response.context["form"].errors["title"]
    )
    assert not CaseTask.objects.exists()


def test_it_erases_task_titles_when_the_case_is_anonymised(three_orgs: ThreeOrganisations) -> None:
    """Anonymising keeps the tasks (dates, done) but erases their sealed titles."""
    case = open_case(three_orgs.a, three_orgs.alice)
    add_task(case, three_orgs.alice)
    case_anonymise(case=case, reason="retention")
    task = CaseTask.objects.get()
    assert task.title_sealed is None
    assert case_tasks_read(user=three_orgs.alice, case_id=case.pk)[0].title == ""
    with pytest.raises(ValidationError):
        add_task(case, three_orgs.alice)


def test_it_lists_a_cases_open_tasks_before_the_done_ones(three_orgs: ThreeOrganisations) -> None:
    """On every database: open tasks by due date, then the done ones (PostgreSQL sorts nulls last)."""
    case = open_case(three_orgs.a, three_orgs.alice)
    done = add_task(case, three_orgs.alice, due_on=_today() - dt.timedelta(days=9), title="done")
    case_task_done_set(actor=three_orgs.alice, task=done, done=True)
    later = add_task(case, three_orgs.alice, due_on=_today() + dt.timedelta(days=2), title="later")
    sooner = add_task(case, three_orgs.alice, due_on=_today(), title="sooner")
    assert [view.id for view in case_tasks_read(user=three_orgs.alice, case_id=case.pk)] == [
        sooner.pk,
        later.pk,
        done.pk,
    ]


def test_it_filters_the_cases_with_overdue_tasks(three_orgs: ThreeOrganisations) -> None:
    """Only cases with an open task past its day; a done one or one due today does not count."""
    late = open_case(three_orgs.a, three_orgs.alice)
    add_task(late, three_orgs.alice, due_on=_today() - dt.timedelta(days=1))
    on_time = open_case(three_orgs.a, three_orgs.alice)
    add_task(on_time, three_orgs.alice, due_on=_today())
    finished = open_case(three_orgs.a, three_orgs.alice)
    done = add_task(finished, three_orgs.alice, due_on=_today() - dt.timedelta(days=1))
    case_task_done_set(actor=three_orgs.alice, task=done, done=True)
    cases = cases_with_overdue_tasks(cases_for_user(user=three_orgs.alice))
    assert list(cases) == [late]
