"""Protocols as versioned data: case types, their steps, and the steps a case has completed.

A ``CaseType`` is one version of a protocol (``slug`` + ``version``); changing it makes a new
version, and a case keeps the version it began with (``CaseProtocol``). Its ``ProtocolStep``\\ s
say what staff do, who may do it, by when, and which answers it asks (``fields``, described in
``jornada.protocols.specs``). A case's ``ProtocolStepRecord`` holds one step's due time and,
once completed, its answers: structured ones in clear (``answers``, for progress, classification
and statistics), those that can hold personal data sealed under the case's data key.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jornada.cases.models import Case
from jornada.core.fields import RandomIdField
from jornada.core.models import Role


class StepKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview guide")
    CHECKLIST = "checklist", _("Checklist")
    FORM = "form", _("Form section")
    REFERRAL = "referral", _("Referral")
    HANDOFF = "handoff", _("Hand-off to an authority")


class CaseType(models.Model):
    """One version of a protocol; never edited once a case uses it (a change is a new version)."""

    slug = models.SlugField(_("identifier"), max_length=60)
    version = models.PositiveIntegerField(_("version"), editable=False)
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    urgent_by_default = models.BooleanField(_("every case is urgent"), default=False)
    needs_supervisor = models.BooleanField(
        _("a supervisor approves the steps marked for approval"), default=False
    )
    # Where the version came from (a content file, or the admin), and a digest of its content:
    # loading the same file again finds the digest and changes nothing.
    source = models.CharField(
        pgettext_lazy("case type", "source"), max_length=200, blank=True, editable=False
    )
    fingerprint = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["slug", "-version"]
        verbose_name = _("case type")
        verbose_name_plural = _("case types")
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="protocols_casetype_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.name_es} (v{self.version})"

    def name(self, language: str) -> str:
        """Return the name in ``language`` (English or, by default, Spanish)."""
        return self.name_en if language == "en" else self.name_es

    def description(self, language: str) -> str:
        """Return the description in ``language`` (English or, by default, Spanish)."""
        return self.description_en if language == "en" else self.description_es


class ProtocolStep(models.Model):
    """One step of a case type: what staff do, the answers it asks, who completes it and by when.

    ``due_hours`` counts from the case's opening, or from the completion of the step keyed
    ``due_from``; ``after`` names a step that must be completed (and approved, when it needs
    it) before this one may be. Both name steps of the same version by key.
    """

    case_type = models.ForeignKey(
        CaseType, on_delete=models.CASCADE, related_name="steps", verbose_name=_("case type")
    )
    key = models.SlugField(_("key"), max_length=60)
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=StepKind.choices)
    title_es = models.CharField(_("title (Spanish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    guidance_es = models.TextField(_("guidance for staff (Spanish)"), blank=True)
    guidance_en = models.TextField(_("guidance for staff (English)"), blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    role = models.CharField(_("who completes it"), max_length=20, choices=Role.choices, default=Role.ADVOCATE)
    due_hours = models.PositiveIntegerField(_("due after (hours)"), null=True, blank=True)
    due_from = models.SlugField(
        _("counted from the completion of step"),
        max_length=60,
        blank=True,
        help_text=_("A step's key; empty: from the case's opening."),
    )
    after = models.SlugField(
        _("only after step"), max_length=60, blank=True, help_text=_("A step's key; empty: in any order.")
    )
    needs_approval = models.BooleanField(_("a supervisor approves it"), default=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("protocol step")
        verbose_name_plural = _("protocol steps")
        constraints = [models.UniqueConstraint(fields=["case_type", "key"], name="protocols_step_unique_key")]

    def __str__(self) -> str:
        return f"{self.case_type_id} · {self.key}"

    def title(self, language: str) -> str:
        """Return the title in ``language`` (English or, by default, Spanish)."""
        return self.title_en if language == "en" else self.title_es

    def guidance(self, language: str) -> str:
        """Return the guidance for staff in ``language`` (English or, by default, Spanish)."""
        return self.guidance_en if language == "en" else self.guidance_es

    def is_share(self) -> bool:
        """Return True when completing the step shares the case outside the organisation."""
        return self.kind in (StepKind.REFERRAL, StepKind.HANDOFF)


class CaseProtocol(models.Model):
    """The case type a case follows, pinned to the version it had when it was chosen."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="protocol", verbose_name=_("case")
    )
    case_type = models.ForeignKey(
        CaseType, on_delete=models.PROTECT, related_name="cases", verbose_name=_("case type")
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chosen"), default=timezone.now)

    class Meta:
        verbose_name = _("case protocol")
        verbose_name_plural = _("case protocols")

    def __str__(self) -> str:
        return f"{self.case_id} · {self.case_type_id}"


class ProtocolStepRecord(models.Model):
    """One step of one case: when it is due, and once completed, by whom, its answers and approval."""

    id = RandomIdField()
    protocol = models.ForeignKey(
        CaseProtocol, on_delete=models.CASCADE, related_name="records", verbose_name=_("case protocol")
    )
    step = models.ForeignKey(ProtocolStep, on_delete=models.PROTECT, related_name="+", verbose_name=_("step"))
    # Empty until known: a step counted from another one is due once that one is completed.
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Answers that say nothing about who the person is (choices, yes/no, numbers).
    answers = models.JSONField(default=dict, blank=True)
    # The other answers (free text, dates), as one JSON object sealed under the case's data key.
    answers_sealed = models.BinaryField(null=True, editable=False)
    approval_required = models.BooleanField(default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # True when the step shared the case under a supervisor's override instead of consent.
    shared_by_override = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("protocol step of a case")
        verbose_name_plural = _("protocol steps of cases")
        constraints = [
            models.UniqueConstraint(fields=["protocol", "step"], name="protocols_record_once_per_step"),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(completed_at__isnull=False),
                name="protocols_record_approved_after_completed",
            ),
        ]
        indexes = [models.Index(fields=["protocol", "completed_at", "due_at"], name="protocols_record_due")]

    def __str__(self) -> str:
        return f"{self.protocol_id} · {self.step_id}"

    def is_complete(self) -> bool:
        """Return True when the step was completed and, if it needed one, approved."""
        return self.completed_at is not None and (not self.approval_required or self.approved_at is not None)

    def is_waiting_for_approval(self) -> bool:
        """Return True when the step was completed and waits for a supervisor."""
        return self.completed_at is not None and self.approval_required and self.approved_at is None

    def is_overdue(self, now: Any = None) -> bool:
        """Return True when the step is not completed and its due time has passed."""
        return self.completed_at is None and self.due_at is not None and self.due_at < (now or timezone.now())
