"""A case's tasks: adding one, marking it done or not, and reading them (audited).

A task's title may name the worker or what happened, so it is sealed under the case's data key
like a note, and every read that opens titles writes one audit event per case. Its owner must
be an advocate or supervisor of the case's organisation: a task (and its reminders) never goes
to anyone outside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.cases.keys import data_key_unwrap, field_seal, field_unseal
from jornada.cases.models import Case, CaseTask
from jornada.cases.selectors import CASE_ROLES, case_get
from jornada.cases.worktext import anonymised_refusal, case_fresh, text_clean
from jornada.core.access import organisations_of
from jornada.core.audit import audit_record
from jornada.core.models import Membership, Organisation, User

MAX_TITLE = 300
# How far ahead a due date may be set, and how far back (a task noted late).
MAX_DAYS_AHEAD = 5 * 366
MAX_DAYS_BEHIND = 366
# The most tasks the "My tasks" page and API answer with at once.
MY_TASKS_LIMIT = 500
TITLE_LABEL = _("Task")


@dataclass(frozen=True)
class TaskView:
    """One task in clear, for one page or API answer."""

    id: int
    case_id: int
    case_number: str
    title: str
    due_on: dt.date
    done_on: dt.date | None
    owner_id: int
    owner_name: str
    overdue: bool


def owner_may_hold(owner: User, organisation: Organisation) -> bool:
    """Return True when ``owner`` works cases of ``organisation`` (advocate or supervisor there)."""
    return owner.is_active and task_owners(organisation).filter(pk=owner.pk).exists()


def task_owners(organisation: Organisation) -> QuerySet[User]:
    """Return who may own a task of ``organisation``'s cases, by name."""
    members = Membership.objects.filter(organisation=organisation).with_role(*CASE_ROLES)
    return User.objects.filter(is_active=True, pk__in=members.values("user_id")).order_by("name", "pk")


def _due_clean(due_on: dt.date | None) -> dt.date:
    if due_on is None:
        raise ValidationError({"due_on": ValidationError(_("Give the task a due date."), code="required")})
    today = timezone.localdate()
    if not (
        today - dt.timedelta(days=MAX_DAYS_BEHIND) <= due_on <= today + dt.timedelta(days=MAX_DAYS_AHEAD)
    ):
        raise ValidationError(
            {
                "due_on": ValidationError(
                    _("The due date must be within a year before today and five years after it."),
                    code="out_of_range",
                )
            }
        )
    return due_on


@transaction.atomic
def case_task_add(
    *, actor: User, case: Case, title: str, due_on: dt.date | None, owner: User | None
) -> CaseTask:
    """Add a task to ``case`` for ``owner`` (a case worker of its organisation), its title sealed."""
    title = text_clean("title", title, label=TITLE_LABEL, limit=MAX_TITLE)
    due_on = _due_clean(due_on)
    if owner is None or not owner_may_hold(owner, case.organisation):
        raise ValidationError(
            {
                "owner": ValidationError(
                    _("The owner must be an advocate or supervisor of %(organisation)s."),
                    code="not_a_member",
                    params={"organisation": case.organisation.name},
                )
            }
        )
    case = case_fresh(case)
    if case.is_anonymised():
        raise anonymised_refusal()
    task = CaseTask(case=case, owner=owner, created_by=actor, due_on=due_on)
    task.title_sealed = field_seal(data_key_unwrap(case), task, "title", title)
    task.full_clean()
    task.save(force_insert=True)
    audit_record(
        actor=actor,
        action="case.task_added",
        organisation=case.organisation,
        target=case,
        detail={"owner": owner.pk, "due_on": due_on.isoformat()},
    )
    return task


@transaction.atomic
def case_task_done_set(*, actor: User, task: CaseTask, done: bool) -> CaseTask:
    """Mark ``task`` done today, or not done again; nothing changes when it already is so."""
    task = CaseTask.objects.select_for_update().select_related("case__organisation").get(pk=task.pk)
    if task.is_done() == done:
        return task
    task.done_on = timezone.localdate() if done else None
    task.save(update_fields=["done_on"])
    audit_record(
        actor=actor,
        action="case.task_done" if done else "case.task_reopened",
        organisation=task.case.organisation,
        target=task.case,
    )
    return task


