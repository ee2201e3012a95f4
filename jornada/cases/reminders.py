"""Reminding task owners of their tasks due tomorrow or overdue, by e-mail through the task worker.

``task_reminders_queue`` (run daily by ``jornada case_reminders``) writes one ``TaskReminder``
per open task and due date, so running it twice, or on two machines, reminds of a task once for
each due date it is given; then it queues one ``send_task_reminders`` per owner with new
reminders. That task takes the owner's id only, claims their waiting reminders, checks each
again (still open, still due that day, the case not anonymised, the owner still an advocate or
supervisor of the case's organisation) and sends one e-mail naming the cases by number, with a
link: never a task's title or anything else typed about the worker.

The task table keeps exact times (when the job ran, when the mail went). A send that succeeded
needs no record once the next run has started, so each run deletes the previous runs'
successful rows; failed ones stay for the retention period (``JORNADA_RETENTION_TASK_DAYS``),
to be looked at, their error scrubbed of the address.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jornada.cases.models import CaseTask, TaskReminder
from jornada.cases.selectors import CASE_ROLES
from jornada.core.mail import SendFailed, send_mail_scrubbed
from jornada.core.models import Membership, User

logger = logging.getLogger(__name__)
# Remind of tasks due up to this many days ahead (1: tomorrow), and of every overdue one.
DAYS_AHEAD = 1


def _still_due(reminder: TaskReminder, owner: User, today: dt.date) -> bool:
    """Return True when the reminder still holds: open, same day, case kept, owner still a case worker there."""
    task_ = reminder.task
    case = task_.case
    return (
        task_.done_on is None
        and task_.due_on == reminder.due_on
        and task_.owner_id == owner.pk
        and not case.is_anonymised()
        and owner.is_active
        and Membership.objects.filter(user=owner, organisation_id=case.organisation_id)
        .with_role(*CASE_ROLES)
        .exists()
    )


def _claim(owner: User, today: dt.date) -> list[TaskReminder]:
    """Take the owner's waiting reminders: those still due become sent, the others skipped."""
    with transaction.atomic():
        waiting = list(
            TaskReminder.objects.select_for_update()
            .filter(task__owner=owner, state=TaskReminder.State.PENDING)
            .select_related("task__case__organisation")
            .order_by("due_on", "task__case__number")
        )
        due = [reminder for reminder in waiting if _still_due(reminder, owner, today)]
        stale = [reminder.pk for reminder in waiting if reminder not in due]
        TaskReminder.objects.filter(pk__in=stale).update(state=TaskReminder.State.SKIPPED)
        TaskReminder.objects.filter(pk__in=[reminder.pk for reminder in due]).update(
            state=TaskReminder.State.SENT
        )
    return due


def _lines(reminders: Iterable[TaskReminder], today: dt.date) -> list[dict[str, object]]:
    base = settings.JORNADA_BASE_URL.rstrip("/")
    return [
        {
            "number": reminder.task.case.number,
            "due_on": reminder.due_on,
            "overdue": reminder.due_on < today,
            "link": base + reverse("cases:detail", kwargs={"pk": reminder.task.case_id}),
        }
        for reminder in reminders
    ]


@task()
def send_task_reminders(*, owner_id: int) -> None:
    """E-mail one owner the tasks waiting to be reminded of, once each; case numbers and links only."""
    owner = User.objects.filter(pk=owner_id).first()
    if owner is None:
        return
    today = timezone.localdate()
    due = _claim(owner, today)
    if not due:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "owner": owner,
            "lines": _lines(due, today),
            "my_tasks": settings.JORNADA_BASE_URL.rstrip("/") + reverse("cases:my_tasks"),
        }
        subject = render_to_string("cases/email/task_reminders_subject.txt", context).strip()
        body = render_to_string("cases/email/task_reminders.txt", context)
    try:
        send_mail_scrubbed(subject, body, [owner.email])
    except SendFailed as error:
        TaskReminder.objects.filter(pk__in=[reminder.pk for reminder in due]).update(
            state=TaskReminder.State.FAILED
        )
        logger.warning("task reminders for staff user %s failed: %s", owner_id, error)
        raise


def _previous_sends_forget() -> int:
    """Delete earlier runs' successful reminder sends from the task table; return how many."""
    sent = DBTaskResult.objects.filter(
        task_path=send_task_reminders.module_path, status=TaskResultStatus.SUCCESSFUL
    )
    count, _ = sent.delete()
    return count


@transaction.atomic
def task_reminders_queue(*, today: dt.date | None = None) -> int:
    """Write a reminder for every open task due by tomorrow (or overdue), once per due date; queue the mails.

    A reminder that failed to send is tried again. Return how many owners get an e-mail.
    """
    today = today or timezone.localdate()
    _previous_sends_forget()
    TaskReminder.objects.filter(state=TaskReminder.State.FAILED, task__done_on__isnull=True).update(
        state=TaskReminder.State.PENDING
    )
    open_tasks = CaseTask.objects.filter(
        done_on__isnull=True,
        due_on__lte=today + dt.timedelta(days=DAYS_AHEAD),
        case__anonymised_at__isnull=True,
    )
    TaskReminder.objects.bulk_create(
        [TaskReminder(task_id=pk, due_on=due_on) for pk, due_on in open_tasks.values_list("pk", "due_on")],
        ignore_conflicts=True,
    )
    owners = sorted(
        set(
            TaskReminder.objects.filter(state=TaskReminder.State.PENDING).values_list(
                "task__owner_id", flat=True
            )
        )
    )
    for owner_id in owners:
        # In this transaction: the database backend's task row commits with the reminders or not at all.
        send_task_reminders.enqueue(owner_id=owner_id)
    return len(owners)
