"""Receiving a worker's request for help, and what the worker can do with it afterwards.

``intake_submit`` checks every answer, picks the organisations that may read the request,
seals the personal fields under a fresh data key and wraps that key for each of them, all in
one transaction: an answer that fails leaves nothing written. The worker's own later actions
(adding information, withdrawing) go through the receipt code, the only key they hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.cases.crypto import new_key
from jornada.cases.keys import field_seal
from jornada.cases.models import AnonymiseReason, ContactChannel
from jornada.cases.selectors import CASE_ROLES
from jornada.contributions.receipts import candidate_hashes, new_receipt_code, receipt_hash
from jornada.core.access import organisations_of
from jornada.core.audit import audit_record
from jornada.core.models import Organisation, User
from jornada.core.selectors import organisations_accepting
from jornada.directory.models import Employer, Recruiter
from jornada.intake.keys import recipient_key_unwrap, recipient_key_wrap_current
from jornada.intake.models import (
    FINAL_STATUSES,
    INTAKE_PERSONAL_FIELDS,
    Intake,
    IntakeAddition,
    IntakeRecipient,
    IntakeStatus,
    RecipientDecision,
    UrgentReason,
    Whereabouts,
)
from jornada.vocabulary.languages import MAX_LANGUAGE_NAME, is_language_name, language_key
from jornada.vocabulary.models import Category
from jornada.vocabulary.places import PLACE_BY_CODE

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Longest text each field takes, in characters.
MAX_LENGTHS = {
    "worker_name": 200,
    "contact": 254,
    "safe_times": 500,
    "party_name": 200,
    "narrative": 10_000,
    "addition": 5_000,
}
FIELD_LABELS = {
    "worker_name": _("Your name"),
    "contact": _("Where to contact you"),
    "safe_times": _("Safe times to contact you"),
    "party_name": _("Employer or recruiter"),
    "narrative": _("What happened"),
    "addition": _("What you want to add"),
    "categories": _("What happened"),
    "place": _("Where it happened"),
    "year": _("When it happened"),
    "whereabouts": _("Where you are now"),
    "language": _("Language"),
    "urgent_reasons": _("Urgent help"),
    "contact_channel": _("How to contact you"),
    "organisations": _("Organisations"),
}
MAX_CATEGORIES = 12
# How long a request that ended without a case keeps its personal fields.
ENDED_REQUEST_DAYS = 90
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PHONE = re.compile(r"^\+?[0-9]{7,15}$")
_PHONE_PUNCTUATION = re.compile(r"[\s().-]")
_PHONE_CHANNELS = (ContactChannel.WHATSAPP, ContactChannel.CALL, ContactChannel.SMS)


def _error(field_name: str, message: StrOrPromise, code: str, **params: object) -> ValidationError:
    return ValidationError({field_name: ValidationError(message, code=code, params=params or None)})


def clean_text(field_name: str, value: str) -> str:
    """Return ``value`` stripped; raise ValidationError naming the field when it is not fit to keep."""
    value = (value or "").strip()
    label = FIELD_LABELS[field_name]
    if len(value) > MAX_LENGTHS[field_name]:
        raise _error(
            field_name,
            _("%(field)s is longer than %(limit)d characters."),
            "too_long",
            field=label,
            limit=MAX_LENGTHS[field_name],
        )
    if _CONTROL.search(value):
        raise _error(
            field_name,
            _("%(field)s contains characters that cannot be kept."),
            "control_characters",
            field=label,
        )
    return value


def clean_contact(channel: str, contact: str) -> str:
    """Return the contact detail the channel needs (a phone number or an e-mail address)."""
    contact = clean_text("contact", contact)
    if channel == ContactChannel.NONE:
        return ""
    if not contact:
        raise _error("contact", _("Write where to contact you, or choose not to be contacted."), "required")
    if channel == ContactChannel.EMAIL:
        try:
            validate_email(contact)
        except ValidationError:
            raise _error(
                "contact", _("This does not look like an e-mail address."), "invalid_email"
            ) from None
        return contact
    digits = _PHONE_PUNCTUATION.sub("", contact)
    if not _PHONE.match(digits):
        raise _error(
            "contact",
            _("Write the phone number with its country code, for example +52 55 1234 5678."),
            "invalid_phone",
        )
    return digits


@dataclass
class IntakeAnswers:
    """Everything a worker answered in the interview, as the form or the API hands it over."""

    whereabouts: str
    language: str
    categories: list[str] = field(default_factory=list)
    narrative: str = ""
    employer_id: int | None = None
    recruiter_id: int | None = None
    party_name: str = ""
    place: str = ""
    year: int | None = None
    urgent_reasons: list[str] = field(default_factory=list)
    contact_channel: str = ContactChannel.NONE
    contact: str = ""
    safe_times: str = ""
    may_leave_message: bool = False
    worker_name: str = ""
    consent_contact: bool = False
    consent_share: bool = False
    consent_count: bool = False
    # Organisation slugs the worker chose; empty with ``any_organisation`` means any that can help.
    organisations: list[str] = field(default_factory=list)
    any_organisation: bool = False


@dataclass(frozen=True)
class IntakeReceipt:
    """What the worker gets back: the code (shown once, never stored) and the request."""

    intake: Intake
    code: str


def _categories(codes: list[str]) -> list[Category]:
    if len(codes) > MAX_CATEGORIES:
        raise _error("categories", _("Choose at most %(limit)d problems."), "too_many", limit=MAX_CATEGORIES)
    wanted = list(dict.fromkeys(codes))
    # PostgreSQL refuses a NUL byte in a query (a 500); no code has one, nor a control character.
    readable = [code for code in wanted if isinstance(code, str) and not _CONTROL.search(code)]
    found = {category.code: category for category in Category.objects.active().filter(code__in=readable)}
    unknown = [code for code in wanted if code not in found]
    if unknown:
        raise _error("categories", _("One of the problems chosen is not in the list."), "invalid_choice")
    return [found[code] for code in wanted]


def _language(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise _error("language", _("Choose or write the language you speak."), "required")
    if len(name) > MAX_LANGUAGE_NAME or _CONTROL.search(name) or not is_language_name(name):
        raise _error("language", _("Write the name of a language, for example Mixteco."), "invalid")
    return language_key(name)


def matching_organisations(
    *, place: str, language: str, categories: list[str], urgent: bool
) -> list[Organisation]:
    """Return the organisations that take a request like this one, best matches first.

    Those taking one of its topics come first, then those taking any topic; an urgent request
    goes to organisations taking urgent cases, or, when none does, to the others.
    """
    place_or_none = place or None
    seen: dict[int, Organisation] = {}
    for urgent_only in (True, False) if urgent else (False,):
        for topic in [*categories, None]:
            for organisation in organisations_accepting(
                place=place_or_none, language=language, topic=topic, urgent=urgent_only
            ):
                if topic is None and organisation.intake_settings.topics.exists() and categories:
                    continue  # it names its topics and this request is about none of them
                seen.setdefault(organisation.pk, organisation)
        if seen:
            break
    return list(seen.values())


def _recipients(
    answers: IntakeAnswers, *, language: str, categories: list[str], urgent: bool
) -> list[Organisation]:
    matching = matching_organisations(
        place=answers.place, language=language, categories=categories, urgent=urgent
    )
    if answers.organisations and not answers.any_organisation:
        by_slug = {organisation.slug: organisation for organisation in matching}
        chosen = [by_slug.get(slug) for slug in dict.fromkeys(answers.organisations)]
        if any(organisation is None for organisation in chosen):
            raise _error(
                "organisations",
                _("One of the organisations chosen does not take requests like this one. Choose again."),
                "invalid_choice",
            )
        return [organisation for organisation in chosen if organisation is not None]
    if not answers.any_organisation:
        raise _error(
            "organisations", _("Choose an organisation, or let whichever can help see it."), "required"
        )
    if not matching:
        raise _error(
            "organisations",
            _("No organisation on Jornada takes requests like this one yet."),
            "no_organisation",
        )
    return matching


def _hour(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def answers_check(answers: IntakeAnswers) -> dict[str, object]:
    """Return the cleaned answers, or raise ValidationError naming every field that is wrong."""
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[str, object] = {}

    def attempt(name: str, function: object, *args: object) -> None:
        try:
            cleaned[name] = function(*args)  # type: ignore[operator]
        except ValidationError as error:
            for key, messages in error.error_dict.items():
                errors.setdefault(key, []).extend(messages)

    attempt("categories", _categories, list(answers.categories))
    for name in ("narrative", "party_name", "worker_name", "safe_times"):
        attempt(name, clean_text, name, getattr(answers, name))
    attempt("language", _language, answers.language)
    if answers.whereabouts not in Whereabouts.values:
        errors.setdefault("whereabouts", []).append(
            ValidationError(_("Choose where you are now."), code="invalid_choice")
        )
    if answers.place and answers.place not in PLACE_BY_CODE:
        errors.setdefault("place", []).append(
            ValidationError(_("Choose a place from the list."), code="invalid_choice")
        )
    this_year = timezone.localdate().year
    if answers.year is not None and not this_year - 30 <= answers.year <= this_year:
        errors.setdefault("year", []).append(
            ValidationError(
                _("Choose a year between %(first)d and %(last)d."),
                code="out_of_range",
                params={"first": this_year - 30, "last": this_year},
            )
        )
    if any(reason not in UrgentReason.values for reason in answers.urgent_reasons):
        errors.setdefault("urgent_reasons", []).append(
            ValidationError(
                _("One of the urgent situations chosen is not in the list."), code="invalid_choice"
            )
        )
    if answers.contact_channel not in ContactChannel.values:
        errors.setdefault("contact_channel", []).append(
            ValidationError(_("Choose how to contact you."), code="invalid_choice")
        )
    else:
        channel = answers.contact_channel if answers.consent_contact else ContactChannel.NONE
        cleaned["contact_channel"] = channel
        attempt("contact", clean_contact, channel, answers.contact)
    if answers.employer_id is not None and not Employer.objects.filter(pk=answers.employer_id).exists():
        errors.setdefault("employer", []).append(
            ValidationError(_("That employer is not in the directory."), code="invalid_choice")
        )
    if answers.recruiter_id is not None and not Recruiter.objects.filter(pk=answers.recruiter_id).exists():
        errors.setdefault("recruiter", []).append(
            ValidationError(_("That recruiter is not in the directory."), code="invalid_choice")
        )
    if not errors and not cleaned["categories"] and not cleaned["narrative"]:
        errors.setdefault("categories", []).append(
            ValidationError(_("Choose what happened, or tell it in your own words."), code="required")
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _intake_create(
    *,
    answers: IntakeAnswers,
    cleaned: dict[str, object],
    organisations: list[Organisation],
    urgent: bool,
    opened_on_call: bool = False,
) -> IntakeReceipt:
    """Seal and save a checked request for ``organisations`` (the caller holds the transaction)."""
    categories: list[Category] = cleaned["categories"]  # type: ignore[assignment]
    code = new_receipt_code()
    channel = str(cleaned["contact_channel"])
    intake = Intake(
        receipt_hash=receipt_hash(code),
        received_at=_hour(timezone.now()),
        urgent=urgent,
        urgent_reasons=sorted(set(answers.urgent_reasons)),
        categories=[category.code for category in categories],
        employer_id=answers.employer_id,
        recruiter_id=answers.recruiter_id,
        place=answers.place,
        year=answers.year,
        whereabouts=answers.whereabouts,
        language=str(cleaned["language"]),
        contact_channel=channel,
        may_leave_message=bool(answers.may_leave_message and channel != ContactChannel.NONE),
        consent_contact=channel != ContactChannel.NONE,
        consent_share=answers.consent_share,
        consent_count=answers.consent_count,
        any_organisation=answers.any_organisation,
        opened_on_call=opened_on_call,
    )
    data_key = new_key()
    for name in INTAKE_PERSONAL_FIELDS:
        setattr(intake, f"{name}_sealed", field_seal(data_key, intake, name, str(cleaned[name])))
    intake.full_clean(exclude=["receipt_hash"])
    intake.save(force_insert=True)
    for organisation in organisations:
        recipient = IntakeRecipient(
            intake=intake, organisation=organisation, urgent=intake.urgent, received_at=intake.received_at
        )
        recipient_key_wrap_current(recipient, data_key)
        recipient.save(force_insert=True)
    return IntakeReceipt(intake=intake, code=code)


def _urgent(answers: IntakeAnswers, cleaned: dict[str, object]) -> bool:
    categories: list[Category] = cleaned["categories"]  # type: ignore[assignment]
    return bool(answers.urgent_reasons) or any(category.urgent for category in categories)


@transaction.atomic
def intake_submit(*, answers: IntakeAnswers) -> IntakeReceipt:
    """Receive a request for help; return its receipt (the code is shown to the worker once).

    Nothing about the sender is kept: not their address, browser, account or the minute they
    wrote. The personal fields open only with a recipient organisation's key.
    """
    cleaned = answers_check(answers)
    urgent = _urgent(answers, cleaned)
    codes = [category.code for category in cleaned["categories"]]  # type: ignore[attr-defined]
    organisations = _recipients(answers, language=str(cleaned["language"]), categories=codes, urgent=urgent)
    return _intake_create(answers=answers, cleaned=cleaned, organisations=organisations, urgent=urgent)


@transaction.atomic
def intake_open_on_call(*, actor: User, organisation: Organisation, answers: IntakeAnswers) -> IntakeReceipt:
    """Open a request on a caller's behalf in ``organisation``'s queue; return its receipt.

    The same checks and sealing as ``intake_submit``. ``organisation`` is one of the operator's
    own (it receives the request whatever its intake settings say), or a partner that takes
    requests like this one, which needs the caller's consent to share. Audited for both.
    """
    cleaned = answers_check(answers)
    urgent = _urgent(answers, cleaned)
    if not organisations_of(actor, *CASE_ROLES).filter(pk=organisation.pk).exists():
        codes = [category.code for category in cleaned["categories"]]  # type: ignore[attr-defined]
        matching = matching_organisations(
            place=answers.place, language=str(cleaned["language"]), categories=codes, urgent=urgent
        )
        if not answers.consent_share:
            raise _error(
                "organisations",
                _("The caller did not agree to share the request with another organisation."),
                "no_consent",
            )
        if organisation.pk not in {match.pk for match in matching}:
            raise _error(
                "organisations",
                _("That organisation does not take requests like this one. Choose again."),
                "invalid_choice",
            )
    receipt = _intake_create(
        answers=answers, cleaned=cleaned, organisations=[organisation], urgent=urgent, opened_on_call=True
    )
    audit_record(
        actor=actor, action="intake.opened_on_call", organisation=organisation, target=receipt.intake
    )
    return receipt


def intake_by_code(code: str) -> Intake | None:
    """Return the request behind a typed receipt code, or None (no hint whether it ever existed)."""
    hashes = candidate_hashes(code)
    if not hashes:
        return None
    return Intake.objects.filter(receipt_hash__in=hashes).first()


def _open_key(intake: Intake) -> bytes | None:
    """Return the request's data key through any recipient still holding it, or None."""
    for recipient in intake.recipients.filter(data_key__isnull=False).select_related("organisation"):
        return recipient_key_unwrap(recipient)
    return None


