"""What operators and callers do on a hotline: start and record a call, end it, ask for and give a callback.

A call is saved section by section as the operator types (each section has its own save
button), so nothing said is lost when the browser closes. A call ending in follow-up opens a
request for help through ``intake_open_on_call``: the same checks and sealing as a worker's
own request, in the queue of the organisation chosen. Every write is audited.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.cases.models import ContactChannel
from jornada.core.audit import audit_record
from jornada.core.models import Organisation, User
from jornada.directory.models import Employer, Recruiter
from jornada.hotline.keys import record_key_new, record_key_unwrap, sealed_get, sealed_set
from jornada.hotline.models import (
    FINAL_RESULTS,
    INTAKE_OUTCOMES,
    ArticleSms,
    Call,
    CallbackRequest,
    CallbackResult,
    CallbackStatus,
    Hotline,
    NoticeChannel,
    Outcome,
)
from jornada.hotline.tasks import send_call_article, send_callback_notice
from jornada.intake.models import UrgentReason, Whereabouts
from jornada.intake.services import MAX_CATEGORIES, IntakeAnswers, intake_open_on_call
from jornada.rights.models import ArticleTranslation
from jornada.rights.models import Status as ArticleStatus
from jornada.vocabulary.languages import MAX_LANGUAGE_NAME, is_language_name, language_key
from jornada.vocabulary.models import Category
from jornada.vocabulary.places import PLACE_BY_CODE

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_TEXT = {"narrative": 10_000, "party_name": 200, "caller_name": 200, "referred_to": 200, "article": 200}
# How long a call keeps the number of a caller who agreed to be called back.
CALL_NUMBER_DAYS = 30
# The furthest ahead a worker may ask to be called back, and the shortest window.
CALLBACK_MAX_DAYS = 14
SECTIONS = ("consent", "what", "who", "where", "language", "urgency")


def _error(field_name: str, message: StrOrPromise, code: str, **params: object) -> ValidationError:
    return ValidationError({field_name: ValidationError(message, code=code, params=params or None)})


def _text(name: str, value: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT[name] or any(ord(char) < 32 and char not in "\n\r\t" for char in value):
        raise _error(
            name,
            _(
                "This text is too long (at most %(limit)d characters) or holds characters that cannot be kept."
            ),
            "invalid_text",
            limit=MAX_TEXT[name],
        )
    return value


def phone_clean(text: str, *, region: str, field_name: str = "number") -> tuple[str, str]:
    """Return a phone number in E.164 and its country code; raise a translated error when unreadable."""
    try:
        number = phonenumbers.parse((text or "").strip(), region or None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise _error(
            field_name,
            _(
                "This phone number cannot be read. Write it with its country code, for example +52 55 1234 5678."
            ),
            "invalid_phone",
        )
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164, phonenumbers.region_code_for_number(number) or ""


def _language(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise _error("language", _("Choose or write the caller's language."), "required")
    if len(name) > MAX_LANGUAGE_NAME or not is_language_name(name):
        raise _error("language", _("Write the name of a language, for example Mixteco."), "invalid")
    return language_key(name)


# --- Calls ----------------------------------------------------------------------------------------


@transaction.atomic
def call_start(*, actor: User, hotline: Hotline, token: str, callback: CallbackRequest | None = None) -> Call:
    """Open a call record on ``hotline`` for ``actor``; the same ``token`` again returns the same call.

    The token comes from the "start a call" form, so a double click (or a resent form) opens
    one record, not two.
    """
    token = (token or "").strip()[:64]
    if not token:
        raise _error("token", _("The form is out of date. Open the hotline page again."), "no_token")
    existing = Call.objects.filter(operator=actor, start_token=token).first()
    if existing is not None:
        return existing
    call = Call(
        hotline=hotline,
        organisation=hotline.organisation,
        operator=actor,
        start_token=token,
        started_at=timezone.now(),
        callback=callback,
    )
    data_key = record_key_new_for(call)
    if callback is not None:
        callback_key = record_key_unwrap(callback)
        sealed_set(call, data_key, "caller_number", sealed_get(callback, callback_key, "number"))
        call.consent_contact = True  # they asked to be called back on this number
        call.may_leave_message = callback.may_leave_message
        call.language = callback.language
        call.caller_country = callback.caller_country
    try:
        with transaction.atomic():
            call.save(force_insert=True)
    except IntegrityError:  # the same token saved by a concurrent click
        return Call.objects.get(operator=actor, start_token=token)
    audit_record(actor=actor, action="hotline.call_started", organisation=hotline.organisation, target=call)
    return call


def record_key_new_for(record: Call | CallbackRequest) -> bytes:
    """Give a new record its id and data key (the id binds the key and the sealed fields)."""
    if record.pk is None:
        record.pk = record._meta.pk.get_default()
    return record_key_new(record)


def _locked(call: Call) -> Call:
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if not locked.is_open():
        raise _error("__all__", _("This call has ended: its record cannot be changed any more."), "ended")
    return locked


def _section_values(call: Call, section: str, data: dict[str, Any], data_key: bytes) -> list[str]:
    """Check and set one section's answers on ``call``; return the names of the fields it sets."""
    if section == "consent":
        consent_contact = bool(data.get("consent_contact"))
        number = ""
        if consent_contact:
            if not (data.get("caller_number") or "").strip():
                raise _error(
                    "caller_number",
                    _("Write the number to call back, or record that the caller did not agree."),
                    "required",
                )
            number, country = phone_clean(
                data["caller_number"], region=call.organisation.country, field_name="caller_number"
            )
            call.caller_country = call.caller_country or country
        call.consent_contact = consent_contact
        call.consent_count = bool(data.get("consent_count"))
        call.consent_share = bool(data.get("consent_share"))
        call.may_leave_message = consent_contact and bool(data.get("may_leave_message"))
        sealed_set(call, data_key, "caller_number", number)  # none kept without consent
        sealed_set(call, data_key, "caller_name", _text("caller_name", data.get("caller_name", "")))
        return ["consent_contact", "consent_count", "consent_share", "may_leave_message", "caller_country"]
    if section == "what":
        codes = list(dict.fromkeys(code for code in data.get("categories", []) if code))
        if len(codes) > MAX_CATEGORIES:
            raise _error(
                "categories", _("Choose at most %(limit)d categories."), "too_many", limit=MAX_CATEGORIES
            )
        if Category.objects.active().filter(code__in=codes).count() != len(codes):
            raise _error("categories", _("One of the categories is not in the vocabulary."), "invalid_choice")
        call.categories = codes
        sealed_set(call, data_key, "narrative", _text("narrative", data.get("narrative", "")))
        return ["categories"]
    if section == "who":
        employer_id, recruiter_id = data.get("employer_id"), data.get("recruiter_id")
        if employer_id is not None and not Employer.objects.filter(pk=employer_id).exists():
            raise _error("employer_id", _("That employer is not in the directory."), "invalid_choice")
        if recruiter_id is not None and not Recruiter.objects.filter(pk=recruiter_id).exists():
            raise _error("recruiter_id", _("That recruiter is not in the directory."), "invalid_choice")
        call.employer_id, call.recruiter_id = employer_id, recruiter_id
        sealed_set(call, data_key, "party_name", _text("party_name", data.get("party_name", "")))
        return ["employer", "recruiter"]
    if section == "where":
        country = (data.get("caller_country") or "").strip().upper()
        place = data.get("place") or ""
        whereabouts = data.get("whereabouts") or ""
        if country and not (len(country) == 2 and country.isalpha() and country.isascii()):
            raise _error("caller_country", _("Choose a country from the list."), "invalid_choice")
        if place and place not in PLACE_BY_CODE:
            raise _error("place", _("Choose a place from the list."), "invalid_choice")
        if whereabouts and whereabouts not in Whereabouts.values:
            raise _error("whereabouts", _("Choose where the caller is now."), "invalid_choice")
        call.caller_country, call.place, call.whereabouts = country, place, whereabouts
        return ["caller_country", "place", "whereabouts"]
    if section == "language":
        call.language = _language(data.get("language", ""))
        return ["language"]
    if section == "urgency":
        reasons = sorted(set(data.get("urgent_reasons", [])))
        if any(reason not in UrgentReason.values for reason in reasons):
            raise _error(
                "urgent_reasons",
                _("One of the urgent situations chosen is not in the list."),
                "invalid_choice",
            )
        call.urgent_reasons = reasons
        return ["urgent_reasons"]
    raise _error("__all__", _("This part of the call record does not exist."), "unknown_section")


