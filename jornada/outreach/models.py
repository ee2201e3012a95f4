"""Outreach events: Labor Rights Week activities, mobile consulates, workshops and their calendar.

An ``Event`` is what an organisation publishes; its ``EventSlot`` rows are the times staff
entered (each may repeat by the event's RRULE, read in the event's IANA time zone), and its
``Occurrence`` rows are every dated instance derived from them, written by the services, so the
public calendar asks one indexed table for "what is coming near me". ``uid`` never changes, and
``sequence`` grows on every change: subscribers' calendars replace the event they hold (RFC 5545).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jornada.core.models import Organisation
from jornada.vocabulary.models import Category
from jornada.vocabulary.places import PLACE_BY_CODE

MAX_TITLE = 200
MAX_DESCRIPTION = 4000
MAX_RRULE = 300
# The most instances a recurrence may make: beyond it the calendar and the feeds would balloon.
MAX_INSTANCES = 500
# The cache generation of the calendar feeds: renewed by every write to an event.
FEEDS_GENERATION = "outreach-feeds"


class EventKind(models.TextChoices):
    LABOR_RIGHTS_WEEK = "labor_rights_week", _("Labor Rights Week activity")
    MOBILE_CONSULATE = "mobile_consulate", _("Mobile consulate")
    WORKSHOP = "workshop", _("Workshop or know-your-rights talk")
    PRE_DEPARTURE = "pre_departure", _("Pre-departure session")
    HEALTH_FAIR = "health_fair", _("Health fair")
    LEGAL_CLINIC = "legal_clinic", _("Legal clinic")
    COMMITTEE_MEETING = "committee_meeting", _("Committee meeting")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed (new date to be announced)")
    RESCHEDULED = "rescheduled", _("Rescheduled")


class EventAudience(models.TextChoices):
    H2A = "h2a", _("H-2A workers")
    H2B = "h2b", _("H-2B workers")
    FAMILIES = "families", _("Families")
    WOMEN = "women", _("Women")
    ANYONE = "anyone", _("Anyone")


class Appointment(models.TextChoices):
    NOT_NEEDED = "no", _("No appointment needed")
    NEEDED = "yes", _("Appointment needed")


class Campaign(models.Model):
    """Events published together under one name and dates (Labor Rights Week 2027)."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=MAX_TITLE)
    name_en = models.CharField(_("name (English)"), max_length=MAX_TITLE)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("coordinator")
    )

    class Meta:
        ordering = ("-starts_on", "slug")
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name_es

    def name(self, language: str) -> str:
        """Return the campaign's name in ``language`` (Spanish when it is not English)."""
        return self.name_en if language.startswith("en") else self.name_es


class Place(models.Model):
    """Where an event happens: an address in a town of a state (ISO 3166-2), maybe with coordinates."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="event_places", verbose_name=_("organisation")
    )
    name = models.CharField(_("name of the place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    town = models.CharField(_("town"), max_length=120)
    state = models.CharField(_("state"), max_length=6)
    country = models.CharField(_("country"), max_length=2)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        indexes = [models.Index(fields=["state", "town"])]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.town, self.state) if part)

    def state_name(self, language: str) -> str:
        """Return the state's name in ``language`` (its code if unknown)."""
        place = PLACE_BY_CODE.get(self.state)
        return place.name(language) if place else self.state

    def one_line(self, language: str) -> str:
        """Return the address as one line, for a page, a feed's LOCATION and schema.org."""
        return place_line(self.name, self.address, self.town, self.state, language)


def place_line(name: str, address: str, town: str, state: str, language: str) -> str:
    """Return a place's address as one line (its state named in ``language``)."""
    known = PLACE_BY_CODE.get(state)
    parts = (name, address, town, known.name(language) if known else state)
    return ", ".join(part for part in parts if part)


