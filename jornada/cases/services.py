"""Writing cases: opening one, changing its personal fields, adding notes, anonymising it.

Every service seals personal text under the case's data key before it reaches the database
and writes an audit event naming the fields touched, never their content.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.cases.crypto import new_key
from jornada.cases.keys import (
    data_key_unwrap,
    data_key_wrap,
    field_seal,
    organisation_key_current,
    organisation_key_unwrap,
)
from jornada.cases.models import (
    CASE_PERSONAL_FIELDS,
    AnonymiseReason,
    Case,
    CaseAssignment,
    CaseCategory,
    CaseConsent,
    CaseNote,
    CaseParty,
    CaseSequence,
    CaseStep,
    ConsentOverride,
    ContactChannel,
)
from jornada.cases.work import case_work_erase
from jornada.core.audit import audit_record
from jornada.core.models import Organisation, User

# Longest text each personal field takes, in characters.
MAX_LENGTHS = {
    "worker_name": 200,
    "contact": 1_000,
    "safe_times": 500,
    "narrative": 20_000,
    "note": 20_000,
    "party_name": 200,
    "summary": 20_000,
    "reason": 5_000,
    "override_reason": 2_000,
}
FIELD_LABELS = {
    "worker_name": _("Worker's name"),
    "contact": _("Contact details"),
    "safe_times": _("Safe times to contact"),
    "narrative": _("What happened"),
    "note": _("Note"),
    "party_name": _("Name"),
    "summary": _("Summary"),
    "reason": _("Reason"),
    "override_reason": _("Reason for sharing without consent"),
}
# Control characters other than tab and line breaks have no place in typed text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_text(field: str, value: str) -> str:
    """Return ``value`` stripped; raise ValidationError (naming the field) when it is not fit to keep."""
    value = value.strip()
    label = FIELD_LABELS[field]
    if len(value) > MAX_LENGTHS[field]:
        raise ValidationError(
            {
                field: ValidationError(
                    _("%(field)s is longer than %(limit)d characters."),
                    code="too_long",
                    params={"field": label, "limit": MAX_LENGTHS[field]},
                )
            }
        )
    if _CONTROL.search(value):
        raise ValidationError(
            {
                field: ValidationError(
                    _("%(field)s contains control characters."),
                    code="control_characters",
                    params={"field": label},
                )
            }
        )
    return value


def _number_prefix(organisation: Organisation) -> str:
    """Return the letters case numbers of ``organisation`` start with: its short name's initials."""
    initials = "".join(part[0] for part in organisation.slug.split("-") if part)
    return (initials[:4] or "C").upper()


