"""Reading protocols: the case types to choose from, a case's steps (audited), progress for the list.

A case is fetched through ``jornada.cases.selectors.case_get``, so another organisation's case is
a 404 before any key is touched; opening a case's step answers writes one audit event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from jornada.cases.keys import data_key_unwrap, field_unseal
from jornada.cases.models import Case
from jornada.cases.selectors import case_get
from jornada.core.audit import audit_record
from jornada.core.models import Role, User
from jornada.protocols import gbv
from jornada.protocols.models import CaseProtocol, CaseType, ProtocolStep, ProtocolStepRecord

GBV_QUESTION_KEYS = {question for question, _type in gbv.ORDERED_QUESTIONS}


def case_types_current() -> list[CaseType]:
    """Return the newest version of every case type, by name."""
    newest = CaseType.objects.filter(slug=OuterRef("slug")).order_by("-version").values("pk")[:1]
    return list(CaseType.objects.filter(pk=Subquery(newest)).order_by("name_es"))


@dataclass(frozen=True)
class AnswerView:
    label: str
    value: str


@dataclass(frozen=True)
class StepView:
    """One step of a case's protocol as a page shows it, with its answers opened."""

    step: ProtocolStep
    record: ProtocolStepRecord
    overdue: bool
    blocked_by: str
    answers: list[AnswerView] = field(default_factory=list)
    raw_answers: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ProtocolView:
    protocol: CaseProtocol
    steps: list[StepView]
    done: int
    overdue: int
    # What Jornada derives from the answers (the GBVIMS incident type and context), never asked.
    derived: list[AnswerView] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.steps)


def _display(spec: dict[str, Any], value: Any, language: str) -> str:
    """Return an answer as staff read it: the choice labels, yes or no, the text."""
    if spec["type"] == "yesno":
        return str(_("Yes")) if value else str(_("No"))
    if spec["type"] in ("choice", "multichoice"):
        labels = {choice["value"]: choice[f"label_{language}"] for choice in spec["choices"]}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(item, str(item)) for item in values)
    return str(value)


@transaction.atomic
def case_protocol_read(*, user: User, case_id: int, language: str) -> ProtocolView | None:
    """Return case ``case_id``'s protocol with every step and its answers opened (404 if not ``user``'s).

    Returns None when the case follows no protocol. Opening answers is audited once per read.
    """
    case = case_get(user=user, case_id=case_id)
    protocol = CaseProtocol.objects.filter(case=case).select_related("case_type", "chosen_by").first()
    if protocol is None:
        return None
    records = list(
        ProtocolStepRecord.objects.filter(protocol=protocol)
        .select_related("step", "completed_by", "approved_by")
        .order_by("step__position", "step__pk")
    )
    sealed = any(record.answers_sealed is not None for record in records)
    audit_record(
        actor=user,
        action="protocol.read",
        organisation=case.organisation,
        target=case,
        detail={"case_type": protocol.case_type.slug, "sealed_answers": sealed},
    )
    data_key = data_key_unwrap(case) if sealed and not case.is_anonymised() else None
    by_key = {record.step.key: record for record in records}
    now = timezone.now()
    views = []
    for record in records:
        answers = dict(record.answers)
        if data_key is not None and record.answers_sealed is not None:
            answers.update(json.loads(field_unseal(data_key, record, "answers")))
        before = by_key.get(record.step.after) if record.step.after else None
        views.append(
            StepView(
                step=record.step,
                record=record,
                overdue=record.is_overdue(now),
                blocked_by=before.step.title(language) if before and not before.is_complete() else "",
                answers=[
                    AnswerView(spec[f"label_{language}"], _display(spec, answers[spec["key"]], language))
                    for spec in record.step.fields
                    if spec["key"] in answers
                ],
                raw_answers=answers,
            )
        )
    return ProtocolView(
        protocol=protocol,
        steps=views,
        done=sum(1 for view in views if view.record.is_complete()),
        overdue=sum(1 for view in views if view.overdue),
        derived=_derived(records),
    )


def _derived(records: list[ProtocolStepRecord]) -> list[AnswerView]:
    """Return the GBVIMS type and context of a completed incident step (its yes/no keys), if any."""
    for record in records:
        keys = {spec["key"] for spec in record.step.fields}
        if record.completed_at is not None and keys >= GBV_QUESTION_KEYS:
            kind = gbv.incident_type(record.answers)
            context = gbv.incident_context(record.answers, kind)
            return [
                AnswerView(str(_("Incident type (GBVIMS)")), str(kind.label)),
                AnswerView(
                    str(_("Context (derived)")), ", ".join(str(item.label) for item in context) or "—"
                ),
            ]
    return []


def _count(records: QuerySet[ProtocolStepRecord]) -> Coalesce:
    counted = records.order_by().values("protocol__case").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def protocol_progress_annotate(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Add each case's protocol progress for the list: name, steps, steps done, steps overdue.

    One subquery per figure over the page's rows only (``case_list_page`` decorates the chosen
    page), so the list makes the same number of queries whatever the number of cases.
    """
    mine = ProtocolStepRecord.objects.filter(protocol__case=OuterRef("pk"))
    done = Q(completed_at__isnull=False) & (Q(approval_required=False) | Q(approved_at__isnull=False))
    return cases.annotate(
        protocol_name_es=Subquery(
            CaseProtocol.objects.filter(case=OuterRef("pk")).values("case_type__name_es")[:1]
        ),
        protocol_name_en=Subquery(
            CaseProtocol.objects.filter(case=OuterRef("pk")).values("case_type__name_en")[:1]
        ),
        protocol_steps=_count(mine),
        protocol_done=_count(mine.filter(done)),
        protocol_overdue=_count(mine.filter(completed_at__isnull=True, due_at__lt=timezone.now())),
    )


def cases_with_overdue_steps(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Narrow ``cases`` to those with a protocol step past its due time."""
    late = ProtocolStepRecord.objects.filter(completed_at__isnull=True, due_at__lt=timezone.now())
    return cases.filter(pk__in=late.values("protocol__case_id"))


def may_approve(user: User, case: Case) -> bool:
    """Return True when ``user`` supervises ``case``'s organisation."""
    return user.memberships.filter(organisation=case.organisation, role=Role.SUPERVISOR).exists()
