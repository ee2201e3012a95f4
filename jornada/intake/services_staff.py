"""What advocates do with a request for help: triage it, then accept it as a case, decline it or mark it a duplicate.

Every decision locks the request's row first (``select_for_update``; on SQLite every write
transaction is ``IMMEDIATE``), then the deciding organisation's recipient row, and checks again
what it found: when two organisations accept at once, the second waits for the first, then finds
the request taken and gets a clear error instead of a second case. Every decision is audited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jornada.cases.consent import case_consent_record
from jornada.cases.keys import field_unseal
from jornada.cases.models import Case, ConsentMethod, ConsentPurpose, PartyRole
from jornada.cases.selectors import CASE_ROLES
from jornada.cases.services import case_create, case_note_add
from jornada.cases.workflow import case_categories_set, case_party_add
from jornada.core.access import organisations_of
from jornada.core.audit import audit_record
from jornada.core.models import Organisation, User
from jornada.directory.models import Employer, Recruiter
from jornada.intake.keys import recipient_key_unwrap
from jornada.intake.models import (
    FINAL_STATUSES,
    INTAKE_PERSONAL_FIELDS,
    DeclineReason,
    Intake,
    IntakeAddition,
    IntakeRecipient,
    IntakeStatus,
    RecipientDecision,
    UrgentReason,
    Whereabouts,
)
from jornada.intake.selectors import recipients_for_user
from jornada.intake.selectors_staff import intake_conflicts, place_label, staff_category_labels
from jornada.intake.services import MAX_CATEGORIES, _erase
from jornada.vocabulary.languages import MAX_LANGUAGE_NAME, is_language_name, language_key, language_name
from jornada.vocabulary.models import Category

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _error(field_name: str, message: StrOrPromise, code: str, **params: object) -> ValidationError:
    return ValidationError({field_name: ValidationError(message, code=code, params=params or None)})


def _recipient_locked(*, actor: User, intake_id: int) -> IntakeRecipient:
    """Return ``actor``'s organisation's recipient row of request ``intake_id``, both rows locked.

    A request none of ``actor``'s organisations received is a 404. One they received but can no
    longer decide (taken in elsewhere, decided, withdrawn) raises a ValidationError saying so.
    """
    intake = Intake.objects.select_for_update().filter(pk=intake_id).first()
    rows = list(
        IntakeRecipient.objects.select_for_update(of=("self",))
        .filter(intake_id=intake_id, organisation__in=organisations_of(actor, *CASE_ROLES))
        .select_related("organisation")
    )
    if intake is None or not rows:
        raise Http404
    # A member of two recipient organisations decides for the one that can still decide.
    recipient = sorted(
        rows, key=lambda row: (row.decision != RecipientDecision.PENDING, row.organisation.name)
    )[0]
    recipient.intake = intake
    if recipient.decision == RecipientDecision.TAKEN_ELSEWHERE or (
        intake.status == IntakeStatus.ACCEPTED and recipient.decision != RecipientDecision.ACCEPTED
    ):
        raise ValidationError(
            gettext_lazy("Another organisation took this request in first: there is nothing left to decide."),
            code="taken_elsewhere",
        )
    if (
        recipient.decision != RecipientDecision.PENDING
        or intake.status in (*FINAL_STATUSES, IntakeStatus.ACCEPTED)
        or recipient.data_key is None
    ):
        raise ValidationError(
            gettext_lazy("This request was already decided (%(status)s)."),
            code="already_decided",
            params={"status": intake.get_status_display()},
        )
    return recipient


def intake_review_start(*, intake: Intake) -> Intake:
    """Mark a received request as being reviewed (what its status page then tells the worker)."""
    if intake.status == IntakeStatus.RECEIVED:
        Intake.objects.filter(pk=intake.pk, status=IntakeStatus.RECEIVED).update(
            status=IntakeStatus.REVIEWING
        )
        intake.status = IntakeStatus.REVIEWING
    return intake


def _triage_categories(codes: list[str], kept: list[str]) -> list[str]:
    wanted = list(dict.fromkeys(code for code in codes if code))
    if len(wanted) > MAX_CATEGORIES:
        raise _error(
            "categories",
            gettext_lazy("Choose at most %(limit)d categories."),
            "too_many",
            limit=MAX_CATEGORIES,
        )
    # A category retired since the worker chose it may stay; no retired one may be added.
    usable = set(Category.objects.active().filter(code__in=wanted).values_list("code", flat=True))
    if any(code not in usable and code not in kept for code in wanted):
        raise _error(
            "categories", gettext_lazy("One of the categories is not in the vocabulary."), "invalid_choice"
        )
    return wanted


def _triage_language(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise _error("language", gettext_lazy("Name the language the worker speaks."), "required")
    if len(name) > MAX_LANGUAGE_NAME or not is_language_name(name):
        raise _error(
            "language",
            gettext_lazy("Write the name of a language (letters only, at most %(limit)d)."),
            "invalid",
            limit=MAX_LANGUAGE_NAME,
        )
    return language_key(name)


@transaction.atomic
def intake_triage(
    *,
    actor: User,
    intake_id: int,
    urgent: bool,
    categories: list[str],
    language: str,
    employer_id: int | None = None,
    recruiter_id: int | None = None,
) -> Intake:
    """Set a waiting request's urgency, categories, directory employer and recruiter, and language."""
    recipient = _recipient_locked(actor=actor, intake_id=intake_id)
    intake = recipient.intake
    errors: dict[str, list[ValidationError]] = {}
    values: dict[str, object] = {
        "urgent": bool(urgent),
        "employer_id": employer_id,
        "recruiter_id": recruiter_id,
    }
    for name, check, argument in (
        ("categories", _triage_categories, (list(categories), list(intake.categories))),
        ("language", _triage_language, (language,)),
    ):
        try:
            values[name] = check(*argument)
        except ValidationError as error:
            for key, messages in error.error_dict.items():
                errors.setdefault(key, []).extend(messages)
    if employer_id is not None and not Employer.objects.filter(pk=employer_id).exists():
        errors.setdefault("employer", []).append(
            ValidationError(gettext_lazy("That employer is not in the directory."), code="invalid_choice")
        )
    if recruiter_id is not None and not Recruiter.objects.filter(pk=recruiter_id).exists():
        errors.setdefault("recruiter", []).append(
            ValidationError(gettext_lazy("That recruiter is not in the directory."), code="invalid_choice")
        )
    if errors:
        raise ValidationError(errors)
    changed = sorted(
        name.removesuffix("_id") for name, value in values.items() if getattr(intake, name) != value
    )
    for name, value in values.items():
        setattr(intake, name, value)
    intake.save(update_fields=["urgent", "categories", "language", "employer", "recruiter"])
    intake.recipients.update(urgent=intake.urgent)  # the copy the queues are ordered by
    if changed:
        audit_record(
            actor=actor,
            action="intake.triaged",
            organisation=recipient.organisation,
            target=intake,
            detail={"fields": changed},
        )
    return intake


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _summary_note(intake: Intake) -> str:
    """Return the first note of a case taken in from ``intake``: what the request said besides the text."""
    labels = staff_category_labels()
    reasons = dict(UrgentReason.choices)
    lines = [
        _("Taken in from a request for help received on %(date)s.")
        % {"date": formats.date_format(intake.received_at.date(), "DATE_FORMAT")},
    ]
    if intake.urgent:
        named = ", ".join(str(reasons.get(code, code)) for code in intake.urgent_reasons)
        lines.append(_("Urgent: %(reasons)s") % {"reasons": named or _("marked urgent in triage")})
    if intake.categories:
        named = ", ".join(labels.get(code, code) for code in intake.categories)
        lines.append(_("Categories: %(categories)s") % {"categories": named})
    if intake.employer is not None:
        lines.append(_("Employer in the directory: %(name)s") % {"name": intake.employer.name})
    if intake.recruiter is not None:
        lines.append(_("Recruiter in the directory: %(name)s") % {"name": intake.recruiter.name})
    if intake.place:
        lines.append(_("Where it happened: %(place)s") % {"place": place_label(intake.place)})
    if intake.year:
        lines.append(_("Season: %(year)s") % {"year": intake.year})
    lines.append(
        _("Where the worker is now: %(whereabouts)s")
        % {"whereabouts": dict(Whereabouts.choices).get(intake.whereabouts, intake.whereabouts)}
    )
    lines.append(_("Language: %(language)s") % {"language": language_name(intake.language)})
    if not intake.consent_contact:
        lines.append(_("The worker did not agree to be contacted: do not contact them."))
    lines.append(
        _("May be shared with another organisation: %(answer)s") % {"answer": _yes_no(intake.consent_share)}
    )
    lines.append(
        _("May be counted in reports without a name: %(answer)s") % {"answer": _yes_no(intake.consent_count)}
    )
    return "\n".join(lines)


