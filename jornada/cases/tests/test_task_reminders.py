"""Daily task reminders: once per task and due date, only to the owner in the case's organisation, no text."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jornada.cases.case_tasks import case_task_done_set
from jornada.cases.models import CaseTask, TaskReminder
from jornada.cases.reminders import task_reminders_queue
from jornada.cases.services import case_anonymise
from jornada.cases.tests.helpers import NAME, TASK_TITLE, add_task, open_case
from jornada.conftest import ThreeOrganisations
from jornada.core.models import Membership, Role

pytestmark = pytest.mark.django_db


def _day(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _run(run_tasks: Any) -> None:
    task_reminders_queue()
    run_tasks()


def test_it_reminds_the_owner_of_tasks_due_tomorrow_or_overdue(
    three_orgs: ThreeOrganisations, run_tasks: Any
) -> None:
    """One e-mail to charlie naming both cases by number with links; a task due in 2 days waits."""
    first = open_case(three_orgs.a, three_orgs.alice)
    second = open_case(three_orgs.a, three_orgs.alice)
    add_task(first, three_orgs.charlie, due_on=_day(1))
    add_task(second, three_orgs.charlie, due_on=_day(-3))
    add_task(second, three_orgs.charlie, due_on=_day(2))
    _run(run_tasks)
    (message,) = mail.outbox
    assert message.to == ["charlie@example.org"]
    text = message.subject + message.body
    assert first.number in text
    assert second.number in text
    assert f"http://testserver/es/staff/cases/{first.pk}/" in message.body
    assert TASK_TITLE not in text
    assert NAME not in text
    assert TaskReminder.objects.filter(state="sent").count() == 2


def test_it_reminds_once_per_task_and_due_date(three_orgs: ThreeOrganisations, run_tasks: Any) -> None:
    """Run twice the same day: one e-mail. Move the due date: reminded again for the new date."""
    task = add_task(open_case(three_orgs.a, three_orgs.alice), three_orgs.charlie, due_on=_day(1))
    _run(run_tasks)
    _run(run_tasks)
    assert len(mail.outbox) == 1
    CaseTask.objects.filter(pk=task.pk).update(due_on=_day(0))
    _run(run_tasks)
    assert len(mail.outbox) == 2


def test_it_never_reminds_someone_outside_the_case_organisation(
    three_orgs: ThreeOrganisations, run_tasks: Any
) -> None:
    """A's task whose owner left A (and works in B now) e-mails nobody; bob never hears of A's tasks."""
    add_task(open_case(three_orgs.a, three_orgs.alice), three_orgs.charlie, due_on=_day(-1))
    Membership.objects.filter(user=three_orgs.charlie).delete()
    Membership.objects.create(user=three_orgs.charlie, organisation=three_orgs.b, role=Role.ADVOCATE)
    add_task(open_case(three_orgs.a, three_orgs.alice), three_orgs.alice, due_on=_day(-1))
    _run(run_tasks)
    recipients = [address for message in mail.outbox for address in message.to]
    assert recipients == ["alice@example.org"]
    assert TaskReminder.objects.filter(state="skipped").count() == 1


def test_it_skips_tasks_done_or_anonymised_before_sending(
    three_orgs: ThreeOrganisations, run_tasks: Any
) -> None:
    """A task done, or whose case was anonymised, after the job queued it is not reminded of."""
    done = add_task(open_case(three_orgs.a, three_orgs.alice), three_orgs.alice, due_on=_day(0))
    erased_case = open_case(three_orgs.a, three_orgs.alice)
    add_task(erased_case, three_orgs.alice, due_on=_day(0))
    task_reminders_queue()
    case_task_done_set(actor=three_orgs.alice, task=done, done=True)
    case_anonymise(case=erased_case, reason="retention")
    run_tasks()
    assert mail.outbox == []


def test_it_keeps_no_address_no_text_and_no_old_send_in_the_task_table(
    three_orgs: ThreeOrganisations, run_tasks: Any
) -> None:
    """The send task holds the owner's id only; the next run forgets earlier successful sends."""
    add_task(open_case(three_orgs.a, three_orgs.alice), three_orgs.charlie, due_on=_day(0))
    _run(run_tasks)
    (row,) = DBTaskResult.objects.all()
    assert row.status == "SUCCESSFUL"
    assert row.args_kwargs == {"args": [], "kwargs": {"owner_id": three_orgs.charlie.pk}}
    assert "charlie" not in str(row.args_kwargs) + row.traceback
    task_reminders_queue()
    assert not DBTaskResult.objects.exists()


def test_it_runs_as_a_management_command(three_orgs: ThreeOrganisations, run_tasks: Any) -> None:
    """`jornada case_reminders` queues the e-mails a worker then sends."""
    add_task(open_case(three_orgs.a, three_orgs.alice), three_orgs.alice, due_on=_day(1))
    call_command("case_reminders", verbosity=0)
    assert mail.outbox == []
    run_tasks()
    assert len(mail.outbox) == 1
