"""Cases an organisation works, and the keys that protect their personal fields.

Personal fields are stored sealed (``jornada.cases.crypto``) in binary columns whose names end
in ``_sealed``; nothing on a model decrypts them. Reading them goes through
``jornada.cases.selectors``, which checks the reader's organisation and audits every read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


class CaseStage(models.TextChoices):
    """Where a case stands, always derived from its data (``CaseQuerySet.with_stage``), never typed in.

    ``Case.stage_now`` keeps the derived value for filtering a large list; only
    ``workflow.case_stage_store`` writes it, from ``with_stage``, in the transaction of every
    service that changes what the stage is derived from.
    """

    NEW = "new", _("New")
    EVALUATION = "evaluation", _("Being evaluated")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class CaseQuerySet(models.QuerySet["Case"]):
    def with_consent(self, purpose: str) -> CaseQuerySet:
        """Only the cases whose worker's consent for ``purpose`` (a ``ConsentPurpose``) is in effect."""
        return self.filter(
            Exists(
                CaseConsent.objects.filter(case=OuterRef("pk"), purpose=purpose, withdrawn_at__isnull=True)
            )
        )

    def with_stage(self) -> CaseQuerySet:
        """Annotate ``stage`` (a ``CaseStage`` value) and ``closed_at`` computed from each case's data.

        - new: no advocate assigned and no evaluation recorded;
        - evaluation: an advocate assigned, or an evaluation waiting for a supervisor;
        - open: an evaluation in effect (approved when the organisation required it);
        - closed: a closing in effect, and no reopening after it;
        - reopened: a reopening after the last closing in effect.

        Steps are compared by their number within the case, never by time, so coarsened dates
        (anonymisation keeps the month only) cannot reorder them.
        """
        steps = CaseStep.objects.filter(case=OuterRef("pk"))
        in_effect = Q(approval_required=False) | Q(approved_at__isnull=False)
        last_closing = steps.filter(in_effect, kind=StepKind.CLOSING).order_by("-number")
        last_reopening = steps.filter(kind=StepKind.REOPENING).order_by("-number")
        closing_number = Subquery(last_closing.values("number")[:1])
        reopening_number = Coalesce(Subquery(last_reopening.values("number")[:1]), Value(0))
        return self.alias(closing_number=closing_number, reopening_number=reopening_number).annotate(
            closed_at=Subquery(
                last_closing.annotate(effective_at=Coalesce("approved_at", "recorded_at")).values(
                    "effective_at"
                )[:1]
            ),
            stage=models.Case(
                When(
                    Q(closing_number__isnull=False) & Q(closing_number__gt=reopening_number),
                    then=Value(CaseStage.CLOSED),
                ),
                When(closing_number__isnull=False, then=Value(CaseStage.REOPENED)),
                When(Exists(steps.filter(in_effect, kind=StepKind.EVALUATION)), then=Value(CaseStage.OPEN)),
                When(
                    Exists(CaseAssignment.objects.filter(case=OuterRef("pk")))
                    | Exists(steps.filter(kind=StepKind.EVALUATION)),
                    then=Value(CaseStage.EVALUATION),
                ),
                default=Value(CaseStage.NEW),
                output_field=models.CharField(max_length=12),
            ),
        )


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
    urgent = models.BooleanField(
        _("urgent"),
        default=False,
        help_text=_("Injury, no food or shelter, documents taken, threats, a child alone."),
    )
    # The derived stage, stored for the list's stage filter: computing it for every case of an
    # organisation on each filtered page took 0.8-1.1 s on PostgreSQL at 21,000 cases
    # (benchmarks/cases.py). Written only by ``workflow.case_stage_store``.
    stage_now = models.CharField(
        _("stage"), max_length=12, choices=CaseStage.choices, default=CaseStage.NEW, editable=False
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="cases_case_unique_number")
        ]
        # The case list: one organisation's cases, newest first (benchmarks/cases.py).
        indexes = [
            models.Index(fields=["organisation", "-created_at", "-id"], name="cases_case_org_newest"),
            models.Index(
                fields=["organisation", "stage_now", "-created_at", "-id"], name="cases_case_org_stage"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def is_anonymised(self) -> bool:
        """Return True once the personal fields and the data key are gone."""
        return self.anonymised_at is not None

    def stage_label(self) -> str:
        """Return the label of the stage annotated by ``with_stage`` (empty when not annotated)."""
        stage = getattr(self, "stage", None)
        return str(CaseStage(stage).label) if stage else ""


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


# --- Case work: settings, assignments, parties, categories, evaluation and closing -------------

# Retention after closing, in days: five years by default, between 90 days and 25 years.
RETENTION_DEFAULT_DAYS = 5 * 365 + 1
RETENTION_MIN_DAYS = 90
RETENTION_MAX_DAYS = 25 * 365 + 6


class CaseSettings(models.Model):
    """How one organisation works its cases: which steps a supervisor approves, how long data is kept.

    An organisation without a row uses the defaults (``case_settings_of``). Set by the
    organisation's administrators (``case_settings_update``).
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="case_settings", verbose_name=_("organisation")
    )
    evaluation_needs_approval = models.BooleanField(_("a supervisor approves each evaluation"), default=False)
    closing_needs_approval = models.BooleanField(_("a supervisor approves each closing"), default=False)
    retention_days = models.PositiveIntegerField(
        _("days personal data is kept after closing"),
        default=RETENTION_DEFAULT_DAYS,
        validators=[MinValueValidator(RETENTION_MIN_DAYS), MaxValueValidator(RETENTION_MAX_DAYS)],
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("case settings")
        verbose_name_plural = _("case settings")

    def __str__(self) -> str:
        return str(self.organisation)


class CaseAssignment(models.Model):
    """One time an advocate was put in charge of a case; the latest is the current one. Never changed."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("case")
    )
    advocate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("advocate")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["case", "-assigned_at"], name="cases_assignment_latest")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.advocate_id}"