def case_task_get(*, user: User, case_id: int, task_id: int) -> CaseTask:
    """Return task ``task_id`` of case ``case_id`` if the case is ``user``'s organisation's; else 404."""
    case = case_get(user=user, case_id=case_id)
    try:
        return CaseTask.objects.select_related("case__organisation").get(pk=task_id, case=case)
    except CaseTask.DoesNotExist:
        raise Http404 from None


def _views(tasks: Iterable[CaseTask], actor: User, action: str) -> list[TaskView]:
    """Open the titles of ``tasks``, auditing one event per case read; keys unwrapped once per case."""
    tasks = list(tasks)
    today = timezone.localdate()
    keys: dict[int, bytes | None] = {}
    for task in tasks:
        case = task.case
        if case.pk in keys:
            continue
        keys[case.pk] = None if case.is_anonymised() else data_key_unwrap(case)
        audit_record(
            actor=actor,
            action=action,
            organisation=case.organisation,
            target=case,
            detail={"tasks": sum(1 for other in tasks if other.case_id == case.pk)},
        )
    out = []
    for task in tasks:
        key = keys[task.case_id]
        title = "" if key is None or task.title_sealed is None else field_unseal(key, task, "title")
        out.append(
            TaskView(
                id=task.pk,
                case_id=task.case_id,
                case_number=task.case.number,
                title=title,
                due_on=task.due_on,
                done_on=task.done_on,
                owner_id=task.owner_id,
                owner_name=task.owner.name,
                overdue=task.is_overdue(today),
            )
        )
    return out


@transaction.atomic
def case_tasks_read(*, user: User, case_id: int) -> list[TaskView]:
    """Return case ``case_id``'s tasks in clear, open ones first by due date (404 if not ``user``'s)."""
    case = case_get(user=user, case_id=case_id)
    # Open tasks (no done day) first on every database: PostgreSQL sorts nulls last by default.
    open_first = F("done_on").asc(nulls_first=True)
    tasks = list(
        CaseTask.objects.filter(case=case).select_related("owner").order_by(open_first, "due_on", "id")
    )
    for task in tasks:
        task.case = case  # already checked and fetched: no query per task
    return _views(tasks, user, "case.tasks_read")


@transaction.atomic
def my_tasks_read(*, user: User, organisation: Organisation | None = None) -> list[TaskView]:
    """Return ``user``'s open tasks in the organisations where they work cases, overdue first.

    Overdue tasks are those due before today, so ordering by due date puts them first. A task
    whose owner no longer works cases in its organisation is not shown to them.
    """
    tasks = (
        CaseTask.objects.filter(
            owner=user,
            done_on__isnull=True,
            case__organisation__in=organisations_of(user, *CASE_ROLES),
            case__anonymised_at__isnull=True,
        )
        .select_related("case__organisation", "owner")
        .order_by("due_on", "id")
    )
    if organisation is not None:
        tasks = tasks.filter(case__organisation=organisation)
    return _views(tasks[:MY_TASKS_LIMIT], user, "case.tasks_read")


def overdue_annotate(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Add ``overdue_tasks`` to each case: how many of its open tasks are past their due date."""
    overdue = (
        CaseTask.objects.filter(case=OuterRef("pk"), done_on__isnull=True, due_on__lt=timezone.localdate())
        .order_by()
        .values("case")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return cases.annotate(overdue_tasks=Coalesce(Subquery(overdue, output_field=IntegerField()), 0))


def cases_with_overdue_tasks(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Narrow ``cases`` to those with at least one open task past its due date (the list's "overdue" filter)."""
    overdue = CaseTask.objects.filter(done_on__isnull=True, due_on__lt=timezone.localdate())
    return cases.filter(pk__in=overdue.values("case_id"))