class Event(models.Model):
    """One event an organisation publishes, with everything a worker needs to attend."""

    uid = models.UUIDField(_("calendar identifier"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="events", verbose_name=_("organiser")
    )
    co_organisers = models.ManyToManyField(
        Organisation, blank=True, related_name="co_organised_events", verbose_name=_("co-organisers")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("campaign"),
    )
    kind = models.CharField(_("type"), max_length=30, choices=EventKind.choices)
    title_es = models.CharField(_("title (Spanish)"), max_length=MAX_TITLE)
    title_en = models.CharField(_("title (English)"), max_length=MAX_TITLE, blank=True)
    description_es = models.TextField(_("description (Spanish)"), max_length=MAX_DESCRIPTION, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=MAX_DESCRIPTION, blank=True)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name=_("place")
    )
    online_url = models.URLField(_("online link"), max_length=300, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64)
    rrule = models.CharField(_("recurrence (iCalendar RRULE)"), max_length=MAX_RRULE, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    topics = models.ManyToManyField(Category, blank=True, related_name="events", verbose_name=_("topics"))
    audiences = models.JSONField(_("for whom"), default=list, blank=True)
    what_to_bring_es = models.TextField(_("what to bring (Spanish)"), max_length=2000, blank=True)
    what_to_bring_en = models.TextField(_("what to bring (English)"), max_length=2000, blank=True)
    appointment = models.CharField(
        _("appointment"), max_length=3, choices=Appointment.choices, default=Appointment.NOT_NEEDED
    )
    appointment_how_es = models.CharField(
        _("how to get an appointment (Spanish)"), max_length=500, blank=True
    )
    appointment_how_en = models.CharField(
        _("how to get an appointment (English)"), max_length=500, blank=True
    )
    phone = models.CharField(_("telephone"), max_length=20, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    previous_start = models.DateTimeField(_("previous start"), null=True, blank=True)
    # "Reserve a place": a count only, never who (jornada.outreach.reminders.reservation_add).
    takes_reservations = models.BooleanField(_("workers may reserve a place"), default=False)
    places_reserved = models.PositiveIntegerField(_("places reserved"), default=0, editable=False)
    # The short code a worker may give when asking for help later ("I came to the talk K7M2QX"):
    # staff link the intake or case to the event with it (jornada.outreach.aftermath).
    code = models.CharField(_("event code"), max_length=8, unique=True, null=True, blank=True, editable=False)
    # After the event, recorded by staff: counts only.
    attendance = models.PositiveIntegerField(_("people who attended"), null=True, blank=True)
    referrals_made = models.PositiveIntegerField(_("referrals made"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("revision"), default=0)
    # Denormalised from the occurrences, so the public state filter needs no join through Place.
    state = models.CharField(_("state"), max_length=6, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(pgettext_lazy("event", "changed"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title_es

    def title(self, language: str) -> str:
        """Return the title in ``language``, falling back to Spanish."""
        return (self.title_en if language.startswith("en") else "") or self.title_es

    def description(self, language: str) -> str:
        """Return the description in ``language``, falling back to Spanish."""
        return (self.description_en if language.startswith("en") else "") or self.description_es

    def what_to_bring(self, language: str) -> str:
        """Return what to bring in ``language``, falling back to Spanish."""
        return (self.what_to_bring_en if language.startswith("en") else "") or self.what_to_bring_es

    def appointment_how(self, language: str) -> str:
        """Return how to get an appointment in ``language``, falling back to Spanish."""
        return (self.appointment_how_en if language.startswith("en") else "") or self.appointment_how_es

    def is_online(self) -> bool:
        """Return True when the event happens (also) online."""
        return bool(self.online_url)

    def is_cancelled(self) -> bool:
        """Return True when the event will not happen."""
        return self.status == EventStatus.CANCELLED


class EventSlot(models.Model):
    """One time the event is held, as entered: the first of a series when the event recurs."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField(_("position"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ("position",)
        constraints = [models.UniqueConstraint(fields=["event", "position"], name="outreach_slot_position")]

    def __str__(self) -> str:
        return f"{self.event_id}#{self.position}"


class SlotTombstone(models.Model):
    """A slot removed from an event, still published as cancelled until its last date has passed.

    A calendar that subscribed to a feed keeps a VEVENT that simply disappears from the feed (many
    programs do): the feeds go on writing the removed slot under its UID with a higher SEQUENCE and
    STATUS:CANCELLED, so subscribers drop it. ``until`` is the end of the slot's last instance;
    ``jornada prune`` deletes the row after it (``jornada.outreach.services.tombstones_prune``).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tombstones")
    position = models.PositiveSmallIntegerField(_("position"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # The slot's rule when it was removed, so the cancelled VEVENT names the same series.
    rrule = models.CharField(_("recurrence (iCalendar RRULE)"), max_length=MAX_RRULE, blank=True)
    sequence = models.PositiveIntegerField(_("revision"))
    until = models.DateTimeField(_("published until"), db_index=True)
    removed_at = models.DateTimeField(_("removed"), default=timezone.now)

    class Meta:
        ordering = ("position",)
        verbose_name = _("removed time slot")
        verbose_name_plural = _("removed time slots")
        constraints = [
            models.UniqueConstraint(fields=["event", "position"], name="outreach_tombstone_position")
        ]

    def __str__(self) -> str:
        return f"{self.event_id}#{self.position} (removed)"


class OccurrenceQuerySet(models.QuerySet["Occurrence"]):
    def upcoming(self, now: Any = None) -> OccurrenceQuerySet:
        return self.filter(ends_at__gte=now or timezone.now())


class Occurrence(models.Model):
    """One dated instance of an event (a slot, or one repetition of it), for the calendar."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # Copied from the event so "upcoming in this state" is one index range scan.
    state = models.CharField(max_length=6, blank=True)
    kind = models.CharField(max_length=30)
    # Copied from the event's place, so "within 50 km of here" is one index range on latitude.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ("starts_at", "pk")
        indexes = [
            models.Index(fields=["ends_at"]),
            models.Index(fields=["state", "ends_at"]),
            models.Index(fields=["kind", "ends_at"]),
            models.Index(fields=["latitude", "longitude", "ends_at"], name="outreach_occurrence_near"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}@{self.starts_at:%Y-%m-%d %H:%M}"


class PromoterSession(models.Model):
    """A session a community promoter held: where, when, on what, and how many came (counts only).

    No attendee is named or described: only counts, which the promoter may split by gender and
    by visa programme. ``client_id`` is made once per form (by the page, or by the phone while
    offline), so the same log sent twice (a double tap, a retry when the network returns) is
    kept once.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="promoter_sessions",
        verbose_name=_("organisation"),
    )
    promoter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("promoter"),
    )
    client_id = models.UUIDField(_("form identifier"))
    held_on = models.DateField(_("date"))
    town = models.CharField(_("town"), max_length=120)
    state = models.CharField(_("state"), max_length=6)
    topic = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("topic")
    )
    attendees = models.PositiveIntegerField(_("workers who attended"))
    women = models.PositiveIntegerField(_("of them, women"), null=True, blank=True)
    men = models.PositiveIntegerField(_("of them, men"), null=True, blank=True)
    h2a = models.PositiveIntegerField(_("of them, with H-2A visas"), null=True, blank=True)
    h2b = models.PositiveIntegerField(_("of them, with H-2B visas"), null=True, blank=True)
    materials = models.CharField(_("materials used"), max_length=500, blank=True)
    questions = models.TextField(_("questions asked"), max_length=2000, blank=True)
    follow_ups = models.TextField(_("follow-ups needed"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("logged"), default=timezone.now)

    class Meta:
        ordering = ("-held_on", "-pk")
        verbose_name = _("promoter's session")
        verbose_name_plural = _("promoters' sessions")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "client_id"], name="outreach_session_once"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.town}"


class ContactKind(models.TextChoices):
    PARTNER = "partner", _("Partner organisation")
    HOMETOWN = "hometown", _("Hometown association")
    CHURCH = "church", _("Church")
    RADIO = "radio", _("Radio station")
    PROMOTER = "promoter", _("Committee promoter")
    OTHER = "other", _("Other community contact")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp link to share")


class DisseminationContact(models.Model):
    """Someone an organisation sends its events to, in a region (a state, or a whole country)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="dissemination_contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("e-mail address or number"), max_length=254)
    region = models.CharField(_("region"), max_length=6)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ("region", "name")
        verbose_name = _("dissemination contact")
        verbose_name_plural = _("dissemination contacts")

    def __str__(self) -> str:
        return self.name


class InvitationRound(models.Model):
    """One "invite" of an event: the regions it was meant to reach."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitation_rounds")
    regions = models.JSONField(_("regions"), default=list)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ("-sent_at",)

    def __str__(self) -> str:
        return f"{self.event_id}: {','.join(self.regions)}"


class Invitation(models.Model):
    """An event sent to one contact: when, and whether it was opened or answered."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    contact = models.ForeignKey(DisseminationContact, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=43, unique=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ("contact__region", "contact__name")
        constraints = [models.UniqueConstraint(fields=["event", "contact"], name="outreach_invitation_once")]

    def __str__(self) -> str:
        return f"{self.event_id}→{self.contact_id}"

    def reached(self) -> bool:
        """Return True once the contact opened or answered the invitation."""
        return self.opened_at is not None or self.answered_at is not None


class EventLink(models.Model):
    """An intake or a case an organisation says came from an event (through its code). No name."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="links")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    intake = models.ForeignKey(
        "intake.Intake", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    linked_on = models.DateField(_("linked"), default=timezone.localdate)

    class Meta:
        verbose_name = _("event link")
        verbose_name_plural = _("event links")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=True, intake__isnull=False)
                | models.Q(case__isnull=False, intake__isnull=True),
                name="outreach_link_one_thing",
            ),
            models.UniqueConstraint(fields=["case"], name="outreach_link_case_once"),
            models.UniqueConstraint(fields=["organisation", "intake"], name="outreach_link_intake_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {'case' if self.case_id else 'intake'}"
