"""Working a case: assigning it, its parties and categories, evaluating, closing, approving, reopening.

Every service here is one transaction that locks the case row first, so two advocates acting at
once see each other's step; each writes an audit event naming what changed, never personal text.
The stage is never written: it follows from the rows these services add (``CaseQuerySet.with_stage``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.cases.keys import data_key_unwrap, field_seal
from jornada.cases.models import (
    MAX_AMOUNT_DIGITS,
    RETENTION_MAX_DAYS,
    RETENTION_MIN_DAYS,
    Case,
    CaseAssignment,
    CaseCategory,
    CaseParty,
    CaseSettings,
    CaseStage,
    CaseStep,
    ComplaintBody,
    Currency,
    Decision,
    Outcome,
    PartyRole,
    StepKind,
)
from jornada.cases.services import _clean_text
from jornada.core.audit import audit_record
from jornada.core.models import Membership, Organisation, Role, User
from jornada.directory.models import Employer, Recruiter
from jornada.vocabulary.models import Category

T = TypeVar("T")

# Who may be put in charge of a case, and who approves evaluations and closings.
ASSIGNABLE_ROLES = (Role.ADVOCATE, Role.SUPERVISOR)
APPROVER_ROLE = Role.SUPERVISOR
MAX_CATEGORIES = 30


def _field_error(
    field: str, message: Any, code: str, params: dict[str, object] | None = None
) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or {})})


def _locked(case: Case) -> Case:
    """Return ``case`` fresh from the database, locked until the transaction ends; refuse anonymised ones."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.is_anonymised():
        raise ValidationError(
            _("This case was anonymised; its personal data cannot be written."), code="anonymised"
        )
    return locked


def case_stage(case: Case) -> str:
    """Return the stage of ``case`` as its data says now (a ``CaseStage`` value)."""
    annotated: Any = Case.objects.with_stage()
    return str(annotated.values_list("stage", flat=True).get(pk=case.pk))


def case_stage_store(*, case: Case) -> str:
    """Store the stage ``case``'s data gives in ``Case.stage_now`` (for filtering); return it.

    Called inside the transaction of every service that changes what the stage is derived from,
    after the change, so the stored value never disagrees with ``case_stage``.
    """
    stage = case_stage(case)
    Case.objects.filter(pk=case.pk).exclude(stage_now=stage).update(stage_now=stage)
    case.stage_now = stage
    return stage


def _stores_stage(service: Callable[..., T]) -> Callable[..., T]:
    """Have ``service`` (which takes ``case=``) store the case's derived stage after it ran."""

    @wraps(service)
    def wrapped(*args: Any, **kwargs: Any) -> T:
        result = service(*args, **kwargs)
        case_stage_store(case=kwargs["case"])
        return result

    return wrapped


def case_settings_of(organisation: Organisation) -> CaseSettings:
    """Return ``organisation``'s case settings, or the defaults (unsaved) when it never set them."""
    found = CaseSettings.objects.filter(organisation=organisation).first()
    return found if found is not None else CaseSettings(organisation=organisation)


def _holds(user: User, organisation: Organisation, *roles: str) -> bool:
    return Membership.objects.filter(user=user, organisation=organisation, role__in=roles).exists()


def _seal_optional(case: Case, record: CaseStep | CaseParty, field: str, text: str) -> bytes | None:
    return field_seal(data_key_unwrap(case), record, field, text) if text else None


@transaction.atomic
def case_settings_update(
    *,
    organisation: Organisation,
    by: User,
    evaluation_needs_approval: bool,
    closing_needs_approval: bool,
    retention_days: int,
) -> CaseSettings:
    """Set whether a supervisor approves evaluations and closings, and how long closed cases keep personal data."""
    if not RETENTION_MIN_DAYS <= retention_days <= RETENTION_MAX_DAYS:
        raise _field_error(
            "retention_days",
            _("Keep personal data between %(min)d and %(max)d days after closing."),
            "out_of_range",
            {"min": RETENTION_MIN_DAYS, "max": RETENTION_MAX_DAYS},
        )
    settings, _created = CaseSettings.objects.select_for_update().get_or_create(organisation=organisation)
    settings.evaluation_needs_approval = evaluation_needs_approval
    settings.closing_needs_approval = closing_needs_approval
    settings.retention_days = retention_days
    settings.updated_at = timezone.now()
    settings.full_clean()
    settings.save()
    audit_record(
        actor=by,
        organisation=organisation,
        action="case.settings_updated",
        target=settings,
        detail={
            "evaluation_needs_approval": evaluation_needs_approval,
            "closing_needs_approval": closing_needs_approval,
            "retention_days": retention_days,
        },
    )
    return settings