@transaction.atomic
def intake_accept(*, actor: User, intake_id: int, confirm_conflicts: bool = False) -> Case:
    """Take request ``intake_id`` in as a case of ``actor``'s organisation; return the case.

    The personal fields move into the case (sealed under its own key), the worker's additions
    become notes, every other recipient loses its key and sees the request no more, and the
    request's own sealed copy is erased. With cases or requests naming the same employer or
    recruiter, ``confirm_conflicts`` must be True; the confirmation is audited.
    """
    recipient = _recipient_locked(actor=actor, intake_id=intake_id)
    intake = recipient.intake
    organisation = recipient.organisation
    conflicts = intake_conflicts(recipient=recipient).conflicts
    if conflicts and not confirm_conflicts:
        raise _error(
            "confirm_conflicts",
            gettext_lazy(
                "Your organisation already has %(count)d cases or requests naming the same employer or "
                "recruiter. Check them, then confirm to accept."
            ),
            "conflict_unconfirmed",
            count=len(conflicts),
        )
    data_key = recipient_key_unwrap(recipient)
    clear = {name: field_unseal(data_key, intake, name) for name in INTAKE_PERSONAL_FIELDS}
    narrative = clear["narrative"]
    if clear["party_name"]:
        typed = _("Employer or recruiter, as the worker wrote it: %(name)s") % {"name": clear["party_name"]}
        narrative = f"{narrative}\n\n{typed}" if narrative else typed
    case = case_create(
        actor=actor,
        organisation=organisation,
        worker_name=clear["worker_name"],
        contact=clear["contact"],
        safe_times=clear["safe_times"],
        narrative=narrative,
        contact_channel=intake.contact_channel,
        may_leave_message=intake.may_leave_message,
        urgent=intake.urgent,
    )
    # What triage settled becomes the case's own data: categories still in use, and the parties.
    active = set(Category.objects.active().filter(code__in=intake.categories).values_list("code", flat=True))
    if active:
        case_categories_set(
            actor=actor, case=case, codes=[code for code in intake.categories if code in active]
        )
    if intake.employer is not None:
        case_party_add(actor=actor, case=case, role=PartyRole.EMPLOYER, employer=intake.employer)
    if intake.recruiter is not None:
        case_party_add(actor=actor, case=case, role=PartyRole.RECRUITER, recruiter=intake.recruiter)
    if clear["party_name"]:
        case_party_add(actor=actor, case=case, role=PartyRole.OTHER, name=clear["party_name"])
    # The worker's three answers in the form become the case's consent records (method: online).
    for given, purpose in (
        (intake.consent_contact, ConsentPurpose.SERVICES),
        (intake.consent_share, ConsentPurpose.REFERRAL),
        (intake.consent_count, ConsentPurpose.REPORTING),
    ):
        if given:
            case_consent_record(actor=None, case=case, purpose=purpose, method=ConsentMethod.ONLINE)
    case_note_add(actor=actor, case=case, text=_summary_note(intake))
    for addition in IntakeAddition.objects.filter(intake=intake, text_sealed__isnull=False).order_by(
        "added_on", "id"
    ):
        text = field_unseal(data_key, addition, "text")
        case_note_add(
            actor=actor,  # who copied it in; the text says the worker wrote it
            case=case,
            text=_("Added by the worker on %(date)s: %(text)s")
            % {"date": formats.date_format(addition.added_on, "DATE_FORMAT"), "text": text},
        )
    today = timezone.localdate()
    recipient.decision = RecipientDecision.ACCEPTED
    recipient.decided_on = today
    recipient.save(update_fields=["decision", "decided_on"])
    others = intake.recipients.exclude(pk=recipient.pk).filter(decision=RecipientDecision.PENDING)
    elsewhere = list(Organisation.objects.filter(pk__in=others.values("organisation_id")))
    others.update(decision=RecipientDecision.TAKEN_ELSEWHERE, decided_on=today)
    _erase(intake)  # the case holds the data now; every recipient's key to the request goes
    intake.case = case
    intake.status = IntakeStatus.ACCEPTED
    intake.decided_on = today
    intake.save()
    if conflicts:
        audit_record(
            actor=actor,
            action="intake.conflict_confirmed",
            organisation=organisation,
            target=intake,
            detail={"conflicts": len(conflicts)},
        )
    audit_record(
        actor=actor,
        action="intake.accepted",
        organisation=organisation,
        target=intake,
        detail={"case": case.pk},
    )
    for other in elsewhere:
        # No actor: the other organisation's log must not name who took it in.
        audit_record(actor=None, action="intake.taken_elsewhere", organisation=other, target=intake)
    return case