@transaction.atomic
def call_section_save(*, actor: User, call: Call, section: str, data: dict[str, Any]) -> Call:
    """Save one section of an open call's record (consent, what, who, where, language, urgency)."""
    call = _locked(call)
    data_key = record_key_unwrap(call)
    _section_values(call, section, data, data_key)
    call.save()
    audit_record(
        actor=actor,
        action="hotline.call_saved",
        organisation=call.organisation,
        target=call,
        detail={"section": section},
    )
    return call


def call_minutes(started: datetime, ended: datetime) -> int:
    """Return a call's length to the minute, a started minute counting whole (at least 1)."""
    return max(1, math.ceil((ended - started).total_seconds() / 60))


def _intake_answers(call: Call, data_key: bytes) -> IntakeAnswers:
    number = sealed_get(call, data_key, "caller_number")
    return IntakeAnswers(
        whereabouts=call.whereabouts,
        language=call.language,
        categories=list(call.categories),
        narrative=sealed_get(call, data_key, "narrative"),
        employer_id=call.employer_id,
        recruiter_id=call.recruiter_id,
        party_name=sealed_get(call, data_key, "party_name"),
        place=call.place,
        urgent_reasons=list(call.urgent_reasons),
        contact_channel=ContactChannel.CALL if call.consent_contact and number else ContactChannel.NONE,
        contact=number,
        may_leave_message=call.may_leave_message,
        worker_name=sealed_get(call, data_key, "caller_name"),
        consent_contact=call.consent_contact,
        consent_share=call.consent_share,
        consent_count=call.consent_count,
    )


