"""Worker reviews of employers and recruiters, and what employers may do about them.

A ``Review`` is an anonymous contribution (see ``jornada.contributions.models``): no account,
no address, no time finer than the month. Employers act through a verified ``EmployerClaim``:
one public ``EmployerReply`` per review, moderated like reviews, and ``TakedownRequest``s,
each recorded with its outcome. Employers cannot remove reviews.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jornada.contributions.models import AnonymousContribution, Moderated, ModeratedQuerySet
from jornada.contributions.periods import Season
from jornada.core.fields import RandomIdField
from jornada.core.models import User
from jornada.directory.models import Employer, Recruiter
from jornada.reviews.questions import QUESTIONS, RATINGS, Answer

MAX_TEXT = 4000
MAX_NAME = 200
MAX_FEE = 10_000_000
MAX_REPLY = 2000
MAX_EXPLANATION = 2000


class SubjectKind(models.TextChoices):
    EMPLOYER = "employer", _("An employer (the company you worked for)")
    RECRUITER = "recruiter", _("A recruiter (who hired you in your country)")


class ReviewProgramme(models.TextChoices):
    H2A = "h2a", _("H-2A (farm work)")
    H2B = "h2b", _("H-2B (other work)")
    UNKNOWN = "unknown", _("I don't know")


class Currency(models.TextChoices):
    MXN = "MXN", _("Mexican pesos")
    USD = "USD", _("US dollars")
    GTQ = "GTQ", _("Guatemalan quetzales")
    HNL = "HNL", _("Honduran lempiras")
    OTHER = "other", _("Another currency")


class ChargedBy(models.TextChoices):
    RECRUITER = "recruiter", _("The recruiter")
    EMPLOYER = "employer", _("The employer")
    OTHER = "other", _("Someone else")
    UNKNOWN = "unknown", _("I don't know")


def _answer(label: Any) -> models.CharField:
    return models.CharField(label, max_length=8, choices=Answer.choices, blank=True)


def _rating(label: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class ReviewQuerySet(ModeratedQuerySet):
    def about(self, subject: Employer | Recruiter) -> ReviewQuerySet:
        if isinstance(subject, Employer):
            return self.filter(employer=subject)
        return self.filter(recruiter=subject)


class Review(AnonymousContribution):
    """One worker's anonymous account of a season with an employer or a recruiter."""

    subject_kind = models.CharField(_("about"), max_length=10, choices=SubjectKind.choices)
    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("employer"),
    )
    recruiter = models.ForeignKey(
        Recruiter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("recruiter"),
    )
    subject_name = models.CharField(
        _("name as the worker wrote it"),
        max_length=MAX_NAME,
        blank=True,
        help_text=_("When the worker could not find it in the directory; a moderator links it."),
    )
    programme = models.CharField(_("visa"), max_length=8, choices=ReviewProgramme.choices)
    season_year = models.PositiveSmallIntegerField(_("year worked"))
    work_season = models.CharField(_("season worked"), max_length=8, choices=Season.choices, blank=True)

    fees_charged = _answer(_("charged for recruitment, visa or travel"))
    fees_amount = models.DecimalField(
        _("amount charged"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_FEE)],
    )
    fees_currency = models.CharField(_("currency"), max_length=5, choices=Currency.choices, blank=True)
    fees_charged_by = models.CharField(_("charged by"), max_length=10, choices=ChargedBy.choices, blank=True)
    costs_reimbursed = _answer(_("trip and visa paid back"))
    documents_kept = _answer(_("passport or document kept"))
    pay_as_promised = _answer(_("paid as promised"))
    paid_all_hours = _answer(_("paid for every hour"))
    hours_guarantee = _answer(_("three-fourths guarantee met"))
    unexplained_deductions = _answer(_("unexplained deductions"))
    housing_free = _answer(_("free housing"))
    housing_safe = _answer(_("safe, clean housing"))
    housing_crowded = _answer(_("crowded housing"))
    transport_safe = _answer(_("safe transport"))
    safety_risks = _answer(_("pesticides or other dangers"))
    safety_training = _answer(_("safety training and equipment"))
    threats = _answer(_("threats, violence or harassment"))
    retaliation = _answer(_("punished for complaining"))
    would_return = _answer(_("would go back"))

    rating_pay = _rating(_("pay"))
    rating_housing = _rating(_("housing"))
    rating_treatment = _rating(_("treatment"))
    rating_safety = _rating(_("safety"))
    rating_recruitment = _rating(_("honesty of the recruitment"))

    text = models.TextField(_("in their own words"), max_length=MAX_TEXT, blank=True)

    objects = ReviewQuerySet.as_manager()  # type: ignore[misc]

    audit_prefix: ClassVar[str] = "reviews.review"
    moderated_fields: ClassVar[tuple[str, ...]] = ("text",)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        # The month, then the random key: never the order reviews arrived in.
        ordering = ["-received_month", "id"]
        indexes = [
            models.Index(fields=["employer", "status"], name="review_employer_status"),
            models.Index(fields=["recruiter", "status"], name="review_recruiter_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(employer__isnull=True) | Q(recruiter__isnull=True), name="review_one_subject"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Review %(id)s") % {"id": str(self.pk)[:8]})

    @property
    def subject(self) -> Employer | Recruiter | None:
        """Return the directory record this review is about, if it is linked to one."""
        return self.employer or self.recruiter

    def subject_label(self) -> str:
        """Return the subject's directory name, or the name the worker typed."""
        subject = self.subject
        return subject.name if subject is not None else self.subject_name

    def concerns(self) -> list[Any]:
        """Return the labels of every problem this review reports, in question order."""
        return [q.concern_label for q in QUESTIONS if getattr(self, q.name) == q.concern]

    def ratings(self) -> list[tuple[Any, int]]:
        """Return (label, stars) for every star rating given."""
        return [(r.label, value) for r in RATINGS if (value := getattr(self, r.name)) is not None]

    def clean(self) -> None:
        super().clean()
        if self.employer_id and self.subject_kind != SubjectKind.EMPLOYER:
            raise ValidationError({"employer": _("This review is about a recruiter.")}, code="wrong_kind")
        if self.recruiter_id and self.subject_kind != SubjectKind.RECRUITER:
            raise ValidationError({"recruiter": _("This review is about an employer.")}, code="wrong_kind")

    def erase_content(self) -> None:
        """Blank everything the author answered or wrote; the subject, visa and year remain."""
        super().erase_content()
        self.subject_name = ""
        for question in QUESTIONS:
            setattr(self, question.name, "")
        for rating in RATINGS:
            setattr(self, rating.name, None)
        self.fees_amount = None
        self.fees_currency = ""
        self.fees_charged_by = ""
        self.work_season = ""

    def check_publishable(self) -> None:
        if self.subject is None:
            raise ValidationError(
                _("Link this review to an employer or recruiter of the directory before publishing it."),
                code="subject_unlinked",
            )

    def public_subjects(self) -> list[tuple[str, str]]:
        """Return the profile that shows this review while it is public: its subject's."""
        subject = self.subject
        return [(self.subject_kind, subject.slug)] if subject is not None else []