@transaction.atomic
def intake_decline(*, actor: User, intake_id: int, reason: str) -> IntakeRecipient:
    """Decline request ``intake_id`` for ``actor``'s organisation, which loses its key to it.

    When every recipient has declined, the request is declined (its status page says so).
    """
    if reason not in DeclineReason.values:
        raise _error("reason", gettext_lazy("Choose why the request is declined."), "invalid_choice")
    recipient = _recipient_locked(actor=actor, intake_id=intake_id)
    intake = recipient.intake
    today = timezone.localdate()
    recipient.decision = RecipientDecision.DECLINED
    recipient.decline_reason = reason
    recipient.decided_on = today
    recipient.data_key = None
    recipient.key_version = None
    recipient.save(update_fields=["decision", "decline_reason", "decided_on", "data_key", "key_version"])
    audit_record(
        actor=actor,
        action="intake.declined",
        organisation=recipient.organisation,
        target=intake,
        detail={"reason": reason},
    )
    if not intake.recipients.exclude(decision=RecipientDecision.DECLINED).exists():
        intake.status = IntakeStatus.DECLINED
        intake.decided_on = today
        intake.save(update_fields=["status", "decided_on"])
    return recipient


@transaction.atomic
def intake_mark_duplicate(*, actor: User, intake_id: int, duplicate_of_id: int | None) -> Intake:
    """Close request ``intake_id`` as a duplicate of another request ``actor``'s organisation can open."""
    recipient = _recipient_locked(actor=actor, intake_id=intake_id)
    intake = recipient.intake
    original = (
        Intake.objects.filter(
            pk=duplicate_of_id,
            pk__in=recipients_for_user(user=actor)
            .filter(organisation=recipient.organisation)
            .values("intake_id"),
        )
        .exclude(pk=intake.pk)
        .first()
        if duplicate_of_id is not None
        else None
    )
    if original is None:
        raise _error(
            "duplicate_of",
            gettext_lazy("Choose another request your organisation has received."),
            "invalid_choice",
        )
    today = timezone.localdate()
    # The request is closed for every organisation that received it: none waits on it any more.
    intake.recipients.filter(decision=RecipientDecision.PENDING).update(
        decision=RecipientDecision.DUPLICATE, decided_on=today
    )
    intake.duplicate_of = original
    intake.status = IntakeStatus.DUPLICATE
    intake.decided_on = today
    intake.save(update_fields=["duplicate_of", "status", "decided_on"])
    audit_record(
        actor=actor,
        action="intake.duplicate",
        organisation=recipient.organisation,
        target=intake,
        detail={"duplicate_of": original.pk},
    )
    return intake