def article_find(text: str) -> ArticleTranslation | None:
    """Return a published article's translation named by ``text``: its address, its short name or its title."""
    text = text.strip()
    if not text:
        return None
    slug = text.split("/derechos/", 1)[1].split("/")[0] if "/derechos/" in text else text
    published = ArticleTranslation.objects.filter(
        article__status=ArticleStatus.PUBLISHED, is_audio_only=False
    ).select_related("article")
    return (
        published.filter(article__slug=slug).order_by("language").first()
        or published.filter(title__iexact=text).order_by("language").first()
    )


def _article_sms(call: Call, text: str) -> None:
    """Find the article of an "article sent" call and queue its text message when there is a number."""
    found = article_find(text)
    call.article_slug = found.article.slug if found else ""
    number = sealed_get(call, record_key_unwrap(call), "caller_number") if call.consent_contact else ""
    if not number:
        call.article_sms = ArticleSms.NO_NUMBER
    elif found is None:
        call.article_sms = ArticleSms.NOT_FOUND
    else:
        call.article_sms = ArticleSms.QUEUED
        call_id = call.pk
        transaction.on_commit(lambda: send_call_article.enqueue(call_id=call_id))


@dataclass(frozen=True)
class CallEnd:
    """An ended call, and the receipt code of the request it opened (to read to the caller), if any."""

    call: Call
    receipt_code: str = ""


@transaction.atomic
def call_end(
    *,
    actor: User,
    call: Call,
    outcome: str,
    referred_to: str = "",
    article: str = "",
    partner: Organisation | None = None,
) -> CallEnd:
    """End a call with its outcome; a follow-up opens a request for help with every answer given.

    The request goes to the hotline's organisation, or to ``partner`` (which must take requests
    like it, with the caller's consent to share). The call's length is kept to the minute.
    """
    call = _locked(call)
    if outcome not in Outcome.values:
        raise _error("outcome", _("Choose how the call ended before closing it."), "required")
    referred_to = _text("referred_to", referred_to)
    if outcome == Outcome.REFERRED and not referred_to:
        raise _error(
            "referred_to", _("Write the hotline or organisation the caller was referred to."), "required"
        )
    call.article = _text("article", article) if outcome == Outcome.ARTICLE_SENT else ""
    call.article_slug, call.article_sms = "", ""
    if outcome == Outcome.ARTICLE_SENT:
        _article_sms(call, call.article)
    code = ""
    if outcome in INTAKE_OUTCOMES:
        target = partner if outcome == Outcome.INTAKE_PARTNER else call.organisation
        if target is None:
            raise _error("partner", _("Choose the partner organisation that takes the request."), "required")
        try:
            receipt = intake_open_on_call(
                actor=actor, organisation=target, answers=_intake_answers(call, record_key_unwrap(call))
            )
        except ValidationError as error:
            raise ValidationError(
                {
                    "outcome": [
                        ValidationError(
                            _("The request cannot be opened yet: %(problems)s"),
                            code="intake_incomplete",
                            params={"problems": " ".join(error.messages)},
                        )
                    ]
                }
            ) from None
        call.intake = receipt.intake
        call.intake_organisation = target
        code = receipt.code
    now = timezone.now()
    call.outcome = outcome
    call.referred_to = referred_to if outcome == Outcome.REFERRED else ""
    call.ended_at = now
    call.minutes = call_minutes(call.started_at, now)
    call.save()
    if call.callback_id is not None:
        _callback_finish(
            CallbackRequest.objects.select_for_update().get(pk=call.callback_id), CallbackResult.REACHED
        )
    audit_record(
        actor=actor,
        action="hotline.call_ended",
        organisation=call.organisation,
        target=call,
        detail={"outcome": outcome, "intake": call.intake_id},
    )
    return CallEnd(call=call, receipt_code=code)


