"""A labour hotline: its numbers, hours and operators, the calls it answers and the callbacks it owes.

A call's personal fields (what the caller told, the party they named, their name and number)
are sealed under the call's own data key, wrapped by the organisation's key like a case's
(``jornada.hotline.keys``); the number is kept only when the caller agreed to be called back.
A callback request holds the worker's number sealed the same way until the callback is done.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jornada.core.fields import RandomIdField
from jornada.core.models import Membership, Organisation, User

# The personal fields of a call and of a callback request, sealed under their data key.
CALL_PERSONAL_FIELDS = ("caller_name", "caller_number", "narrative", "party_name")
CALLBACK_PERSONAL_FIELDS = ("number", "notice_contact")
WEEKDAYS = range(7)  # Monday is 0, as ``datetime.weekday`` counts


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a time zone name, such as America/New_York."),
            code="invalid_time_zone",
            params={"value": value},
        )


def validate_phone(value: str) -> None:
    """A line's number is stored in E.164 (+ and the country code), as phonenumbers reads it."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) != value
    ):
        raise ValidationError(
            _("Write the number in international form, for example +19195550100."),
            code="invalid_phone",
        )


def validate_hours(value: object) -> None:
    """Hours are ``[[weekday, "HH:MM", "HH:MM"], ...]``: weekday 0 (Monday) to 6, opening before closing."""
    message = _(
        'Write the hours as a list of [weekday, opening, closing], for example [0, "09:00", "17:00"].'
    )
    if not isinstance(value, list):
        raise ValidationError(message, code="invalid_hours")
    for item in value:
        try:
            day, start, end = item
            opens, closes = time.fromisoformat(start), time.fromisoformat(end)
        except (TypeError, ValueError):
            raise ValidationError(message, code="invalid_hours") from None
        if day not in WEEKDAYS or opens >= closes:
            raise ValidationError(message, code="invalid_hours")


class Hotline(models.Model):
    """A phone or WhatsApp line an organisation answers, with its weekly hours in its own time zone."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="hotlines", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True, validators=[validate_phone])
    whatsapp = models.CharField(_("WhatsApp number"), max_length=20, blank=True, validators=[validate_phone])
    time_zone = models.CharField(
        _("time zone"), max_length=60, default="America/Mexico_City", validators=[validate_time_zone]
    )
    hours = models.JSONField(
        _("weekly hours"),
        default=list,
        blank=True,
        validators=[validate_hours],
        help_text=_('A list of [weekday, opening, closing], Monday is 0: [[0, "09:00", "17:00"]].'),
    )
    # Language keys (``jornada.vocabulary.languages``) the operators speak.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    callback_limit_hours = models.PositiveIntegerField(
        _("callback limit (hours)"),
        default=48,
        help_text=_("A callback request waiting longer than this is flagged to the supervisors."),
    )
    takes_callbacks = models.BooleanField(_("takes callback requests from the web"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("hotline")
        verbose_name_plural = _("hotlines")

    def __str__(self) -> str:
        return self.name

    def zone(self) -> zoneinfo.ZoneInfo:
        """Return the hotline's time zone."""
        return zoneinfo.ZoneInfo(self.time_zone)

    def is_open(self, at: datetime | None = None) -> bool:
        """Return True when ``at`` (default: now) falls within the weekly hours, in the line's time zone."""
        local = (at or timezone.now()).astimezone(self.zone())
        moment = local.time()
        return any(
            day == local.weekday() and time.fromisoformat(start) <= moment < time.fromisoformat(end)
            for day, start, end in self.hours
        )