@transaction.atomic
def intake_information_add(*, code: str, text: str) -> Intake:
    """Add what the worker wrote from the status page to their request (or to its case)."""
    from jornada.cases.services import case_note_add

    text = clean_text("addition", text)
    if not text:
        raise _error("addition", _("Write what you want to add first."), "required")
    intake = intake_by_code(code)
    if intake is None:
        raise _error("code", _("No request has this code. Check it and try again."), "unknown_code")
    intake = Intake.objects.select_for_update().get(pk=intake.pk)
    if intake.status in FINAL_STATUSES:
        raise _error("addition", _("This request is closed: nothing can be added to it."), "closed")
    if intake.case is not None:
        case_note_add(
            actor=None, case=intake.case, text=str(_("Added by the worker: %(text)s") % {"text": text})
        )
    else:
        data_key = _open_key(intake)
        if data_key is None:
            raise _error("addition", _("This request is closed: nothing can be added to it."), "closed")
        addition = IntakeAddition(intake=intake, added_on=timezone.localdate())
        addition.text_sealed = field_seal(data_key, addition, "text", text)
        addition.save(force_insert=True)
    audit_record(actor=None, action="intake.information_added", target=intake)
    return intake


def _erase(intake: Intake) -> None:
    """Erase the request's personal fields, its additions' text and every wrapped key."""
    for name in INTAKE_PERSONAL_FIELDS:
        setattr(intake, f"{name}_sealed", None)
    intake.contact_channel = ContactChannel.NONE
    intake.may_leave_message = False
    intake.erased_on = timezone.localdate()
    intake.additions.update(text_sealed=None)
    intake.recipients.update(data_key=None, key_version=None)


