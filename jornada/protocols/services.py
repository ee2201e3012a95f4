"""Writing protocols: new case type versions, choosing a case's type, completing and approving steps.

Every service that touches a case locks its row first (``case_fresh``), refuses an anonymised
case, seals answers that can hold personal data under the case's data key and writes an audit
event naming the step, never an answer.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jornada.cases.case_tasks import case_task_add
from jornada.cases.keys import data_key_unwrap, field_seal
from jornada.cases.models import Case
from jornada.cases.selectors import CASE_ROLES
from jornada.cases.workflow import case_urgency_set
from jornada.cases.worktext import anonymised_refusal, case_fresh
from jornada.core.audit import audit_record
from jornada.core.models import Membership, Organisation, Role, User
from jornada.protocols import sharing
from jornada.protocols.models import CaseProtocol, CaseType, ProtocolStep, ProtocolStepRecord
from jornada.protocols.specs import TYPE_FIELDS, definition_check, fingerprint

MAX_TEXT_ANSWER = 5_000
MAX_NUMBER = Decimal("1e9")


def _language() -> str:
    return (get_language() or "es").split("-")[0]


@dataclass(frozen=True)
class VersionResult:
    case_type: CaseType
    created: bool


@transaction.atomic
def case_type_version_create(*, definition: Mapping[str, Any], source: str = "") -> VersionResult:
    """Make ``definition`` the newest version of its case type, unless the newest already says the same.

    Cases that chose an older version keep it; only cases choosing a type from now on get this one.
    """
    clean = definition_check(definition)
    digest = fingerprint(clean)
    newest = CaseType.objects.select_for_update().filter(slug=clean["slug"]).order_by("-version").first()
    if newest is not None and newest.fingerprint == digest:
        return VersionResult(newest, created=False)
    last = CaseType.objects.filter(slug=clean["slug"]).aggregate(last=Max("version"))["last"] or 0
    case_type = CaseType(
        **{name: clean[name] for name in TYPE_FIELDS},
        version=last + 1,
        source=source[:200],
        fingerprint=digest,
    )
    case_type.full_clean()
    case_type.save()
    for position, step in enumerate(clean["steps"], start=1):
        row = ProtocolStep(case_type=case_type, position=position, **step)
        row.full_clean()
        row.save()
    return VersionResult(case_type, created=True)


def case_type_current(slug: str) -> CaseType | None:
    """Return the newest version of case type ``slug``, or None."""
    return CaseType.objects.filter(slug=slug).order_by("-version").first()


def _roles(user: User, case: Case) -> set[str]:
    return set(
        Membership.objects.filter(user=user, organisation=case.organisation).values_list("role", flat=True)
    )


def _refuse_outsider(actor: User, case: Case) -> set[str]:
    roles = _roles(actor, case)
    if not roles & set(CASE_ROLES):
        raise ValidationError(
            _("Only an advocate or supervisor of %(organisation)s works this case."),
            code="not_a_case_worker",
            params={"organisation": case.organisation.name},
        )
    return roles


@transaction.atomic
def case_protocol_choose(*, actor: User, case: Case, case_type: CaseType) -> CaseProtocol:
    """Have ``case`` follow the newest version of ``case_type``; its steps' due times start now.

    A case type that makes every case urgent marks the case urgent (``case_urgency_set``).
    """
    case = case_fresh(case)
    if case.is_anonymised():
        raise anonymised_refusal()
    _refuse_outsider(actor, case)
    if CaseProtocol.objects.filter(case=case).exists():
        raise ValidationError(
            {"case_type": ValidationError(_("This case already follows a protocol."), code="already_chosen")}
        )
    current = case_type_current(case_type.slug)
    if current is None or current.pk != case_type.pk:
        raise ValidationError(
            {
                "case_type": ValidationError(
                    _("This version of the case type was replaced; choose its current version."),
                    code="old_version",
                )
            }
        )
    protocol = CaseProtocol(case=case, case_type=case_type, chosen_by=actor)
    protocol.save()
    for step in ProtocolStep.objects.filter(case_type=case_type):
        due = None
        if step.due_hours is not None and not step.due_from:
            due = case.created_at + dt.timedelta(hours=step.due_hours)
        ProtocolStepRecord.objects.create(protocol=protocol, step=step, due_at=due)
    audit_record(
        actor=actor,
        action="protocol.chosen",
        organisation=case.organisation,
        target=case,
        detail={"case_type": case_type.slug, "version": case_type.version},
    )
    if case_type.urgent_by_default and not case.urgent:
        case_urgency_set(actor=actor, case=case, urgent=True)
    return protocol


def _field_error(name: str, message: Any, code: str, **params: object) -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code, params=params)})


def _answer_clean(spec: Mapping[str, Any], value: Any, language: str) -> Any:
    """Return one answer in its stored shape (None when not given); raise ValidationError on its field."""
    key, kind = spec["key"], spec["type"]
    label = spec["label_en"] if language == "en" else spec["label_es"]
    if value in (None, "", []):
        if spec["required"]:
            raise _field_error(key, _("%(field)s: answer this question."), "required", field=label)
        return None
    if kind == "text":
        text = str(value).strip()
        if len(text) > MAX_TEXT_ANSWER:
            raise _field_error(
                key,
                _("%(field)s is longer than %(limit)d characters."),
                "too_long",
                field=label,
                limit=MAX_TEXT_ANSWER,
            )
        return text or None
    if kind == "yesno":
        if value in (True, "yes", "true"):
            return True
        if value in (False, "no", "false"):
            return False
    elif kind == "choice":
        if value in {choice["value"] for choice in spec["choices"]}:
            return value
    elif kind == "multichoice":
        allowed = [choice["value"] for choice in spec["choices"]]
        chosen = [value] if isinstance(value, str) else list(value)
        if all(item in allowed for item in chosen):
            return [item for item in allowed if item in chosen]
    elif kind == "date":
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            pass
    elif kind == "number":
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            number = None
        if number is not None and number.is_finite() and abs(number) < MAX_NUMBER:
            return int(number) if number == number.to_integral_value() else float(number)
    raise _field_error(
        key, _("%(field)s: this answer is not one the question takes."), "invalid", field=label
    )


def answers_clean(
    fields: list[dict[str, Any]], data: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (clear answers, personal answers) of ``data`` checked against the step's field specs."""
    language = _language()
    clear: dict[str, Any] = {}
    personal: dict[str, Any] = {}
    errors: dict[str, list[ValidationError]] = {}
    for spec in fields:
        try:
            value = _answer_clean(spec, data.get(spec["key"]), language)
        except ValidationError as error:
            for field, found in error.error_dict.items():
                errors.setdefault(field, []).extend(found)
            continue
        if value is not None:
            (personal if spec["personal"] else clear)[spec["key"]] = value
    given = {**clear, **personal}
    for spec in fields:
        when = spec.get("required_when")
        if (
            when
            and spec["key"] not in given
            and spec["key"] not in errors
            and given.get(when["field"]) == when["value"]
        ):
            label = spec["label_en"] if language == "en" else spec["label_es"]
            errors[spec["key"]] = [
                ValidationError(
                    _("%(field)s: answer this question."), code="required", params={"field": label}
                )
            ]
    if errors:
        raise ValidationError(errors)
    return clear, personal