@transaction.atomic
@_stores_stage
def case_assign(*, actor: User, case: Case, advocate: User) -> CaseAssignment:
    """Put ``advocate`` (an advocate or supervisor of the case's organisation) in charge of ``case``."""
    case = _locked(case)
    if not advocate.is_active or not _holds(advocate, case.organisation, *ASSIGNABLE_ROLES):
        raise _field_error(
            "advocate",
            _("%(name)s is not an advocate of %(organisation)s."),
            "not_an_advocate",
            {"name": advocate.name, "organisation": case.organisation.name},
        )
    current = CaseAssignment.objects.filter(case=case).first()
    if current is not None and current.advocate_id == advocate.pk:
        raise _field_error(
            "advocate",
            _("%(name)s is already in charge of this case."),
            "already_assigned",
            {"name": advocate.name},
        )
    assignment = CaseAssignment(case=case, advocate=advocate, assigned_by=actor)
    assignment.full_clean()
    assignment.save()
    Case.objects.filter(pk=case.pk).update(updated_at=assignment.assigned_at)
    audit_record(
        actor=actor,
        action="case.assigned",
        organisation=case.organisation,
        target=case,
        detail={"advocate": advocate.pk, "reassigned": current is not None},
    )
    return assignment


@transaction.atomic
def case_party_add(
    *,
    actor: User,
    case: Case,
    role: str,
    employer: Employer | None = None,
    recruiter: Recruiter | None = None,
    name: str = "",
) -> CaseParty:
    """Add a party: an employer or recruiter from the directory, or anyone by a name that is sealed."""
    if role not in PartyRole.values:
        raise _field_error("role", _("Choose the party's role from the list."), "invalid_choice")
    name = _clean_text("party_name", name)
    if employer is not None and role != PartyRole.EMPLOYER:
        raise _field_error("employer", _("Only an employer party links to an employer."), "wrong_role")
    if recruiter is not None and role != PartyRole.RECRUITER:
        raise _field_error("recruiter", _("Only a recruiter party links to a recruiter."), "wrong_role")
    linked = employer is not None or recruiter is not None
    if linked and name:
        raise _field_error(
            "name", _("Either pick the record from the directory or type a name, not both."), "both_given"
        )
    if not linked and not name:
        raise _field_error(
            "name",
            _("Type the party's name, or pick the employer or recruiter from the directory."),
            "required",
        )
    case = _locked(case)
    party = CaseParty(case=case, role=role, employer=employer, recruiter=recruiter, added_by=actor)
    party.name_sealed = _seal_optional(case, party, "name", name)
    party.full_clean()
    party.save(force_insert=True)
    Case.objects.filter(pk=case.pk).update(updated_at=party.added_at)
    audit_record(
        actor=actor,
        action="case.party_added",
        organisation=case.organisation,
        target=case,
        detail={"role": role, "directory": linked},
    )
    return party


@transaction.atomic
def case_categories_set(*, actor: User, case: Case, codes: Iterable[str]) -> list[CaseCategory]:
    """Make ``codes`` the case's categories: new ones pinned to their current version, kept ones unchanged.

    A retired category already on the case may stay; a retired one cannot be added.
    """
    wanted = sorted(set(codes))
    if len(wanted) > MAX_CATEGORIES:
        raise _field_error(
            "categories", _("Choose at most %(limit)d categories."), "too_many", {"limit": MAX_CATEGORIES}
        )
    case = _locked(case)
    current = {
        row.category.code: row for row in CaseCategory.objects.filter(case=case).select_related("category")
    }
    found = {category.code: category for category in Category.objects.filter(code__in=wanted)}
    unknown = [
        code for code in wanted if code not in found or (code not in current and not found[code].is_active())
    ]
    if unknown:
        raise _field_error(
            "categories",
            _("These are not categories you can choose: %(codes)s."),
            "invalid_choice",
            {"codes": ", ".join(unknown)},
        )
    removed = [code for code in current if code not in found]
    CaseCategory.objects.filter(case=case, category__code__in=removed).delete()
    added = []
    for code in wanted:
        if code not in current:
            row = CaseCategory(
                case=case, category=found[code], category_version=found[code].version, added_by=actor
            )
            row.full_clean()
            row.save()
            added.append(code)
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    audit_record(
        actor=actor,
        action="case.categories_set",
        organisation=case.organisation,
        target=case,
        detail={"added": added, "removed": sorted(removed)},
    )
    return list(CaseCategory.objects.filter(case=case).select_related("category"))