class HotlineOperator(models.Model):
    """A member of the hotline's organisation who answers it: the operator capability, per line.

    A link to the membership rather than a new ``core.Role``: it names one line, not the whole
    organisation, and it goes when the membership goes.
    """

    hotline = models.ForeignKey(Hotline, on_delete=models.CASCADE, related_name="operators")
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="hotline_operators", verbose_name=_("membership")
    )

    class Meta:
        verbose_name = _("operator")
        verbose_name_plural = _("operators")
        constraints = [
            models.UniqueConstraint(fields=["hotline", "membership"], name="hotline_operator_unique")
        ]

    def __str__(self) -> str:
        return f"{self.membership.user} · {self.hotline}"

    def clean(self) -> None:
        if self.membership.organisation_id != self.hotline.organisation_id:
            raise ValidationError(
                _("An operator must be a member of the hotline's organisation."), code="other_organisation"
            )


class Outcome(models.TextChoices):
    ADVICE = "advice", _("Answered: advice given")
    ARTICLE_SENT = "article_sent", _("Answered: rights article sent")
    INTAKE_OWN = "intake_own", _("Request opened for this organisation")
    INTAKE_PARTNER = "intake_partner", _("Request opened for a partner organisation")
    REFERRED = "referred", _("Referred to another hotline or organisation")
    DROPPED = "dropped", _("Dropped call")


class ArticleSms(models.TextChoices):
    """What became of the text message carrying the article of an "article sent" call."""

    NO_NUMBER = "no_number", _("Not sent: the caller left no number to text")
    NOT_FOUND = "not_found", _("Not sent: no published article by that name")
    QUEUED = "queued", _("Being sent by text message")
    SENT = "sent", _("Sent by text message")
    FAILED = "failed", _("Not sent: the text message failed")


# Outcomes that open a request for help in an organisation's queue.
INTAKE_OUTCOMES = (Outcome.INTAKE_OWN, Outcome.INTAKE_PARTNER)
# Outcomes of a call that was answered (the others: the line dropped).
ANSWERED_OUTCOMES = (
    Outcome.ADVICE,
    Outcome.ARTICLE_SENT,
    Outcome.INTAKE_OWN,
    Outcome.INTAKE_PARTNER,
    Outcome.REFERRED,
)