def case_number_next(*, organisation: Organisation) -> str:
    """Return the organisation's next case number for this year, like ``CA-2026-0001``.

    The year's counter row is locked until the caller's transaction ends, so two cases opened
    at once never share a number.
    """
    year = timezone.localdate().year
    CaseSequence.objects.get_or_create(organisation=organisation, year=year)
    sequence = CaseSequence.objects.select_for_update().get(organisation=organisation, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{_number_prefix(organisation)}-{year}-{sequence.last:04d}"


@transaction.atomic
def case_create(
    *,
    actor: User | None,
    organisation: Organisation,
    worker_name: str = "",
    contact: str = "",
    narrative: str = "",
    contact_channel: str = ContactChannel.NONE,
    may_leave_message: bool = False,
    safe_times: str = "",
    urgent: bool = False,
) -> Case:
    """Open a case for ``organisation`` with a fresh data key; its personal fields are sealed."""
    values = {
        "worker_name": _clean_text("worker_name", worker_name),
        "contact": _clean_text("contact", contact),
        "safe_times": _clean_text("safe_times", safe_times),
        "narrative": _clean_text("narrative", narrative),
    }
    row = organisation_key_current(organisation)
    case = Case(
        organisation=organisation,
        number=case_number_next(organisation=organisation),
        contact_channel=contact_channel,
        may_leave_message=may_leave_message,
        urgent=urgent,
    )
    data_key = new_key()
    data_key_wrap(case, data_key, row, organisation_key_unwrap(row))
    for field, value in values.items():
        setattr(case, f"{field}_sealed", field_seal(data_key, case, field, value))
    case.full_clean()
    case.save(force_insert=True)
    audit_record(actor=actor, action="case.created", organisation=organisation, target=case)
    return case


@transaction.atomic
def case_personal_update(*, actor: User | None, case: Case, **values: str) -> Case:
    """Replace the personal fields given (``worker_name``, ``contact``, ``narrative``), sealed anew."""
    unknown = set(values) - set(CASE_PERSONAL_FIELDS)
    if unknown:
        raise TypeError(f"Not personal fields of a case: {', '.join(sorted(unknown))}.")
    if case.is_anonymised():
        raise ValidationError(
            _("This case was anonymised; its personal data cannot be written."), code="anonymised"
        )
    data_key = data_key_unwrap(case)
    for field, value in values.items():
        setattr(case, f"{field}_sealed", field_seal(data_key, case, field, _clean_text(field, value)))
    case.updated_at = timezone.now()
    case.save(update_fields=[f"{field}_sealed" for field in values] + ["updated_at"])
    audit_record(
        actor=actor,
        action="case.updated",
        organisation=case.organisation,
        target=case,
        detail={"fields": sorted(values)},
    )
    return case


@transaction.atomic
def case_note_add(*, actor: User | None, case: Case, text: str) -> CaseNote:
    """Add a note to ``case``, sealed under its data key. Notes are never edited afterwards."""
    text = _clean_text("note", text)
    if not text:
        raise ValidationError({"note": ValidationError(_("Write the note first."), code="required")})
    if case.is_anonymised():
        raise ValidationError(
            _("This case was anonymised; its personal data cannot be written."), code="anonymised"
        )
    note = CaseNote(case=case, author=actor)
    note.text_sealed = field_seal(data_key_unwrap(case), note, "text", text)
    # No author: the worker wrote it (from the status page), which the author field cannot name.
    note.full_clean(exclude=["author"] if actor is None else None)
    note.save(force_insert=True)
    Case.objects.filter(pk=case.pk).update(updated_at=note.created_at)
    audit_record(actor=actor, action="case.note_added", organisation=case.organisation, target=case)
    return note


@transaction.atomic
def case_anonymise(*, case: Case, reason: str, actor: User | None = None) -> Case:
    """Erase every personal field of ``case`` and its notes' text, and destroy its data key.

    What is not personal stays: the number, the organisation, how many notes there were, the
    categories, the parties from the directory, the stage with each step's decision, outcome and
    amounts recovered, so counts and statistics still add up. Dates keep their month only.
    Typed party names and the texts of evaluations, closings and reopenings are erased too. Backups taken earlier still hold the
    sealed fields and the keys that open them (under the master key of their day) until they
    expire; rotating the master key and destroying the old one makes them unreadable too.
    """
    if reason not in AnonymiseReason.values:
        raise ValidationError(
            _("%(reason)s is not a reason to anonymise a case."),
            code="invalid_reason",
            params={"reason": reason},
        )
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.is_anonymised():
        return case
    notes = CaseNote.objects.filter(case=case).update(text_sealed=None, created_at=TruncMonth("created_at"))
    CaseParty.objects.filter(case=case).update(name_sealed=None, added_at=TruncMonth("added_at"))
    CaseStep.objects.filter(case=case).update(
        text_sealed=None, recorded_at=TruncMonth("recorded_at"), approved_at=TruncMonth("approved_at")
    )
    CaseAssignment.objects.filter(case=case).update(assigned_at=TruncMonth("assigned_at"))
    CaseCategory.objects.filter(case=case).update(added_at=TruncMonth("added_at"))
    CaseConsent.objects.filter(case=case).update(
        recorded_at=TruncMonth("recorded_at"), withdrawn_at=TruncMonth("withdrawn_at")
    )
    ConsentOverride.objects.filter(case=case).update(reason_sealed=None, at=TruncMonth("at"))
    case.created_at = timezone.localtime(case.created_at).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    case_work_erase(case=case)  # tasks, contacts and documents (jornada.cases.work)
    for field in CASE_PERSONAL_FIELDS:
        setattr(case, f"{field}_sealed", None)
    case.contact_channel = ContactChannel.NONE
    case.may_leave_message = False
    case.data_key = None
    case.key_version = None
    case.anonymised_at = case.updated_at = timezone.now()
    case.anonymised_reason = reason
    case.save()
    audit_record(
        actor=actor,
        action="case.anonymised",
        organisation=case.organisation,
        target=case,
        detail={"reason": reason, "notes": notes},
    )
    return case