@transaction.atomic
def case_urgency_set(*, actor: User, case: Case, urgent: bool) -> Case:
    """Mark ``case`` urgent or not."""
    case = _locked(case)
    case.urgent = urgent
    case.updated_at = timezone.now()
    case.save(update_fields=["urgent", "updated_at"])
    audit_record(
        actor=actor,
        action="case.urgency_set",
        organisation=case.organisation,
        target=case,
        detail={"urgent": urgent},
    )
    return case


def _wrong_stage(stage: str, message: Any) -> ValidationError:
    return ValidationError(message, code="wrong_stage", params={"stage": CaseStage(stage).label})


def _step_add(
    *, actor: User, case: Case, kind: str, text: str, needs_approval: bool, **fields: object
) -> CaseStep:
    number = (CaseStep.objects.filter(case=case).aggregate(last=Max("number"))["last"] or 0) + 1
    step = CaseStep(
        case=case, number=number, kind=kind, recorded_by=actor, approval_required=needs_approval, **fields
    )
    step.text_sealed = _seal_optional(case, step, "text", text)
    step.full_clean()
    step.save(force_insert=True)
    Case.objects.filter(pk=case.pk).update(updated_at=step.recorded_at)
    return step


@transaction.atomic
@_stores_stage
def case_evaluation_record(*, actor: User, case: Case, decision: str, summary: str) -> CaseStep:
    """Record the evaluation of a case being evaluated; it takes effect at once or once a supervisor approves."""
    if decision not in Decision.values:
        raise _field_error("decision", _("Choose a decision from the list."), "invalid_choice")
    summary = _clean_text("summary", summary)
    if not summary:
        raise _field_error("summary", _("Summarise the evaluation."), "required")
    case = _locked(case)
    stage = case_stage(case)
    if stage == CaseStage.NEW:
        raise _field_error(
            "decision", _("Assign an advocate before recording the evaluation."), "not_assigned"
        )
    if stage != CaseStage.EVALUATION:
        raise _wrong_stage(
            stage,
            _(
                "An evaluation is recorded while the case is being evaluated; this case's stage is: %(stage)s."
            ),
        )
    needs = case_settings_of(case.organisation).evaluation_needs_approval
    step = _step_add(
        actor=actor,
        case=case,
        kind=StepKind.EVALUATION,
        text=summary,
        needs_approval=needs,
        decision=decision,
    )
    audit_record(
        actor=actor,
        action="case.evaluated",
        organisation=case.organisation,
        target=case,
        detail={"decision": decision, "approval_required": needs},
    )
    return step


def _amount(
    field: str, value: Decimal | str | None, currency: str, currency_field: str
) -> tuple[Decimal | None, str]:
    """Return a clean (amount, currency) pair; raise ValidationError naming the field when it is not one."""
    if value in (None, ""):
        if currency:
            raise _field_error(
                field, _("Give the amount for the currency chosen, or leave both empty."), "required"
            )
        return None, ""
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise _field_error(field, _("Write the amount as a number, like 1250.50."), "invalid") from None
    exponent = amount.as_tuple().exponent
    if not amount.is_finite() or (isinstance(exponent, int) and exponent < -2):
        raise _field_error(field, _("Write the amount as a number with at most two decimals."), "invalid")
    if amount < 0:
        raise _field_error(field, _("An amount recovered cannot be negative."), "negative")
    if amount >= Decimal(10) ** (MAX_AMOUNT_DIGITS - 2):
        raise _field_error(field, _("This amount is too large."), "too_large")
    if currency not in Currency.values:
        raise _field_error(currency_field, _("Choose the currency of the amount."), "required")
    return amount.quantize(Decimal("0.01")), currency