def _record(case: Case, step_key: str) -> ProtocolStepRecord:
    record = (
        ProtocolStepRecord.objects.select_for_update()
        .select_related("step", "protocol__case_type")
        .filter(protocol__case=case, step__key=step_key)
        .first()
    )
    if record is None:
        raise ValidationError(
            _("This case's protocol has no step %(step)s."), code="unknown_step", params={"step": step_key}
        )
    return record


def _may_complete(roles: set[str], step: ProtocolStep) -> bool:
    """A supervisor may complete an advocate's step; otherwise the step's own role is needed."""
    if step.role == Role.ADVOCATE:
        return bool(roles & {Role.ADVOCATE, Role.SUPERVISOR})
    return step.role in roles


def _tasks_create(*, actor: User, case: Case, step: ProtocolStep, clear: Mapping[str, Any]) -> int:
    """Create the case tasks that the chosen answers carry (an immigration relief to prepare)."""
    language = _language()
    made = 0
    for spec in step.fields:
        chosen = clear.get(spec["key"])
        values = chosen if isinstance(chosen, list) else [chosen]
        for choice in spec.get("choices", []):
            if choice["value"] in values and choice.get("task_es"):
                case_task_add(
                    actor=actor,
                    case=case,
                    owner=actor,
                    title=choice["task_en"] if language == "en" else choice["task_es"],
                    due_on=timezone.localdate() + dt.timedelta(days=choice["task_days"]),
                )
                made += 1
    return made


