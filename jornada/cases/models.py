"""Cases an organisation works, and the keys that protect their personal fields.

Personal fields are stored sealed (``jornada.cases.crypto``) in binary columns whose names end
in ``_sealed``; nothing on a model decrypts them. Reading them goes through
``jornada.cases.selectors``, which checks the reader's organisation and audits every read.
"""

from __future__ import annotations

import datetime as dt
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


# --- Case work: tasks, documents, contacts with the worker ----------------------------------------


class CaseTask(models.Model):
    """Something to do on a case by a day, owned by a member of the case's organisation.

    The title may name the worker or what happened, so it is sealed like a note.
    """

    id = RandomIdField()
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("case"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    due_on = models.DateField(_("due date"))
    # The day it was done, not the time: enough to read the case's history.
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # Sealed under the case's data key; empty once the case is anonymised.
    title_sealed = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("case task")
        verbose_name_plural = _("case tasks")
        indexes = [models.Index(fields=["owner", "done_on", "due_on"], name="cases_task_owner_due")]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.due_on}"

    def is_done(self) -> bool:
        """Return True once the task was marked done."""
        return self.done_on is not None

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Return True when the task is not done and its day has passed."""
        return self.done_on is None and self.due_on < (today or timezone.localdate())


class TaskReminder(models.Model):
    """That the owner of a task was (or is being) reminded of it for one due date.

    One row per task and due date makes the daily reminder job safe to run twice: a task moved
    to another day is reminded of again, a task already reminded of for its day is not. The
    row keeps no time, only the day it is about.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("not sent: done, moved or no longer the owner's")
        FAILED = "failed", _("could not be sent")

    task = models.ForeignKey(CaseTask, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "due_on"], name="cases_reminder_once_per_due_date")
        ]

    def __str__(self) -> str:
        return f"{self.task_id} · {self.due_on} · {self.state}"


class CaseDocument(models.Model):
    """A file staff keep with a case, stored encrypted under the case's data key.

    The stored file holds only sealed bytes under a random name; its original name is sealed on
    the row. Images were re-encoded without metadata before sealing; PDFs are kept as sent.
    """

    class Kind(models.TextChoices):
        JPEG = "image/jpeg", "JPEG"
        PDF = "application/pdf", "PDF"

    id = RandomIdField()
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents", verbose_name=_("case"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    content_type = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    file = models.FileField(upload_to="cases/documents/", max_length=200, editable=False)
    name_sealed = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")

    def __str__(self) -> str:
        return f"{self.case_id} · {self.pk}"


class ContactDirection(models.TextChoices):
    OUTGOING = "outgoing", _("We contacted the worker")
    INCOMING = "incoming", _("The worker contacted us")


class ContactMethod(models.TextChoices):
    """How one contact with the worker happened (their preference is ``ContactChannel``)."""

    WHATSAPP = "whatsapp", _("WhatsApp")
    CALL = "call", _("Phone call")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")
    OTHER = "other", _("Other")


class CaseContact(models.Model):
    """One contact with the worker: its day, channel, direction and a sealed summary."""

    id = RandomIdField()
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("case"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    contacted_on = models.DateField(_("date"))
    method = models.CharField(_("channel"), max_length=10, choices=ContactMethod.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=ContactDirection.choices)
    # True when Jornada itself sent the message (SMS or e-mail) from the case page.
    sent_by_jornada = models.BooleanField(default=False)
    summary_sealed = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["-contacted_on", "-created_at"]
        verbose_name = _("contact with the worker")
        verbose_name_plural = _("contacts with the worker")

    def __str__(self) -> str:
        return f"{self.case_id} · {self.contacted_on}"