@transaction.atomic
@_stores_stage
def case_closing_record(
    *,
    actor: User,
    case: Case,
    outcome: str,
    summary: str = "",
    complaint_body: str = "",
    back_wages: Decimal | str | None = None,
    back_wages_currency: str = "",
    fees: Decimal | str | None = None,
    fees_currency: str = "",
) -> CaseStep:
    """Record how an open case ended; it closes at once or once a supervisor approves.

    No action needs a reason (``summary``); an administrative complaint names where it was filed.
    """
    if outcome not in Outcome.values:
        raise _field_error("outcome", _("Choose the outcome from the list."), "invalid_choice")
    if outcome == Outcome.COMPLAINT and complaint_body not in ComplaintBody.values:
        raise _field_error("complaint_body", _("Say where the complaint was filed."), "required")
    if outcome != Outcome.COMPLAINT and complaint_body:
        raise _field_error(
            "complaint_body", _("Only an administrative complaint is filed somewhere."), "not_a_complaint"
        )
    summary = _clean_text("summary", summary)
    if outcome == Outcome.NO_ACTION and not summary:
        raise _field_error("summary", _("Say why no action was taken."), "reason_required")
    wages, wages_currency = _amount("back_wages", back_wages, back_wages_currency, "back_wages_currency")
    fee, fee_currency = _amount("fees", fees, fees_currency, "fees_currency")
    case = _locked(case)
    stage = case_stage(case)
    if stage not in (CaseStage.OPEN, CaseStage.REOPENED):
        raise _wrong_stage(stage, _("Only an open case can be closed; this case's stage is: %(stage)s."))
    needs = case_settings_of(case.organisation).closing_needs_approval
    step = _step_add(
        actor=actor,
        case=case,
        kind=StepKind.CLOSING,
        text=summary,
        needs_approval=needs,
        outcome=outcome,
        complaint_body=complaint_body,
        back_wages=wages,
        back_wages_currency=wages_currency,
        fees=fee,
        fees_currency=fee_currency,
    )
    audit_record(
        actor=actor,
        action="case.closing_recorded",
        organisation=case.organisation,
        target=case,
        detail={"outcome": outcome, "approval_required": needs},
    )
    return step


@transaction.atomic
@_stores_stage
def case_step_approve(*, actor: User, case: Case, kind: str) -> CaseStep:
    """Approve the evaluation or closing of ``case`` waiting for a supervisor; only a supervisor may."""
    case = _locked(case)
    if not _holds(actor, case.organisation, APPROVER_ROLE):
        raise ValidationError(
            _("Only a supervisor of %(organisation)s can approve this."),
            code="not_a_supervisor",
            params={"organisation": case.organisation.name},
        )
    step = CaseStep.objects.filter(case=case).order_by("-number").first()
    if step is None or step.kind != kind or step.in_effect():
        raise ValidationError(_("Nothing of this case is waiting for approval."), code="nothing_to_approve")
    step.approved_by = actor
    step.approved_at = timezone.now()
    # Approval is the one change a step takes; everything recorded stays as it was.
    CaseStep.objects.filter(pk=step.pk).update(approved_by=actor, approved_at=step.approved_at)
    Case.objects.filter(pk=case.pk).update(updated_at=step.approved_at)
    audit_record(
        actor=actor,
        action="case.step_approved",
        organisation=case.organisation,
        target=case,
        detail={"kind": kind},
    )
    return step


@transaction.atomic
@_stores_stage
def case_reopen(*, actor: User, case: Case, reason: str) -> CaseStep:
    """Reopen a closed case, saying why; a later closing closes it again."""
    reason = _clean_text("reason", reason)
    if not reason:
        raise _field_error("reason", _("Say why the case is reopened."), "required")
    case = _locked(case)
    stage = case_stage(case)
    if stage != CaseStage.CLOSED:
        raise _wrong_stage(stage, _("Only a closed case can be reopened; this case's stage is: %(stage)s."))
    step = _step_add(actor=actor, case=case, kind=StepKind.REOPENING, text=reason, needs_approval=False)
    audit_record(actor=actor, action="case.reopened", organisation=case.organisation, target=case)
    return step
