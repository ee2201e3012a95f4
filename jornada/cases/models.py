"""Cases an organisation works, and the keys that protect their personal fields.

Personal fields are stored sealed (``jornada.cases.crypto``) in binary columns whose names end
in ``_sealed``; nothing on a model decrypts them. Reading them goes through
``jornada.cases.selectors``, which checks the reader's organisation and audits every read.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.core.fields import RandomIdField
from jornada.core.models import Organisation

# The personal fields of a case, in the order a page shows them.
CASE_PERSONAL_FIELDS = ("worker_name", "contact", "safe_times", "narrative")


class ContactChannel(models.TextChoices):
    """How the worker chose to be contacted; "none" means they asked not to be."""

    NONE = "none", _("Do not contact")
    WHATSAPP = "whatsapp", _("WhatsApp")
    CALL = "call", _("Phone call")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class OrganisationKey(models.Model):
    """One version of an organisation's key, stored only wrapped by the master key.

    The highest version is the one new cases use; an older one lives only until
    ``jornada rotate_keys`` has rewrapped every case key that still names it.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    version = models.PositiveIntegerField(_("version"))
    wrapped = models.BinaryField(_("wrapped key"), editable=False)
    master_key_id = models.CharField(_("master key"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation key")
        verbose_name_plural = _("organisation keys")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="cases_orgkey_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} v{self.version}"


class CaseSequence(models.Model):
    """The last case number an organisation gave in one year."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="cases_sequence_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year}: {self.last}"


class AnonymiseReason(models.TextChoices):
    RETENTION = "retention", _("The organisation's retention period ended")
    WITHDRAWN = "withdrawn", _("The worker withdrew")
    ERASURE_REQUEST = "erasure_request", _("The worker asked for their data to be erased")


class Case(models.Model):
    """A worker's matter that one organisation works; its personal fields are sealed.

    The key is random, so it can bind each sealed field before the row is written and says
    nothing about the order cases arrived in.
    """

    id = RandomIdField()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases", verbose_name=_("organisation")
    )
    number = models.CharField(_("number"), max_length=32)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    # The case's data key wrapped by its organisation's key of version ``key_version``; both
    # empty once the case is anonymised, which destroys the data key.
    data_key = models.BinaryField(null=True, editable=False)
    key_version = models.PositiveIntegerField(null=True, editable=False)
    worker_name_sealed = models.BinaryField(null=True, editable=False)
    contact_sealed = models.BinaryField(null=True, editable=False)
    # How and when the worker may be reached: the channel says nothing about who they are, so it
    # stays in clear for filtering; the number or address (``contact``) and the safe times are sealed.
    contact_channel = models.CharField(
        _("contact channel"), max_length=10, choices=ContactChannel.choices, default=ContactChannel.NONE
    )
    may_leave_message = models.BooleanField(_("a message may be left"), default=False)
    safe_times_sealed = models.BinaryField(null=True, editable=False)
    narrative_sealed = models.BinaryField(null=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    anonymised_reason = models.CharField(
        _("why anonymised"), max_length=20, choices=AnonymiseReason.choices, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="cases_case_unique_number")
        ]
        # The case list: one organisation's cases, newest first (benchmarks/cases.py).
        indexes = [models.Index(fields=["organisation", "-created_at", "-id"], name="cases_case_org_newest")]

    def __str__(self) -> str:
        return self.number

    def is_anonymised(self) -> bool:
        """Return True once the personal fields and the data key are gone."""
        return self.anonymised_at is not None


class CaseNote(models.Model):
    """A timestamped note on a case; never edited: a correction is a new note."""

    id = RandomIdField()
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes", verbose_name=_("case"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Sealed under the case's data key; empty once the case is anonymised.
    text_sealed = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{self.case_id} · {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("A case note is never edited: write a new note instead.")
        super().save(*args, **kwargs)
