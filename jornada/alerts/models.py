"""Scam reports and what makes them findable and followable.

A ``ScamReport`` is an anonymous contribution (``jornada.contributions``): no account, address
or time finer than the month. Its scammer's identifiers (phone numbers, web addresses, names)
are copied, normalised, into ``WarningIdentifier`` so the look-up is an index hit; they exist
only while the report can still be published and only published reports match.

A ``Follow`` holds one contact (e-mail address or phone number), encrypted, for one thing
followed (an employer, a recruiter, a phone number); deleting it deletes the contact. An
``Event`` is something new (a published warning or review, a DOL record) and a ``Delivery``
is one follow told about one event: unique, so nobody is told twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jornada.contributions.models import AnonymousContribution
from jornada.contributions.redaction import as_plain_text
from jornada.core.fields import RandomIdField
from jornada.directory.models import Employer, EmployerName, Recruiter, RecruiterName
from jornada.reviews.models import Currency, ReviewProgramme

MAX_TEXT = 4000
MAX_SHORT = 200
MAX_AMOUNT = 10_000_000
MAX_SCREENSHOTS = 3
# The generation (jornada.core.generations) of everything cached about published warnings.
WARNINGS = "alerts.warnings"


class Country(models.TextChoices):
    MX = "MX", _("Mexico")
    GT = "GT", _("Guatemala")
    US = "US", _("United States")
    OTHER = "other", pgettext_lazy("country", "Another country")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("In cash, in person")
    DEPOSIT = "deposit", _("A deposit to a bank account or shop (OXXO, Elektra…)")
    TRANSFER = "transfer", _("A money transfer (Western Union, Coppel, an app…)")
    OTHER = "other", _("Another way")


class Paid(models.TextChoices):
    YES = "yes", _("Yes, I paid")
    NO = "no", _("No, I did not pay")
    PART = "part", _("I paid part of it")


class ScamReport(AnonymousContribution):
    """A worker's anonymous account of a fraudulent recruiter or job offer."""

    # Who contacted the worker: these become the public warning's identifiers.
    contact_name = models.CharField(_("person's name"), max_length=MAX_SHORT, blank=True)
    contact_organisation = models.CharField(_("organisation"), max_length=MAX_SHORT, blank=True)
    contact_phone = models.CharField(_("phone number"), max_length=60, blank=True)
    contact_whatsapp = models.CharField(_("WhatsApp number"), max_length=60, blank=True)
    contact_facebook = models.CharField(_("Facebook page or profile"), max_length=MAX_SHORT, blank=True)
    contact_website = models.CharField(_("website"), max_length=MAX_SHORT, blank=True)
    contact_address = models.CharField(_("address"), max_length=MAX_SHORT, blank=True)
    # When and where.
    contact_year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    town = models.CharField(_("town"), max_length=MAX_SHORT, blank=True)
    state = models.CharField(_("state"), max_length=MAX_SHORT, blank=True)
    country = models.CharField(
        pgettext_lazy("place", "country"), max_length=5, choices=Country.choices, blank=True
    )
    # What was offered.
    offer_employer = models.CharField(_("employer named"), max_length=MAX_SHORT, blank=True)
    offer_job = models.CharField(_("job"), max_length=MAX_SHORT, blank=True)
    offer_place = models.CharField(_("place in the US"), max_length=MAX_SHORT, blank=True)
    programme = models.CharField(_("visa"), max_length=8, choices=ReviewProgramme.choices, blank=True)
    offer_dates = models.CharField(_("dates offered"), max_length=MAX_SHORT, blank=True)
    offer_wage = models.CharField(_("wage offered"), max_length=MAX_SHORT, blank=True)
    # What they asked for, and how.
    asked_amount = models.DecimalField(
        _("amount asked"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    asked_currency = models.CharField(_("currency"), max_length=5, choices=Currency.choices, blank=True)
    asked_for = models.CharField(_("what the money was for"), max_length=MAX_SHORT, blank=True)
    documents_asked = models.CharField(_("documents asked for"), max_length=MAX_SHORT, blank=True)
    payment_method = models.CharField(
        _("how payment was asked"), max_length=10, choices=PaymentMethod.choices, blank=True
    )
    account_holder = models.CharField(_("account in the name of"), max_length=MAX_SHORT, blank=True)
    paid = models.CharField(_("did the worker pay"), max_length=5, choices=Paid.choices, blank=True)
    text = models.TextField(_("in their own words"), max_length=MAX_TEXT, blank=True)

    audit_prefix: ClassVar[str] = "alerts.report"
    # Every free-text field the public reads that describes what happened: scanned for personal
    # details, highlighted for the moderator, redactable, and publication waits until every
    # possible detail in them is removed or confirmed (``contributions.services``). A worker
    # may write their own name, number or town into any of them ("me ofrecieron trabajo a mí,
    # Juan, en…").
    moderated_fields: ClassVar[tuple[str, ...]] = (
        "offer_employer",
        "offer_job",
        "offer_place",
        "offer_dates",
        "offer_wage",
        "asked_for",
        "documents_asked",
        "state",
        "text",
    )
    # The scammer's own names, numbers, pages, office address and the account they had money
    # paid into: published on purpose, since recognising them is the warning's whole point. The
    # scanner would flag each of them (a phone number is what ``contact_phone`` holds), so they
    # are not scanned; the moderator sees them in one list ("Shown publicly to recognise them")
    # and confirms that none belongs to the worker or another victim before publishing.
    subject_fields: ClassVar[tuple[str, ...]] = (
        "contact_name",
        "contact_organisation",
        "contact_phone",
        "contact_whatsapp",
        "contact_facebook",
        "contact_website",
        "contact_address",
        "account_holder",
    )
    # Fields a worker fills in, in form order (the text and screenshots apart).
    content_fields: ClassVar[tuple[str, ...]] = (
        "contact_name",
        "contact_organisation",
        "contact_phone",
        "contact_whatsapp",
        "contact_facebook",
        "contact_website",
        "contact_address",
        "contact_year",
        "town",
        "state",
        "country",
        "offer_employer",
        "offer_job",
        "offer_place",
        "programme",
        "offer_dates",
        "offer_wage",
        "asked_amount",
        "asked_currency",
        "asked_for",
        "documents_asked",
        "payment_method",
        "account_holder",
        "paid",
        "text",
    )

    nullable_fields: ClassVar[frozenset[str]] = frozenset({"contact_year", "asked_amount"})

    class Meta:
        verbose_name = _("scam report")
        verbose_name_plural = _("scam reports")
        # The month, then the random key: never the order reports arrived in.
        ordering = ["-received_month", "id"]

    def __str__(self) -> str:
        return str(_("Scam report %(id)s") % {"id": str(self.pk)[:8]})

    def headline(self) -> str:
        """Return what the warning is about, as a reader recognises it: a name, page or number."""
        for name in ("contact_organisation", "contact_name", "offer_employer"):
            if value := getattr(self, name):
                return as_plain_text(str(value))
        identifier = self.identifiers.order_by("kind", "value").first()
        return identifier.display if identifier else str(_("Unnamed recruiter"))

    def public_subjects(self) -> list[tuple[str, str]]:
        """Return the employer and recruiter profiles whose names this warning's identifiers carry."""
        names = [value for kind, value in self.identifiers.values_list("kind", "value") if kind == "name"]
        if not names:
            return []
        employers = set(Employer.objects.filter(normalised_name__in=names).values_list("slug", flat=True))
        employers |= set(
            EmployerName.objects.filter(normalised__in=names).values_list("employer__slug", flat=True)
        )
        recruiters = set(Recruiter.objects.filter(normalised_name__in=names).values_list("slug", flat=True))
        recruiters |= set(
            RecruiterName.objects.filter(normalised__in=names).values_list("recruiter__slug", flat=True)
        )
        return [("employer", slug) for slug in sorted(employers)] + [
            ("recruiter", slug) for slug in sorted(recruiters)
        ]

    def erase_content(self) -> None:
        """Blank everything the author wrote or chose; screenshots go after the commit."""
        for name in self.content_fields:
            setattr(self, name, None if name in self.nullable_fields else "")


def _screenshot_path(instance: Screenshot, filename: str) -> str:
    # A random name: the worker's file name ("IMG_20250301_juan.jpg") is never kept.
    return f"alerts/screenshots/{uuid.uuid4().hex}.jpg"


class Screenshot(models.Model):
    """An image a worker attached, re-encoded without metadata. Seen by moderators only."""

    hides_arrival_order = True  # written with its report (jornada.contributions.order)
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(ScamReport, on_delete=models.CASCADE, related_name="screenshots")
    image = models.FileField(upload_to=_screenshot_path)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # The first of the month its report was published: screenshots are kept
    # JORNADA_RETENTION_SCREENSHOT_MONTHS after it (``services.screenshots_prune``).
    published_month = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("screenshot")
        verbose_name_plural = _("screenshots")
        ordering = ["id"]  # random: never the order they were uploaded in

    def __str__(self) -> str:
        return f"{self.width}×{self.height}"


class IdentifierKind(models.TextChoices):
    PHONE = "phone", _("Phone number")
    URL = "url", _("Web or Facebook address")
    NAME = "name", pgettext_lazy("identifier", "Name")


class WarningIdentifier(models.Model):
    """One normalised way to recognise a report's scammer, for look-ups by index."""

    hides_arrival_order = True  # written with its report (jornada.contributions.order)
    id = RandomIdField()  # written with its report: a sequence would number reports by arrival
    report = models.ForeignKey(ScamReport, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=8, choices=IdentifierKind.choices)
    value = models.CharField(max_length=300)
    display = models.CharField(max_length=300)

    class Meta:
        indexes = [models.Index(fields=["kind", "value"], name="alerts_identifier_lookup")]
        constraints = [
            models.UniqueConstraint(fields=["report", "kind", "value"], name="alerts_identifier_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class FollowKind(models.TextChoices):
    EMPLOYER = "employer", pgettext_lazy("follow kind", "Employer")
    RECRUITER = "recruiter", pgettext_lazy("follow kind", "Recruiter")
    PHONE = "phone", _("Phone number")
    # An outreach event's reminder (jornada.outreach.reminders): the target is the event's uid.
    EVENT = "event", pgettext_lazy("follow kind", "Event reminder")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message (SMS)")
    # Only from a WhatsApp conversation (jornada.messaging), answered the way it came in.
    WHATSAPP = "whatsapp", _("WhatsApp")
    TWILIO_WHATSAPP = "twilio-wa", _("WhatsApp through Twilio")

    @classmethod
    def by_phone(cls) -> tuple[str, ...]:
        """Return the channels whose contact is a phone number."""
        return (cls.SMS, cls.WHATSAPP, cls.TWILIO_WHATSAPP)


def follow_day() -> dt.date:
    """Return today in UTC: all a follow keeps of when it was made."""
    return timezone.now().astimezone(dt.UTC).date()


class Follow(models.Model):
    """Someone who asked to be told when something new appears about one employer, recruiter or number."""

    kind = models.CharField(_("follows"), max_length=10, choices=FollowKind.choices)
    target = models.CharField(
        _("what"), max_length=140, help_text=_("A directory slug, or a number in E.164.")
    )
    target_label = models.CharField(max_length=300)
    channel = models.CharField(_("by"), max_length=10, choices=Channel.choices)
    contact_encrypted = models.TextField(editable=False)
    # The hash of the code the confirmation task generated and sent (never the code, never in a
    # task's arguments); NULL before it is sent and once used.
    confirm_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    language = models.CharField(max_length=10, default="es")
    base_url = models.CharField(max_length=200, help_text=_("The site's address when the follow was made."))
    confirmed = models.BooleanField(default=False)
    # The day only: a follow holds a worker's contact, and nothing a worker gives keeps an exact
    # time. The day is enough to expire the code and prune unconfirmed follows after whole days.
    created_on = models.DateField(default=follow_day, editable=False)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        indexes = [models.Index(fields=["kind", "target", "confirmed"], name="alerts_follow_target")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.target} ({self.channel})"


class EventKind(models.TextChoices):
    WARNING = "warning", _("New scam warning")
    REVIEW = "review", _("New worker review")
    RECORD = "record", _("New Department of Labor record")
    REMINDER = "reminder", _("Reminder of an event the next day")


class Event(models.Model):
    """Something new that followers may be told about; ``source`` makes each one happen once.

    An event about a contribution (a warning, a review) is dated by its day only and keyed at
    random, so neither its time nor its place among other events dates the contribution.
    """

    id = RandomIdField()
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    source = models.CharField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    # How many new things the event covers (the cases of one import for one employer).
    count = models.PositiveIntegerField(default=1)
    path = models.CharField(max_length=300, help_text=_("Where to read it on this site, without language."))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.source


class EventTarget(models.Model):
    """One thing (employer, recruiter, phone number) an event is about."""

    id = RandomIdField()
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(max_length=10, choices=FollowKind.choices)
    target = models.CharField(max_length=140)

    class Meta:
        indexes = [models.Index(fields=["kind", "target"], name="alerts_event_target")]
        constraints = [
            models.UniqueConstraint(fields=["event", "kind", "target"], name="alerts_event_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.target}"


class Delivery(models.Model):
    """One follow told about one event, at most once: the row is claimed before sending."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will be retried")
        GAVE_UP = "gave_up", _("Failed for good")

    id = RandomIdField()  # written with its event: a sequence would number events too
    follow = models.ForeignKey(Follow, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The last send error: its class and a message with addresses and numbers removed.
    last_error = models.CharField(max_length=200, blank=True)
    # No time of its own: a delivery is written when its event's contribution is published, so
    # a timestamp here would date that publication to the second (events keep their day only).

    class Meta:
        constraints = [models.UniqueConstraint(fields=["follow", "event"], name="alerts_delivery_once")]

    def __str__(self) -> str:
        return f"{self.follow_id}/{self.event_id}: {self.state}"