class PartyRole(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    RECRUITER = "recruiter", _("Recruiter")
    FOREMAN = "foreman", _("Foreman or supervisor")
    COWORKER = "coworker", _("Co-worker")
    FAMILY = "family", _("Family member")
    WITNESS = "witness", _("Witness")
    OTHER = "other", _("Other")


class CaseParty(models.Model):
    """Someone else in the case: an employer or recruiter from the directory, or a name typed in.

    A typed name is sealed under the case's data key like every personal field (a recruiter or
    a foreman is often a person), so only directory records can be searched.
    """

    id = RandomIdField()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties", verbose_name=_("case"))
    role = models.CharField(_("role"), max_length=12, choices=PartyRole.choices)
    employer = models.ForeignKey(
        "directory.Employer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer in the directory"),
    )
    recruiter = models.ForeignKey(
        "directory.Recruiter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recruiter in the directory"),
    )
    name_sealed = models.BinaryField(null=True, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=Q(employer__isnull=True) | Q(role="employer"), name="cases_party_employer_role"
            ),
            models.CheckConstraint(
                condition=Q(recruiter__isnull=True) | Q(role="recruiter"), name="cases_party_recruiter_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.role}"


class CaseCategory(models.Model):
    """A vocabulary category filed on a case, pinned to the version it had when it was filed."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="categories", verbose_name=_("case")
    )
    category = models.ForeignKey(
        "vocabulary.Category", on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    category_version = models.PositiveIntegerField(_("category version"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("case category")
        verbose_name_plural = _("case categories")
        constraints = [models.UniqueConstraint(fields=["case", "category"], name="cases_category_once")]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.category_id} v{self.category_version}"


class StepKind(models.TextChoices):
    EVALUATION = "evaluation", _("Evaluation")
    CLOSING = "closing", _("Closing")
    REOPENING = "reopening", _("Reopening")


class Decision(models.TextChoices):
    """What an evaluation concludes."""

    TAKE = "take", _("Take the case")
    ADVICE_ONLY = "advice_only", _("Advice only")
    REFER = "refer", _("Refer to another organisation")
    DECLINE = "decline", pgettext_lazy("decision on a case", "Decline")


class Outcome(models.TextChoices):
    """How a case ended."""

    ADVICE = "advice", _("Advice given")
    REFERRED = "referred", _("Referred")
    SETTLEMENT = "settlement", _("Negotiated settlement")
    COMPLAINT = "complaint", _("Administrative complaint")
    LAWSUIT = "lawsuit", _("Lawsuit")
    NO_ACTION = "no_action", _("No action")


class ComplaintBody(models.TextChoices):
    WHD = "whd", _("Wage and Hour Division (US Department of Labor)")
    CONSULATE = "consulate", _("Consulate")
    OTHER = "other", _("Other agency")


class Currency(models.TextChoices):
    USD = "USD", _("US dollars (USD)")
    MXN = "MXN", _("Mexican pesos (MXN)")
    GTQ = "GTQ", _("Guatemalan quetzales (GTQ)")
    HNL = "HNL", _("Honduran lempiras (HNL)")
    NIO = "NIO", _("Nicaraguan córdobas (NIO)")
    CAD = "CAD", _("Canadian dollars (CAD)")
    JMD = "JMD", _("Jamaican dollars (JMD)")


MAX_AMOUNT_DIGITS = 12


class CaseStep(models.Model):
    """An evaluation, a closing or a reopening of a case, in the order they happened. Never edited.

    ``number`` counts the case's steps from 1 and orders them. ``approval_required`` keeps whether
    the organisation required a supervisor's approval when the step was recorded, so changing the
    setting later does not change the stage of a case. ``text_sealed`` is the evaluation's summary,
    the reason for no action or for reopening, or the closing's summary: sealed like every personal
    field. The outcome and the amounts recovered are not personal and stay after anonymisation.
    """

    id = RandomIdField()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps", verbose_name=_("case"))
    number = models.PositiveIntegerField(_("step"))
    kind = models.CharField(_("kind"), max_length=12, choices=StepKind.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    approval_required = models.BooleanField(_("needs a supervisor's approval"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    complaint_body = models.CharField(
        _("complaint filed with"), max_length=12, choices=ComplaintBody.choices, blank=True
    )
    back_wages = models.DecimalField(
        _("back wages recovered"), max_digits=MAX_AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )
    back_wages_currency = models.CharField(
        _("currency of back wages"), max_length=3, choices=Currency.choices, blank=True
    )
    fees = models.DecimalField(
        _("fees recovered"), max_digits=MAX_AMOUNT_DIGITS, decimal_places=2, null=True, blank=True
    )
    fees_currency = models.CharField(
        _("currency of fees"), max_length=3, choices=Currency.choices, blank=True
    )
    text_sealed = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="cases_step_unique_number"),
            models.CheckConstraint(
                condition=Q(back_wages__isnull=True) | Q(back_wages__gte=0), name="cases_step_wages_positive"
            ),
            models.CheckConstraint(
                condition=Q(fees__isnull=True) | Q(fees__gte=0), name="cases_step_fees_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.number} {self.kind}"

    def in_effect(self) -> bool:
        """Return True when the step counts: approved, or recorded where no approval was needed."""
        return not self.approval_required or self.approved_at is not None


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


# --- Consent: what the worker agreed to, recorded as rows, and every share's authorisation -------


class ConsentPurpose(models.TextChoices):
    """What a worker may agree to, each apart from the others."""

    SERVICES = "services", _("Services from this organisation")
    REFERRAL = "referral", _("Referral to another organisation")
    REPORTING = "reporting", _("Counting in statistics without a name")
    AUTHORITIES = "authorities", _("Cooperation with authorities")


class ConsentMethod(models.TextChoices):
    """How the consent was given."""

    ONLINE = "online", _("By the worker, in Jornada's request form")
    VERBAL = "verbal", _("Verbally")
    WRITTEN = "written", _("In writing")
    GUARDIAN = "guardian", _("By a parent or guardian")


class CaseConsentQuerySet(models.QuerySet["CaseConsent"]):
    def in_effect(self) -> CaseConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class CaseConsent(models.Model):
    """One consent the worker gave for one purpose; a withdrawal ends it (it is never deleted).

    Giving the same consent again after a withdrawal is a new row, so the history stays whole.
    """

    id = RandomIdField()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents", verbose_name=_("case"))
    purpose = models.CharField(_("purpose"), max_length=12, choices=ConsentPurpose.choices)
    method = models.CharField(_("how it was given"), max_length=10, choices=ConsentMethod.choices)
    # Empty when the worker gave it in the online form themselves.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )

    objects = CaseConsentQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            # At most one consent in effect per purpose: a second is refused, not stacked.
            models.UniqueConstraint(
                fields=["case", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="cases_one_consent_in_effect_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.purpose}"


class ConsentOverride(models.Model):
    """A share made without the worker's consent, on a supervisor's recorded reason.

    The reason is sealed under the case's data key (it may name people); who, when, what was
    shared and for which purpose stay readable for the audit.
    """

    id = RandomIdField()
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="consent_overrides", verbose_name=_("case")
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=ConsentPurpose.choices)
    # What was shared, in a word or two chosen by the code that shares ("referral", "gbvims-export").
    share = models.CharField(_("share"), max_length=40)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("supervisor")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason_sealed = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("consent override")
        verbose_name_plural = _("consent overrides")

    def __str__(self) -> str:
        return f"{self.case_id} · {self.purpose} · {self.share}"