class EmployerClaim(models.Model):
    """A person's request to speak for an employer, and the staff decision on it.

    Representatives are staff accounts (``core.User``) with no organisation membership. They
    are verified by a moderator against the DOL records (name, address, the agent or
    attorney who filed for the employer) or documents shown to staff; no document is uploaded.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        REFUSED = "refused", _("Refused")
        REVOKED = "revoked", pgettext_lazy("employer claim", "Revoked")

    class Evidence(models.TextChoices):
        DOL_RECORD = "dol_record", _("Matches the employer's details in the Department of Labor records")
        DOCUMENTS = "documents", _("Documents checked by staff (not kept)")

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="claims", verbose_name=_("employer")
    )
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employer_claims",
        verbose_name=_("account"),
    )
    contact_name = models.CharField(_("name"), max_length=MAX_NAME)
    contact_email = models.EmailField(_("e-mail address"))
    contact_role = models.CharField(_("position at the employer"), max_length=MAX_NAME)
    message = models.TextField(_("how staff can verify it"), max_length=MAX_EXPLANATION, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    evidence = models.CharField(_("verified by"), max_length=12, choices=Evidence.choices, blank=True)
    staff_note = models.TextField(_("what staff checked"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("employer claim")
        verbose_name_plural = _("employer claims")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "user"], condition=Q(state="verified"), name="claim_one_verified_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer} · {self.contact_name}"

    def is_verified(self) -> bool:
        """Return True while this claim lets its account speak for the employer."""
        return self.state == self.State.VERIFIED and self.user_id is not None


class EmployerReply(Moderated):
    """The employer's one public answer to a review, published only after moderation."""

    id = RandomIdField()  # a sequence would order replies, and so the reviews they answer
    review = models.OneToOneField(
        Review, on_delete=models.PROTECT, related_name="reply", verbose_name=_("review")
    )
    claim = models.ForeignKey(EmployerClaim, on_delete=models.PROTECT, related_name="replies")
    text = models.TextField(_("reply"), max_length=MAX_REPLY)
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    audit_prefix: ClassVar[str] = "reviews.reply"
    moderated_fields: ClassVar[tuple[str, ...]] = ("text",)

    class Meta:
        verbose_name = _("employer reply")
        verbose_name_plural = _("employer replies")

    def __str__(self) -> str:
        return str(_("Reply to %(review)s") % {"review": self.review})

    def erase_content(self) -> None:
        """Keep a refused reply: an employer's words (a threat, say) may be needed as evidence."""

    def public_subjects(self) -> list[tuple[str, str]]:
        """Return the profile that shows this reply while it is public: its review's subject's."""
        return self.review.public_subjects()


class TakedownRequest(models.Model):
    """An employer's request to remove a review, kept with its outcome (reviews are never removed)."""

    class Reason(models.TextChoices):
        UNTRUE = "untrue", _("It is not true")
        NOT_OUR_WORKER = "not_our_worker", _("The author did not work for us")
        PERSONAL_DATA = "personal_data", _("It contains personal details")
        OFFENSIVE = "offensive", _("It is insulting or threatening")
        OTHER = "other", _("Another reason")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        KEPT = "kept", _("The review stays as it is")
        REDACTED = "redacted", _("Personal details were removed; the review stays")

    id = RandomIdField()  # a sequence would order requests, and so the reviews they are about
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="takedown_requests")
    claim = models.ForeignKey(EmployerClaim, on_delete=models.PROTECT, related_name="takedown_requests")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    explanation = models.TextField(_("explanation"), max_length=MAX_EXPLANATION)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("requested"), default=timezone.now, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("takedown request")
        verbose_name_plural = _("takedown requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.get_outcome_display()}"