@transaction.atomic
def protocol_step_complete(
    *, actor: User, case: Case, step_key: str, answers: Mapping[str, Any], override_reason: str = ""
) -> ProtocolStepRecord:
    """Complete step ``step_key`` of ``case`` with ``answers``; once only, by its role, in its order.

    A referral or hand-off shares the case: it needs the matching consent, or a supervisor's
    override with a reason (``jornada.protocols.sharing``). Steps counted from this one become
    due from now. When the case type needs a supervisor and the step is marked for approval, it
    counts as done only once a supervisor approves it.
    """
    case = case_fresh(case)
    if case.is_anonymised():
        raise anonymised_refusal()
    roles = _refuse_outsider(actor, case)
    record = _record(case, step_key)
    step = record.step
    if record.completed_at is not None:
        raise ValidationError(
            _("Step %(step)s was already completed."),
            code="already_completed",
            params={"step": step.title(_language())},
        )
    if not _may_complete(roles, step):
        raise ValidationError(
            _("Only a member with the role %(role)s may complete this step."),
            code="wrong_role",
            params={"role": Role(step.role).label},
        )
    if step.after:
        before = ProtocolStepRecord.objects.select_related("step").get(
            protocol=record.protocol, step__key=step.after
        )
        if not before.is_complete():
            raise ValidationError(
                _("Complete (and have approved, if it needs it) the step “%(other)s” first."),
                code="out_of_order",
                params={"other": before.step.title(_language())},
            )
    clear, personal = answers_clean(step.fields, answers)
    override = False
    if step.is_share():
        override = sharing.share_authorise(actor=actor, case=case, step=step, override_reason=override_reason)
    now = timezone.now()
    record.completed_at = now
    record.completed_by = actor
    record.answers = clear
    record.answers_sealed = (
        field_seal(data_key_unwrap(case), record, "answers", json.dumps(personal, ensure_ascii=False))
        if personal
        else None
    )
    record.approval_required = record.protocol.case_type.needs_supervisor and step.needs_approval
    record.shared_by_override = override
    record.save()
    for later in ProtocolStepRecord.objects.select_related("step").filter(
        protocol=record.protocol, step__due_from=step.key, completed_at__isnull=True
    ):
        later.due_at = now + dt.timedelta(hours=later.step.due_hours or 0)
        later.save(update_fields=["due_at"])
    Case.objects.filter(pk=case.pk).update(updated_at=now)
    tasks = _tasks_create(actor=actor, case=case, step=step, clear=clear)
    audit_record(
        actor=actor,
        action="protocol.step_completed",
        organisation=case.organisation,
        target=case,
        detail={
            "step": step.key,
            "approval_required": record.approval_required,
            "override": override,
            "tasks": tasks,
        },
    )
    return record


@transaction.atomic
def protocol_step_approve(*, actor: User, case: Case, step_key: str) -> ProtocolStepRecord:
    """Approve step ``step_key`` of ``case``, completed and waiting for a supervisor; only a supervisor may."""
    case = case_fresh(case)
    if Role.SUPERVISOR not in _roles(actor, case):
        raise ValidationError(
            _("Only a supervisor of %(organisation)s can approve this."),
            code="not_a_supervisor",
            params={"organisation": case.organisation.name},
        )
    record = _record(case, step_key)
    if not record.is_waiting_for_approval():
        raise ValidationError(_("This step is not waiting for approval."), code="nothing_to_approve")
    record.approved_by = actor
    record.approved_at = timezone.now()
    record.save(update_fields=["approved_by", "approved_at"])
    audit_record(
        actor=actor,
        action="protocol.step_approved",
        organisation=case.organisation,
        target=case,
        detail={"step": record.step.key},
    )
    return record


@transaction.atomic
def protocol_export_record(
    *, actor: User, organisation: Organisation, kind: str, rows: Callable[..., list[list[str]]]
) -> list[list[str]]:
    """Build export ``kind`` of ``organisation`` with ``rows`` and audit that it left, with its size."""
    made = rows(organisation=organisation)
    audit_record(
        actor=actor,
        action="protocol.exported",
        organisation=organisation,
        detail={"export": kind, "rows": len(made) - 1},
    )
    return made
