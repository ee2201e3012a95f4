"""A worker's request for help, before an organisation takes it in as a case.

The worker holds the only key to it: a receipt code, stored as an HMAC
(``jornada.contributions.receipts``). Its personal fields are sealed under the request's own
data key, which is wrapped once for each organisation that may read it (``IntakeRecipient``):
the organisations the worker chose, or every one that takes requests like it. Nothing here
names the worker's address, device or the exact moment they wrote: the time it arrived is kept
to the hour, enough to show an advocate how long a worker has waited.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jornada.cases.models import Case, ContactChannel
from jornada.core.fields import RandomIdField
from jornada.core.models import Organisation

# The personal fields of a request, sealed under its data key.
INTAKE_PERSONAL_FIELDS = ("worker_name", "contact", "safe_times", "party_name", "narrative")


class IntakeStatus(models.TextChoices):
    """Where a request stands, as its status page tells the worker."""

    RECEIVED = "received", _("Received")
    REVIEWING = "reviewing", _("Being reviewed")
    ACCEPTED = "accepted", _("Taken in by an organisation")
    DECLINED = "declined", _("Declined")
    DUPLICATE = "duplicate", _("Already received in another request")
    WITHDRAWN = "withdrawn", _("Withdrawn by the worker")
    CLOSED = "closed", pgettext_lazy("status of a request for help", "Closed")


# Statuses after which nothing more happens to a request.
FINAL_STATUSES = (IntakeStatus.DECLINED, IntakeStatus.DUPLICATE, IntakeStatus.WITHDRAWN, IntakeStatus.CLOSED)


class Whereabouts(models.TextChoices):
    US = "us", _("In the United States")
    HOME = "home", _("Back home")
    TRANSIT = "transit", _("On the way")


class UrgentReason(models.TextChoices):
    """What makes a request urgent at once (and shows emergency numbers to the worker)."""

    INJURY = "injury", _("Injured or ill")
    NO_FOOD_OR_SHELTER = "no_food_or_shelter", _("No food or no place to sleep")
    DOCUMENTS_TAKEN = "documents_taken", _("Documents taken")
    THREATENED = "threatened", _("Threatened")
    CHILD_ALONE = "child_alone", _("A child alone")


class DeclineReason(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", _("Not something this organisation handles")
    NO_CAPACITY = "no_capacity", _("No capacity to take it now")
    CONFLICT = "conflict", _("A conflict of interest")
    NOT_ENOUGH_INFORMATION = "not_enough_information", _("Not enough information to act")
    OTHER = "other", _("Another reason")


class Intake(models.Model):
    """One request for help; its personal fields are sealed, its key wrapped per recipient."""

    # Audit events about a request keep their day, not their time (jornada.core.audit): they
    # would otherwise say when a worker wrote, added information or withdrew.
    audit_day_only = True

    id = RandomIdField()
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=IntakeStatus.choices, default=IntakeStatus.RECEIVED
    )
    # To the hour: how long a worker has waited, not when exactly they wrote.
    received_at = models.DateTimeField(pgettext_lazy("request for help", "received"), db_index=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    urgent_reasons = models.JSONField(_("why urgent"), default=list, blank=True)
    # Vocabulary category codes, as the worker chose them (staff may change them in triage).
    categories = models.JSONField(_("categories"), default=list, blank=True)
    employer = models.ForeignKey(
        "directory.Employer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer"),
    )
    recruiter = models.ForeignKey(
        "directory.Recruiter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recruiter"),
    )
    place = models.CharField(_("where it happened"), max_length=10, blank=True)
    year = models.PositiveSmallIntegerField(_("season"), null=True, blank=True)
    whereabouts = models.CharField(_("where the worker is now"), max_length=10, choices=Whereabouts.choices)
    language = models.CharField(_("language"), max_length=60)
    contact_channel = models.CharField(
        _("contact channel"), max_length=10, choices=ContactChannel.choices, default=ContactChannel.NONE
    )
    may_leave_message = models.BooleanField(_("a message may be left"), default=False)
    consent_contact = models.BooleanField(_("may be contacted"), default=False)
    consent_share = models.BooleanField(_("may be shared with another organisation"), default=False)
    consent_count = models.BooleanField(_("may be counted in reports without a name"), default=False)
    any_organisation = models.BooleanField(_("whichever organisation can help"), default=False)
    # Opened by a hotline operator for a caller (``intake_open_on_call``), not sent by the worker.
    opened_on_call = models.BooleanField(_("opened by an operator on a call"), default=False)
    # The data key is per request; each recipient holds it wrapped. Sealed fields are empty
    # once the request was erased (withdrawn, taken in as a case, or past retention).
    worker_name_sealed = models.BinaryField(null=True, editable=False)
    contact_sealed = models.BinaryField(null=True, editable=False)
    safe_times_sealed = models.BinaryField(null=True, editable=False)
    party_name_sealed = models.BinaryField(null=True, editable=False)
    narrative_sealed = models.BinaryField(null=True, editable=False)
    case = models.OneToOneField(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="intake", verbose_name=_("case")
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("duplicate of"),
    )
    decided_on = models.DateField(pgettext_lazy("request for help", "decided"), null=True, blank=True)
    erased_on = models.DateField(_("erased"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("request for help")
        verbose_name_plural = _("requests for help")
        indexes = [models.Index(fields=["status", "urgent", "received_at"], name="intake_queue_idx")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} · {self.received_at:%Y-%m-%d}"

    def is_erased(self) -> bool:
        return self.erased_on is not None


class RecipientDecision(models.TextChoices):
    PENDING = "pending", _("Waiting")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DUPLICATE = "duplicate", _("Duplicate")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    TAKEN_ELSEWHERE = "taken_elsewhere", _("Taken in by another organisation")


class IntakeRecipient(models.Model):
    """An organisation that may read a request: the request's data key wrapped by its key."""

    id = RandomIdField()
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="intake_recipients",
        verbose_name=_("organisation"),
    )
    data_key = models.BinaryField(null=True, editable=False)
    key_version = models.PositiveIntegerField(null=True, editable=False)
    decision = models.CharField(
        _("decision"), max_length=16, choices=RecipientDecision.choices, default=RecipientDecision.PENDING
    )
    decline_reason = models.CharField(_("reason"), max_length=24, choices=DeclineReason.choices, blank=True)
    decided_on = models.DateField(pgettext_lazy("request for help", "decided"), null=True, blank=True)
    # Copies of the request's urgency and arrival hour, so that an organisation's queue is read
    # in order from one index of this table (``intake_queue_order``) instead of sorting every
    # waiting request of the organisation on each page. The services that set the request's
    # values set these too (``intake_submit``, ``intake_triage``).
    urgent = models.BooleanField(default=False, editable=False)
    received_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        verbose_name = _("recipient of a request")
        verbose_name_plural = _("recipients of requests")
        constraints = [
            models.UniqueConstraint(fields=["intake", "organisation"], name="intake_recipient_unique")
        ]
        indexes = [
            # Only what waits in a queue: a request leaves it when its recipient decides, when
            # its key is erased, or when the request ends (every pending recipient decides then).
            # ``decision`` is a column too: queries bind its value, and SQLite then checks it in
            # the index instead of reading every row of the organisation's queue.
            models.Index(
                fields=["organisation", "decision", "-urgent", "received_at", "intake"],
                condition=models.Q(decision="pending", data_key__isnull=False),
                name="intake_queue_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.intake_id} → {self.organisation_id}"


class IntakeAddition(models.Model):
    """Information the worker added from the status page after sending the request."""

    id = RandomIdField()
    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="additions")
    added_on = models.DateField(pgettext_lazy("addition to a request for help", "added"))
    text_sealed = models.BinaryField(null=True, editable=False)

    class Meta:
        verbose_name = _("added information")
        verbose_name_plural = _("added information")

    def __str__(self) -> str:
        return f"{self.intake_id} · {self.added_on}"


class IntakeDraft(models.Model):
    """A worker's answers between the interview's steps, sealed under a key only their resume code opens.

    The code itself is never stored: the row is found by an HMAC of it, and its answers are
    encrypted under a key derived from it (``jornada.intake.drafts``). Only the day it expires
    is kept, never a time; the daily prune deletes it then.
    """

    id = RandomIdField()
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    salt = models.BinaryField(editable=False)
    sealed = models.BinaryField(editable=False)
    expires_on = models.DateField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("unfinished request")
        verbose_name_plural = _("unfinished requests")

    def __str__(self) -> str:
        return f"{self.expires_on}"