@transaction.atomic
def intake_withdraw(*, code: str) -> Intake:
    """Withdraw the request behind ``code``: its personal data (and its case's) is erased, audited."""
    from jornada.cases.services import case_anonymise

    intake = intake_by_code(code)
    if intake is None:
        raise _error("code", _("No request has this code. Check it and try again."), "unknown_code")
    intake = Intake.objects.select_for_update().get(pk=intake.pk)
    if intake.status == IntakeStatus.WITHDRAWN:
        return intake
    if intake.case is not None:
        case_anonymise(case=intake.case, reason=AnonymiseReason.WITHDRAWN)
    intake.recipients.filter(decision=RecipientDecision.PENDING).update(
        decision=RecipientDecision.WITHDRAWN, decided_on=timezone.localdate()
    )
    _erase(intake)
    intake.status = IntakeStatus.WITHDRAWN
    intake.decided_on = timezone.localdate()
    intake.save()
    for organisation_id in intake.recipients.values_list("organisation_id", flat=True):
        audit_record(
            actor=None,
            action="intake.withdrawn",
            organisation=Organisation.objects.get(pk=organisation_id),
            target=intake,
        )
    return intake


def intakes_prune() -> int:
    """Erase the personal fields of requests that ended without a case ``ENDED_REQUEST_DAYS`` ago."""
    cutoff = timezone.localdate() - timedelta(days=ENDED_REQUEST_DAYS)
    ended = Intake.objects.filter(
        status__in=FINAL_STATUSES, decided_on__lt=cutoff, erased_on__isnull=True, case__isnull=True
    )
    erased = 0
    for pk in ended.values_list("pk", flat=True):
        with transaction.atomic():
            intake = Intake.objects.select_for_update().get(pk=pk)
            _erase(intake)
            intake.save()
            audit_record(actor=None, action="intake.erased", target=intake, detail={"reason": "retention"})
            erased += 1
    return erased