# --- Callbacks ------------------------------------------------------------------------------------


@dataclass
class CallbackAnswers:
    """What a worker fills in the callback form."""

    day: date | None
    from_time: time | None
    until_time: time | None
    language: str
    number: str
    may_leave_message: bool = False
    notice_channel: str = NoticeChannel.NONE
    notice_contact: str = ""


def _window(hotline: Hotline, answers: CallbackAnswers, now: datetime) -> tuple[datetime, datetime]:
    if answers.day is None or answers.from_time is None or answers.until_time is None:
        raise _error("day", _("Choose the day and the hours when we may call you."), "required")
    zone = hotline.zone()
    start = datetime.combine(answers.day, answers.from_time, tzinfo=zone)
    end = datetime.combine(answers.day, answers.until_time, tzinfo=zone)
    if end <= start:
        raise _error("until_time", _("The end of the hours must come after their start."), "impossible_time")
    if end <= now:
        raise _error("day", _("That time has already passed. Choose a time to come."), "impossible_time")
    if start > now + timedelta(days=CALLBACK_MAX_DAYS):
        raise _error(
            "day",
            _("Choose a day within the next %(days)d days."),
            "impossible_time",
            days=CALLBACK_MAX_DAYS,
        )
    return start, end


@transaction.atomic
def callback_request(*, hotline: Hotline, answers: CallbackAnswers) -> CallbackRequest:
    """Keep a worker's request to be called back; the number is sealed, nothing else about them kept.

    Every answer is checked at once, so the form tells every problem together and keeps what
    was right. With a notice chosen, the worker is told by SMS or e-mail that it is scheduled.
    """
    now = timezone.now()
    errors: dict[str, list[ValidationError]] = {}
    found: dict[str, Any] = {}

    def attempt(name: str, check: Any) -> None:
        try:
            found[name] = check()
        except ValidationError as error:
            for key, messages in error.error_dict.items():
                errors.setdefault(key, []).extend(messages)

    region = hotline.organisation.country
    attempt("window", lambda: _window(hotline, answers, now))
    attempt("language", lambda: _language(answers.language))
    attempt("number", lambda: phone_clean(answers.number, region=region))
    if answers.notice_channel not in NoticeChannel.values:
        errors.setdefault("notice_channel", []).append(
            ValidationError(_("Choose how to be told."), code="invalid_choice")
        )
    elif answers.notice_channel == NoticeChannel.EMAIL:
        from django.core.validators import validate_email

        try:
            validate_email((answers.notice_contact or "").strip())
            found["notice"] = answers.notice_contact.strip()
        except ValidationError:
            errors.setdefault("notice_contact", []).append(
                ValidationError(_("This does not look like an e-mail address."), code="invalid_email")
            )
    if errors:
        raise ValidationError(errors)
    start, end = found["window"]
    number, country = found["number"]
    callback = CallbackRequest(
        hotline=hotline,
        organisation=hotline.organisation,
        requested_at=now,
        window_start=start,
        window_end=end,
        language=found["language"],
        may_leave_message=bool(answers.may_leave_message),
        caller_country=country,
        notice_channel=answers.notice_channel,
    )
    data_key = record_key_new_for(callback)
    sealed_set(callback, data_key, "number", number)
    notice = found.get("notice", number if answers.notice_channel == NoticeChannel.SMS else "")
    sealed_set(callback, data_key, "notice_contact", notice)
    callback.save(force_insert=True)
    audit_record(
        actor=None, action="hotline.callback_requested", organisation=hotline.organisation, target=callback
    )
    if callback.notice_channel != NoticeChannel.NONE:
        transaction.on_commit(lambda: send_callback_notice.enqueue(callback_id=callback.pk))
    return callback


