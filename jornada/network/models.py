"""The directory of organisations and services that help migrant workers, in the HSDS 3.0 shape.

Records keep the Open Referral Human Services Data Specification's names (organization,
service, location, service_at_location, schedule, phone, service_area) and its UUIDs, so the
directory goes in and out as HSDS without a translation table. Listed organisations need not use
Jornada; a staff organisation links to its own entry.

A location marked ``confidential`` (a shelter, a safe house) keeps its address and coordinates for
staff only: every public page, the HSDS API and every export show "confidential location, call
first" instead, and the distance search uses a coarse point (``search_latitude``) that no page shows.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jornada.core.models import Organisation as StaffOrganisation
from jornada.vocabulary.models import Category

# Decimal places kept of a confidential location's point for the distance search: one decimal of a
# degree is about 11 km, the scale of a town, never of a street.
CONFIDENTIAL_PRECISION = 1


class Verified(models.Model):
    """Who last confirmed an entry's details, and when (HSDS: assurer and assured date)."""

    verified_by = models.CharField(
        pgettext_lazy("person who verified", "verified by"), max_length=200, blank=True
    )
    verified_at = models.DateField(_("verified on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        abstract = True


class Kind(models.TextChoices):
    LEGAL_AID = "legal_aid", _("Legal aid")
    WORKER_CENTRE = "worker_centre", _("Worker centre")
    UNION = "union", _("Union")
    CONSULATE = "consulate", _("Consulate or mobile consulate")
    HEALTH_WINDOW = "health_window", _("Ventanilla de Salud")
    COMMUNITY = "community", _("Community or hometown association")
    SHELTER = "shelter", _("Shelter")
    HOTLINE = "hotline", _("Hotline")
    CHURCH = "church", _("Church")
    CLINIC = "clinic", _("Clinic")
    OTHER = "other", _("Other")


class Organization(Verified):
    """An organisation in the directory (HSDS ``organization``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("other name"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=2000)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("web site"), blank=True)
    staff_organisation = models.OneToOneField(
        StaffOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_entry",
        verbose_name=_("organisation on Jornada"),
        help_text=_("The Jornada organisation whose staff keep this entry, if it uses Jornada."),
    )
    is_fictional = models.BooleanField(_("fictional demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("directory organisation")
        verbose_name_plural = _("directory organisations")

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class Service(Verified):
    """What an organisation does, for whom, at what cost and in which languages (HSDS ``service``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="services", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it does"), max_length=2000)
    summary = models.CharField(
        _("one line"), max_length=160, blank=True, help_text=_("What it does, in one line for the results.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    eligibility_description = models.TextField(_("who may use it"), max_length=1000, blank=True)
    application_process = models.TextField(_("how to apply"), max_length=1000, blank=True)
    fees_description = models.TextField(_("fees"), max_length=500, blank=True)
    free = models.BooleanField(_("free of charge"), default=True)
    url = models.URLField(_("web page"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Language keys, indigenous languages included.")
    )
    nationalities = models.JSONField(
        _("nationalities served"),
        default=list,
        blank=True,
        help_text=_("ISO 3166 country codes; empty for all."),
    )
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    topics = models.ManyToManyField(
        Category, blank=True, related_name="directory_services", verbose_name=_("topics")
    )
    locations: models.ManyToManyField[Location, ServiceAtLocation] = models.ManyToManyField(
        "Location", through="ServiceAtLocation", related_name="services", verbose_name=_("locations")
    )

    class Meta:
        ordering = ["organization__name", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return f"{self.organization.name} · {self.name}"


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("A place to visit")
    VIRTUAL = "virtual", _("By phone or online only")


class Location(Verified):
    """Where a service is given (HSDS ``location`` with its physical ``address``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="locations", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    location_type = models.CharField(
        _("type"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL, db_index=True
    )
    confidential = models.BooleanField(
        _("confidential location"),
        default=False,
        help_text=_(
            "A shelter or safe house: its address and coordinates are never shown outside staff "
            "pages; the public sees “confidential location, call first”."
        ),
    )
    address_1 = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("town or city"), max_length=120, blank=True)
    state_province = models.CharField(_("state"), max_length=120, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166 code."))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # The point the distance search uses: the exact one, or a town-sized one for a confidential place.
    search_latitude = models.FloatField(null=True, blank=True, editable=False, db_index=True)
    search_longitude = models.FloatField(null=True, blank=True, editable=False)
    timezone = models.CharField(
        _("time zone"),
        max_length=60,
        default="America/Mexico_City",
        help_text=_("IANA name, e.g. America/New_York."),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)

    class Meta:
        ordering = ["organization__name", "name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        indexes = [
            models.Index(fields=["search_latitude", "search_longitude"], name="network_location_point")
        ]

    def __str__(self) -> str:
        return self.name or self.city or str(self.id)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The search point is this row's own derived column, kept with the coordinates it comes from.
        point = self.search_point()
        self.search_latitude, self.search_longitude = point if point else (None, None)
        super().save(*args, **kwargs)

    def search_point(self) -> tuple[float, float] | None:
        """Return the point the distance search may use: coarse for a confidential location."""
        if self.latitude is None or self.longitude is None:
            return None
        if self.confidential:
            return (
                round(self.latitude, CONFIDENTIAL_PRECISION),
                round(self.longitude, CONFIDENTIAL_PRECISION),
            )
        return (self.latitude, self.longitude)


class ServiceAtLocation(models.Model):
    """A service given at one location (HSDS ``service_at_location``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")

    class Meta:
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="network_service_location")
        ]

    def __str__(self) -> str:
        return f"{self.service_id} @ {self.location_id}"


class SearchRow(models.Model):
    """One active service at one placed location, flattened for "find help near you".

    Derived from Service, Location and ServiceAtLocation by ``network.search.search_rows_refresh``
    (run by every write to those): the search then reads one indexed table, no join. Each pair has
    a row with an empty ``topic`` and one more per topic of the service, so that a search by topic
    reads only that topic's rows from the index. The point is the location's search point (coarse
    for a confidential place); languages are ``|``-delimited keys for one ``LIKE '%|key|%'``.
    """

    topic = models.CharField(max_length=80, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    languages = models.TextField(blank=True)
    free = models.BooleanField()

    class Meta:
        verbose_name = _("search row")
        verbose_name_plural = _("search rows")
        indexes = [models.Index(fields=["topic", "latitude", "longitude"], name="network_search_point")]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location", "topic"], name="network_search_service_location"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_id} @ {self.location_id} {self.topic}"


class ServiceArea(models.Model):
    """A place a service covers: an ISO 3166 code, a county or a municipality (HSDS ``service_area``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_areas", verbose_name=_("service")
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=40,
        blank=True,
        help_text=_("ISO 3166 code (US-NC, MX-OAX, GT) or a county/municipality code."),
    )

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self) -> str:
        return self.name


class Weekday(models.TextChoices):
    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")


class Schedule(models.Model):
    """Opening hours as an iCalendar (RFC 5545) recurrence, the way HSDS keeps them.

    ``byday`` is RFC 5545's BYDAY ("MO,TU,WE"; with MONTHLY, "2SA" is the second Saturday).
    Opening and closing times are local to the location's time zone.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    freq = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    interval = models.PositiveSmallIntegerField(_("interval"), default=1)
    byday = models.CharField(_("days (RFC 5545 BYDAY)"), max_length=60, blank=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self) -> str:
        return f"{self.freq} {self.byday} {self.opens_at}-{self.closes_at}"


class PhoneType(models.TextChoices):
    VOICE = "voice", _("Voice")
    TEXT = "text", _("Text messages")
    CELL = "cell", _("Mobile")
    FAX = "fax", _("Fax")


class Phone(models.Model):
    """A number to call or write to, of an organisation, a service or a location (HSDS ``phone``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(
        _("number"), max_length=40, help_text=_("In international format, e.g. +1 919 555 0100.")
    )
    type = models.CharField(_("type"), max_length=10, choices=PhoneType.choices, default=PhoneType.VOICE)
    whatsapp = models.BooleanField(_("answers on WhatsApp"), default=False)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self) -> str:
        return self.number

    def dial(self) -> str:
        """Return the number as a tel: URI wants it (digits and a leading +)."""
        digits = "".join(char for char in self.number if char.isdigit())
        return f"+{digits}" if self.number.strip().startswith("+") else digits

    def whatsapp_number(self) -> str:
        """Return the digits wa.me wants (international, without +)."""
        return "".join(char for char in self.number if char.isdigit())


class GazetteerKind(models.TextChoices):
    US_ZIP = "us_zip", _("US ZIP code")
    MX_POSTAL = "mx_postal", _("Mexican postal code")
    TOWN = "town", _("Town")


class GazetteerPlace(models.Model):
    """One entry of the offline gazetteer the "find help" page looks places up in; never a visitor's."""

    kind = models.CharField(max_length=10, choices=GazetteerKind.choices)
    code = models.CharField(max_length=20, blank=True, help_text="postal code, or empty for a town")
    name = models.CharField(max_length=200)
    folded = models.CharField(max_length=200, db_index=True)
    region = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2)
    latitude = models.FloatField()
    longitude = models.FloatField()
    population = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["kind", "code"], name="network_gazetteer_code")]
        verbose_name = _("gazetteer place")
        verbose_name_plural = _("gazetteer places")

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class TrustedReferral(models.Model):
    """A partner a staff organisation trusts for a topic and place, with what its staff learnt.

    Each organisation keeps its own list; no other organisation sees it.
    """

    organisation = models.ForeignKey(
        StaffOrganisation,
        on_delete=models.CASCADE,
        related_name="trusted_referrals",
        verbose_name=_("organisation"),
    )
    partner = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="trusted_by", verbose_name=_("partner")
    )
    topic = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
        help_text=_("Empty for every topic."),
    )
    place = models.CharField(
        _("place"),
        max_length=10,
        blank=True,
        help_text=_("ISO 3166 code (US-NC, MX-OAX, GT); empty for anywhere."),
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    added_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("added by")
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    review_on = models.DateField(_("review on"), null=True, blank=True)

    class Meta:
        ordering = ["partner__name"]
        verbose_name = _("trusted referral")
        verbose_name_plural = _("trusted referrals")

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.partner_id}"

    def review_due(self) -> bool:
        """Return True when the review date has come."""
        return self.review_on is not None and self.review_on <= timezone.localdate()


# Relationship memory: what one staff organisation knows of a partner, kept when its staff change.
# Every row belongs to one staff organisation; no other organisation sees it.


class PartnerMemoryKey(models.Model):
    """The data key that seals one staff organisation's relationship memory, wrapped by its organisation key."""

    organisation = models.OneToOneField(
        StaffOrganisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    data_key = models.BinaryField(null=True, editable=False)
    key_version = models.PositiveIntegerField(null=True, editable=False)

    class Meta:
        verbose_name = _("relationship memory key")
        verbose_name_plural = _("relationship memory keys")

    def __str__(self) -> str:
        return f"memory key {self.pk}"


class PartnerContact(models.Model):
    """A person at a partner organisation. Their name and channel are personal data: never logged."""

    organisation = models.ForeignKey(
        StaffOrganisation,
        on_delete=models.CASCADE,
        related_name="partner_contacts",
        verbose_name=_("organisation"),
    )
    partner = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("partner")
    )
    # The name and channel are sealed under the organisation's memory key (see network.memory_keys).
    name_sealed = models.BinaryField(null=True, editable=False)
    role = models.CharField(pgettext_lazy("contact at a partner", "role"), max_length=200, blank=True)
    channel_sealed = models.BinaryField(null=True, editable=False)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    owner = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who keeps the relationship"),
    )

    class Meta:
        ordering = ["until", "pk"]
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")

    def __str__(self) -> str:
        return f"contact {self.pk}"  # never the person's name: __str__ ends up in logs

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.since and self.until and self.until < self.since:
            raise ValidationError(
                {
                    "until": ValidationError(
                        _("“Until” cannot come before “since”."), code="until_before_since"
                    )
                }
            )


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", pgettext_lazy("action", "Call")
    EVENT = "event", _("Event held together")
    OTHER = "other", _("Other")


class PartnerInteraction(models.Model):
    """One entry of the interaction log with a partner: a meeting, a call, an event held together."""

    organisation = models.ForeignKey(
        StaffOrganisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    partner = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("partner")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=InteractionKind.choices)
    happened_on = models.DateField(_("date"))
    # What happened names people: sealed under the organisation's memory key.
    summary_sealed = models.BinaryField(null=True, editable=False)
    recorded_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("interaction with a partner")
        verbose_name_plural = _("interactions with partners")

    def __str__(self) -> str:
        return f"interaction {self.pk}"


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    AGREEMENT = "agreement", _("Agreement")


class PartnerAgreement(models.Model):
    """An agreement or MOU with a partner, its renewal date and who keeps it."""

    organisation = models.ForeignKey(
        StaffOrganisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    partner = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("partner")
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=AgreementKind.choices, default=AgreementKind.MOU
    )
    title = models.CharField(_("title"), max_length=200)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    renew_on = models.DateField(_("renew by"), null=True, blank=True)
    owner = models.ForeignKey(
        "core.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who keeps it"),
    )
    # The renewal date the owner was last reminded of: one reminder per date, however often the command runs.
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["renew_on", "title"]
        verbose_name = _("agreement with a partner")
        verbose_name_plural = _("agreements with partners")

    def __str__(self) -> str:
        return f"agreement {self.pk}"

    def renewal_due(self, today: Any = None) -> bool:
        """Return True when the renewal date is within a month (or past)."""
        import datetime as dt

        today = today or timezone.localdate()
        return self.renew_on is not None and self.renew_on <= today + dt.timedelta(days=30)


class Handover(models.Model):
    """That a leaving member's relationships, open referrals and tasks went to a successor, and how many."""

    organisation = models.ForeignKey(
        StaffOrganisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    leaving = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("leaving")
    )
    successor = models.ForeignKey(
        "core.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("successor")
    )
    by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    done_at = models.DateTimeField(_("done"), default=timezone.now)
    moved = models.JSONField(_("moved"), default=dict)

    class Meta:
        ordering = ["-done_at"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")

    def __str__(self) -> str:
        return f"handover {self.pk}"