class Call(models.Model):
    """One call answered (or dropped) on a hotline, as the operator recorded it while talking."""

    id = RandomIdField()
    hotline = models.ForeignKey(Hotline, on_delete=models.PROTECT, related_name="calls")
    # The hotline's organisation, copied so that key rotation and access checks need no join.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    operator = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    # The idempotency token of the "start a call" form: a double click finds the same call.
    start_token = models.CharField(max_length=64, editable=False)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("length in minutes"), null=True, blank=True)
    callback = models.OneToOneField(
        "CallbackRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="call"
    )
    # Consent, read aloud from the script and recorded.
    consent_contact = models.BooleanField(_("agreed to be called back"), default=False)
    consent_count = models.BooleanField(_("agreed to be counted without a name"), default=False)
    consent_share = models.BooleanField(_("agreed to be referred to another organisation"), default=False)
    may_leave_message = models.BooleanField(_("a message may be left"), default=False)
    # What happened, with whom, where, language, urgency: the questions of "Pedir ayuda".
    categories = models.JSONField(_("categories"), default=list, blank=True)
    employer = models.ForeignKey(
        "directory.Employer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recruiter = models.ForeignKey(
        "directory.Recruiter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    caller_country = models.CharField(_("country called from"), max_length=2, blank=True)
    place = models.CharField(_("state of work"), max_length=10, blank=True)
    whereabouts = models.CharField(_("where the caller is now"), max_length=10, blank=True)
    language = models.CharField(_("language"), max_length=60, blank=True)
    urgent_reasons = models.JSONField(_("why urgent"), default=list, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    article = models.CharField(_("article sent"), max_length=200, blank=True)
    # The published article found for ``article`` (its slug), and what became of its text message.
    article_slug = models.CharField(max_length=200, blank=True, editable=False)
    article_sms = models.CharField(
        _("article by text message"), max_length=10, choices=ArticleSms.choices, blank=True
    )
    intake = models.OneToOneField(
        "intake.Intake", on_delete=models.SET_NULL, null=True, blank=True, related_name="call"
    )
    intake_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data_key = models.BinaryField(null=True, editable=False)
    key_version = models.PositiveIntegerField(null=True, editable=False)
    caller_name_sealed = models.BinaryField(null=True, editable=False)
    caller_number_sealed = models.BinaryField(null=True, editable=False)
    narrative_sealed = models.BinaryField(null=True, editable=False)
    party_name_sealed = models.BinaryField(null=True, editable=False)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.UniqueConstraint(fields=["operator", "start_token"], name="hotline_call_start_once")
        ]
        indexes = [models.Index(fields=["hotline", "started_at"], name="hotline_call_started")]

    def __str__(self) -> str:
        return f"{self.hotline} · {self.started_at:%Y-%m-%d %H:%M}"

    def is_open(self) -> bool:
        """Return True while the call has no outcome yet."""
        return not self.outcome

    def urgent(self) -> bool:
        """Return True when the caller named an urgent situation."""
        return bool(self.urgent_reasons)


class CallbackStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    TAKEN = "taken", _("Being called")
    DONE = "done", _("Done")


class CallbackResult(models.TextChoices):
    REACHED = "reached", _("Reached: the call is recorded")
    MESSAGE_LEFT = "message_left", _("No answer: message left")
    NO_ANSWER = "no_answer", _("No answer: try again later")
    WRONG_NUMBER = "wrong_number", _("Wrong or unreachable number")


# Results after which the request is done (its number erased); the others send it back to wait.
FINAL_RESULTS = (CallbackResult.REACHED, CallbackResult.MESSAGE_LEFT, CallbackResult.WRONG_NUMBER)


class NoticeChannel(models.TextChoices):
    NONE = "none", _("No notice")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class CallbackRequest(models.Model):
    """A worker's request to be called back, left when the line was closed or busy."""

    id = RandomIdField()
    hotline = models.ForeignKey(Hotline, on_delete=models.PROTECT, related_name="callbacks")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(pgettext_lazy("callback request", "requested"), db_index=True)
    window_start = models.DateTimeField(_("call from"))
    window_end = models.DateTimeField(_("call until"))
    language = models.CharField(_("language"), max_length=60)
    may_leave_message = models.BooleanField(_("a message may be left"), default=False)
    caller_country = models.CharField(_("country of the number"), max_length=2, blank=True)
    notice_channel = models.CharField(
        _("notice"), max_length=8, choices=NoticeChannel.choices, default=NoticeChannel.NONE
    )
    status = models.CharField(
        _("status"), max_length=8, choices=CallbackStatus.choices, default=CallbackStatus.WAITING
    )
    taken_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    taken_at = models.DateTimeField(_("taken"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    result = models.CharField(_("result"), max_length=16, choices=CallbackResult.choices, blank=True)
    done_at = models.DateTimeField(pgettext_lazy("callback request", "done"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("flagged overdue"), null=True, blank=True)
    erased_on = models.DateField(_("number erased"), null=True, blank=True)
    data_key = models.BinaryField(null=True, editable=False)
    key_version = models.PositiveIntegerField(null=True, editable=False)
    number_sealed = models.BinaryField(null=True, editable=False)
    notice_contact_sealed = models.BinaryField(null=True, editable=False)

    class Meta:
        verbose_name = _("callback request")
        verbose_name_plural = _("callback requests")
        indexes = [models.Index(fields=["hotline", "status", "requested_at"], name="hotline_callback_queue")]

    def __str__(self) -> str:
        return f"{self.hotline} · {self.requested_at:%Y-%m-%d %H:%M}"

    def waiting(self, now: datetime | None = None) -> timedelta:
        """Return how long the request has waited (until it was done, or until now)."""
        return (self.done_at or now or timezone.now()) - self.requested_at

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Return True when the request still waits past its hotline's limit."""
        return self.status != CallbackStatus.DONE and self.waiting(now) > timedelta(
            hours=self.hotline.callback_limit_hours
        )