def _callback_locked(callback: CallbackRequest, *statuses: str) -> CallbackRequest:
    locked = CallbackRequest.objects.select_for_update().get(pk=callback.pk)
    if locked.status not in statuses:
        raise _error(
            "__all__",
            _("This callback is %(status)s already: nothing left to do here."),
            "already_handled",
            status=locked.get_status_display(),
        )
    return locked


@transaction.atomic
def callback_take(*, actor: User, callback: CallbackRequest) -> CallbackRequest:
    """Take a waiting callback request: it leaves the queue for the others while ``actor`` calls."""
    callback = _callback_locked(callback, CallbackStatus.WAITING)
    callback.status = CallbackStatus.TAKEN
    callback.taken_by = actor
    callback.taken_at = timezone.now()
    callback.save(update_fields=["status", "taken_by", "taken_at"])
    audit_record(
        actor=actor, action="hotline.callback_taken", organisation=callback.organisation, target=callback
    )
    return callback


def _callback_finish(callback: CallbackRequest, result: str) -> None:
    """Mark ``callback`` done with ``result`` and erase its number and data key."""
    callback.status = CallbackStatus.DONE
    callback.result = result
    callback.done_at = timezone.now()
    callback.number_sealed = None
    callback.notice_contact_sealed = None
    callback.data_key = None
    callback.key_version = None
    callback.erased_on = timezone.localdate()
    callback.save()


@dataclass(frozen=True)
class CallbackOutcome:
    callback: CallbackRequest
    call: Call | None = None


@transaction.atomic
def callback_record(
    *, actor: User, callback: CallbackRequest, result: str, token: str = ""
) -> CallbackOutcome:
    """Record what happened when ``actor`` called back.

    Reached: a call record opens with the number (the worker asked to be called on it), and the
    request is done when that call ends. No answer: back to the queue. A message left or a wrong
    number: done. Whenever the request is done its own copy of the number is erased.
    """
    if result not in CallbackResult.values:
        raise _error("result", _("Choose what happened when you called."), "required")
    callback = _callback_locked(callback, CallbackStatus.TAKEN)
    if callback.taken_by_id != actor.pk:
        raise _error("__all__", _("Another operator took this callback."), "taken_by_other")
    already = Call.objects.filter(callback=callback).first()
    if already is not None:  # reached before: the call is being recorded, the same record again
        return CallbackOutcome(callback=callback, call=already)
    callback.attempts += 1
    call = None
    if result == CallbackResult.REACHED:
        callback.save(update_fields=["attempts"])
        call = call_start(
            actor=actor, hotline=callback.hotline, token=token or f"callback-{callback.pk}", callback=callback
        )
    elif result in FINAL_RESULTS:
        _callback_finish(callback, result)
    else:
        callback.status = CallbackStatus.WAITING
        callback.taken_by = None
        callback.taken_at = None
        callback.result = result
        callback.save(update_fields=["attempts", "status", "taken_by", "taken_at", "result"])
    audit_record(
        actor=actor,
        action="hotline.callback_recorded",
        organisation=callback.organisation,
        target=callback,
        detail={"result": result},
    )
    return CallbackOutcome(callback=callback, call=call)


def callbacks_flag_overdue(*, now: datetime | None = None) -> int:
    """Flag every callback request waiting past its hotline's limit to its supervisors; return how many."""
    now = now or timezone.now()
    flagged = 0
    waiting = CallbackRequest.objects.filter(
        status__in=(CallbackStatus.WAITING, CallbackStatus.TAKEN), overdue_flagged_at__isnull=True
    ).select_related("hotline", "organisation")
    for callback in waiting:
        if not callback.is_overdue(now):
            continue
        with transaction.atomic():
            if CallbackRequest.objects.filter(pk=callback.pk, overdue_flagged_at__isnull=True).update(
                overdue_flagged_at=now
            ):
                audit_record(
                    actor=None,
                    action="hotline.callback_overdue",
                    organisation=callback.organisation,
                    target=callback,
                )
                flagged += 1
    return flagged


def call_numbers_prune(*, now: datetime | None = None) -> int:
    """Erase the callback numbers of calls ended ``CALL_NUMBER_DAYS`` ago; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=CALL_NUMBER_DAYS)
    return Call.objects.filter(ended_at__lt=cutoff, caller_number_sealed__isnull=False).update(
        caller_number_sealed=None
    )


def hotline_housekeeping() -> int:
    """The daily pass: flag overdue callbacks and erase old call numbers; return how many rows changed."""
    return callbacks_flag_overdue() + call_numbers_prune()
