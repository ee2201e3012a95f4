"""Reads for reviews: what the public may see (only above the threshold), and the moderators' queue."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jornada.contributions import abuse
from jornada.contributions.models import Status
from jornada.contributions.periods import months_before
from jornada.contributions.scanner import Hit, find_personal_details
from jornada.contributions.selectors import MonthCounts, monthly_counts
from jornada.core import generations
from jornada.core.models import User
from jornada.directory.dol.names import normalise_name
from jornada.directory.models import CaseEmployer, Employer, Recruiter
from jornada.directory.search import SearchFilters, search
from jornada.directory.sections import profile_generation
from jornada.reviews.models import (
    Currency,
    EmployerClaim,
    EmployerReply,
    Review,
    ReviewQuerySet,
    SubjectKind,
    TakedownRequest,
)
from jornada.reviews.questions import CONTENT_FIELDS, QUESTIONS, RATINGS, Answer, Question, Rating

Subject = Employer | Recruiter
# A backstop for writes that bypass the services (the Django admin's plain edit forms): a
# summary is kept under its subject's profile generation, renewed when a review about it changes
# in public (``contributions.services.public_change``).
SUMMARY_CACHE_SECONDS = 600
MATCH_LIMIT = 8
DUPLICATE_WINDOW_MONTHS = 3
DUPLICATE_CANDIDATES = 500
PUBLIC_PAGE_SIZE = 5
MAX_FEE_SAMPLES = 2000


def threshold() -> int:
    """How many published reviews a subject needs before anything about them is shown."""
    return int(settings.JORNADA_REVIEWS_MIN_PUBLISHED)


# --- Subjects -----------------------------------------------------------------------------------


def employer_by_slug(slug: str) -> Employer | None:
    return Employer.objects.filter(slug=slug).first()


def recruiter_by_slug(slug: str) -> Recruiter | None:
    return Recruiter.objects.filter(slug=slug).first()


def subject_value(subject: Subject) -> str:
    """Return the form value naming ``subject``: ``employer:<slug>`` or ``recruiter:<slug>``."""
    kind = SubjectKind.EMPLOYER if isinstance(subject, Employer) else SubjectKind.RECRUITER
    return f"{kind}:{subject.slug}"


def subject_from_value(value: str) -> tuple[str, Subject] | None:
    """Return (kind, record) for a value made by ``subject_value``, or None."""
    kind, _sep, slug = value.partition(":")
    if not slug:
        return None
    record: Subject | None = None
    if kind == SubjectKind.EMPLOYER:
        record = employer_by_slug(slug)
    elif kind == SubjectKind.RECRUITER:
        record = recruiter_by_slug(slug)
    return (kind, record) if record is not None else None


@dataclass(frozen=True)
class Match:
    value: str
    name: str
    place: str


def subject_matches(kind: str, query: str, *, limit: int = MATCH_LIMIT) -> list[Match]:
    """Return directory records of ``kind`` for what a worker typed, best first.

    The directory's search forgives typos, accents and word order. A record it has not indexed
    yet (search entries are rebuilt by the importers) is still found by its name.
    """

    hits = search(query, filters=SearchFilters(kinds=(kind,)), limit=limit).hits
    if hits:
        return [Match(f"{kind}:{hit.slug}", hit.name, hit.place) for hit in hits]
    words = normalise_name(query).split()[:6]
    if not words:
        return []
    model: type[Employer] | type[Recruiter] = Employer if kind == SubjectKind.EMPLOYER else Recruiter
    condition = Q()
    for word in words:
        condition &= Q(normalised_name__icontains=word)
    records = model.objects.filter(condition).order_by("-cases_count", "name")[:limit]
    return [
        Match(subject_value(record), record.name, ", ".join(p for p in (record.city, record.state) if p))
        for record in records
    ]


# --- What the public sees ------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionSummary:
    question: Question
    yes: int
    no: int
    unknown: int

    @property
    def total(self) -> int:
        return self.yes + self.no + self.unknown

    def sentence(self) -> str:
        """Return "7 of 10 workers say …" (translated) for the workers who answered yes."""
        return self.question.summary % {"count": self.yes, "total": self.total}

    def is_concerning(self) -> bool:
        """Return True when at least one worker gave the answer that signals a problem."""
        return (self.yes if self.question.concern == Answer.YES else self.no) > 0


@dataclass(frozen=True)
class RatingSummary:
    rating: Rating
    average: Decimal
    count: int


@dataclass(frozen=True)
class FeeSummary:
    currency: str | Promise
    median: Decimal
    count: int


@dataclass(frozen=True)
class ReviewSummary:
    """What may be said about one subject. Below the threshold: only how many are waiting."""

    published: int
    threshold: int
    questions: list[QuestionSummary] = field(default_factory=list)
    ratings: list[RatingSummary] = field(default_factory=list)
    fees: list[FeeSummary] = field(default_factory=list)

    def is_visible(self) -> bool:
        """Return True when enough reviews exist to show averages, answers and the reviews."""
        return self.published >= self.threshold

    def waiting(self) -> int:
        """Return how many published reviews wait for company before anything is shown."""
        return 0 if self.is_visible() else self.published

    def fees_reported(self) -> bool:
        return any(q.question.name == "fees_charged" and q.yes for q in self.questions)


def _published_about(subject: Subject) -> ReviewQuerySet:
    published: ReviewQuerySet = Review.objects.published()  # type: ignore[assignment]
    return published.about(subject)


def _raw_summary(subject: Subject) -> dict[str, Any]:
    """Count every answer and average every rating of a subject's published reviews (one aggregate query).

    Below the threshold only the number of reviews is shown, and most subjects have none: one
    count then, not the fifty-odd aggregates (whose SQL alone takes milliseconds to build).
    """
    published = _published_about(subject).count()
    if published < threshold():
        return {"published": published, "fees": {}}
    aggregates: dict[str, Any] = {"published": Count("pk")}
    for question in QUESTIONS:
        for answer in Answer.values:
            aggregates[f"{question.name}:{answer}"] = Count("pk", filter=Q(**{question.name: answer}))
    for rating in RATINGS:
        aggregates[f"{rating.name}:avg"] = Avg(rating.name)
        aggregates[f"{rating.name}:n"] = Count(rating.name)
    raw = _published_about(subject).aggregate(**aggregates)
    fees: dict[str, list[Decimal]] = {}
    if raw["published"] >= threshold():
        amounts = (
            _published_about(subject)
            .filter(fees_amount__isnull=False)
            .exclude(fees_currency="")
            .values_list("fees_currency", "fees_amount")[:MAX_FEE_SAMPLES]
        )
        for currency, amount in amounts:
            fees.setdefault(currency, []).append(amount)
    raw["fees"] = fees
    return raw


def summary(subject: Subject) -> ReviewSummary:
    """Return the subject's summary; every figure in it counts at least ``threshold()`` reviews."""
    kind = SubjectKind.EMPLOYER if isinstance(subject, Employer) else SubjectKind.RECRUITER
    raw = generations.cached(
        profile_generation(kind, subject.slug),
        f"reviews:summary:{subject.pk}",
        lambda: _raw_summary(subject),
        seconds=SUMMARY_CACHE_SECONDS,
    )
    minimum = threshold()
    published = int(raw["published"])
    if published < minimum:
        return ReviewSummary(published, minimum)
    questions = []
    for question in QUESTIONS:
        counts = QuestionSummary(
            question,
            raw[f"{question.name}:{Answer.YES}"],
            raw[f"{question.name}:{Answer.NO}"],
            raw[f"{question.name}:{Answer.UNKNOWN}"],
        )
        if counts.total >= minimum:
            questions.append(counts)
    ratings = [
        RatingSummary(
            rating,
            Decimal(str(raw[f"{rating.name}:avg"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
            raw[f"{rating.name}:n"],
        )
        for rating in RATINGS
        if raw[f"{rating.name}:n"] >= minimum
    ]
    labels = dict(Currency.choices)
    fees = [
        FeeSummary(labels.get(currency, currency), Decimal(statistics.median(amounts)), len(amounts))
        for currency, amounts in sorted(raw["fees"].items())
        if len(amounts) >= minimum
    ]
    return ReviewSummary(published, minimum, questions, ratings, fees)


def visible_reviews(subject: Subject) -> QuerySet[Review]:
    """Return the subject's published reviews, or none while they are fewer than the threshold."""
    published = _published_about(subject)
    if summary(subject).published < threshold():
        return published.none()
    return published.select_related("reply").order_by("-received_month", "-season_year", "pk")


def visible_reply(review: Review) -> EmployerReply | None:
    reply: EmployerReply | None = getattr(review, "reply", None)
    return reply if reply is not None and reply.is_public() else None


def _subjects_over_threshold() -> tuple[QuerySet[Any], QuerySet[Any]]:
    minimum = threshold()
    published = Review.objects.published()
    employers = (
        published.filter(employer__isnull=False)
        .values("employer")
        .annotate(n=Count("pk"))
        .filter(n__gte=minimum)
        .values("employer")
    )
    recruiters = (
        published.filter(recruiter__isnull=False)
        .values("recruiter")
        .annotate(n=Count("pk"))
        .filter(n__gte=minimum)
        .values("recruiter")
    )
    return employers, recruiters


def public_reviews(
    *, employer: Employer | None = None, recruiter: Recruiter | None = None
) -> QuerySet[Review]:
    """Return every published review whose subject has reached the threshold (for the API)."""
    employers, recruiters = _subjects_over_threshold()
    reviews = Review.objects.published().filter(Q(employer__in=employers) | Q(recruiter__in=recruiters))
    if employer is not None:
        reviews = reviews.filter(employer=employer)
    if recruiter is not None:
        reviews = reviews.filter(recruiter=recruiter)
    return reviews.select_related("employer", "recruiter", "reply").order_by("-received_month", "pk")


# --- Moderation ---------------------------------------------------------------------------------


@dataclass
class Signals:
    """What a moderator should look at twice. Never who wrote it: nobody knows that."""

    hits: list[Hit] = field(default_factory=list)
    subject_name_hits: list[Hit] = field(default_factory=list)
    duplicates: list[abuse.Duplicate] = field(default_factory=list)
    burst: bool = False

    def any(self) -> bool:
        return bool(self.hits or self.subject_name_hits or self.duplicates or self.burst)


def _positive() -> Q:
    return Q(would_return=Answer.YES) | Q(rating_treatment__gte=4, rating_pay__gte=4)


def _is_positive(review: Review) -> bool:
    return review.would_return == Answer.YES or (
        (review.rating_treatment or 0) >= 4 and (review.rating_pay or 0) >= 4
    )


def _burst(review: Review) -> bool:
    """Return True when this praise is part of an unusual wave for the same subject."""
    subject = review.subject
    if subject is None or not _is_positive(review):
        return False
    since = months_before(review.received_month, abuse.BURST_BASELINE_MONTHS)
    rows = (
        Review.objects.about(subject)
        .filter(_positive(), received_month__gte=since, status__in=(Status.RECEIVED, Status.PUBLISHED))
        .values("received_month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return abuse.is_burst({row["received_month"]: row["n"] for row in rows}, review.received_month)


def _recent_texts(review: Review) -> list[tuple[Any, str]]:
    since = months_before(review.received_month, DUPLICATE_WINDOW_MONTHS)
    return list(
        Review.objects.filter(received_month__gte=since)
        .exclude(pk=review.pk)
        .exclude(text="")
        .exclude(status=Status.WITHDRAWN)
        .order_by("-received_month")
        .values_list("pk", "text")[:DUPLICATE_CANDIDATES]
    )


def review_signals(review: Review, *, recent: list[tuple[Any, str]] | None = None) -> Signals:
    return Signals(
        hits=find_personal_details(review.text),
        subject_name_hits=find_personal_details(review.subject_name),
        duplicates=abuse.near_duplicates(
            review.text, recent if recent is not None else _recent_texts(review)
        ),
        burst=_burst(review),
    )


@dataclass
class QueueItem:
    review: Review
    signals: Signals


def waiting_reviews() -> QuerySet[Review]:
    return Review.objects.waiting().select_related("employer", "recruiter").order_by("received_month", "pk")


def review_queue(reviews: list[Review]) -> list[QueueItem]:
    """Return a page of waiting reviews, each with its signals (texts are fetched once)."""
    if not reviews:
        return []
    since = months_before(min(review.received_month for review in reviews), DUPLICATE_WINDOW_MONTHS)
    recent = list(
        Review.objects.filter(received_month__gte=since)
        .exclude(text="")
        .exclude(status=Status.WITHDRAWN)
        .order_by("-received_month")
        .values_list("pk", "text")[:DUPLICATE_CANDIDATES]
    )
    return [
        QueueItem(
            review, review_signals(review, recent=[(pk, text) for pk, text in recent if pk != review.pk])
        )
        for review in reviews
    ]


def review_for_moderation(pk: Any) -> Review | None:
    return Review.objects.select_related("employer", "recruiter").filter(pk=pk).first()


def waiting_replies() -> QuerySet[EmployerReply]:
    return EmployerReply.objects.waiting().select_related("review", "claim__employer").order_by("updated_at")


def pending_takedowns() -> QuerySet[TakedownRequest]:
    return TakedownRequest.objects.filter(outcome=TakedownRequest.Outcome.PENDING).select_related(
        "review", "claim__employer"
    )


def pending_claims() -> QuerySet[EmployerClaim]:
    return EmployerClaim.objects.filter(state=EmployerClaim.State.PENDING).select_related("employer")


@dataclass(frozen=True)
class ClaimCheck:
    """What the DOL records say about the employer a claim is for, for staff to compare."""

    employer: Employer
    names: list[str]
    places: list[str]
    agents: list[str]


def claim_check(claim: EmployerClaim) -> ClaimCheck:
    """Return the employer's published names, places and filing agents (DOL has no contacts here)."""

    employer = claim.employer
    names = list(employer.names.values_list("name", flat=True)[:20])
    links = list(CaseEmployer.objects.filter(employer=employer).select_related("case__agent")[:200])
    places = {", ".join(part for part in (employer.city, employer.state) if part)}
    places |= {", ".join(part for part in (link.city, link.state) if part) for link in links}
    agents = {
        " · ".join(part for part in (link.case.agent.name, link.case.agent.firm) if part)
        for link in links
        if link.case.agent is not None
    }
    return ClaimCheck(employer, names, sorted(places - {""})[:20], sorted(agents)[:20])


# --- Employers -----------------------------------------------------------------------------------


def verified_claims(user: User) -> QuerySet[EmployerClaim]:
    return EmployerClaim.objects.filter(user=user, state=EmployerClaim.State.VERIFIED).select_related(
        "employer"
    )


def claim_bars_membership(user: User) -> ValidationError | None:
    """Refuse organisation membership and moderation to an account that speaks for an employer.

    A representative who could read an organisation's records, or unpublished reviews, would
    see what workers say about their own employer before it is public.
    """
    if user.pk is None or not verified_claims(user).exists():
        return None
    return ValidationError(
        _("This account speaks for an employer, so it cannot join an organisation or moderate."),
        code="employer_representative",
    )


def claimed_review_or_none(user: User, pk: Any) -> tuple[EmployerClaim, Review] | None:
    """Return (claim, review) when ``user`` speaks for the employer of a review the public can see."""
    review = (
        Review.objects.published().filter(pk=pk, employer__isnull=False).select_related("employer").first()
    )
    if review is None:
        return None
    claim = verified_claims(user).filter(employer=review.employer).first()
    if claim is None or not visible_reviews(review.employer).filter(pk=review.pk).exists():
        return None
    return claim, review


# --- Transparency -------------------------------------------------------------------------------


@dataclass
class Transparency:
    months: list[MonthCounts]
    takedowns: list[tuple[Any, int, int, int]]  # month, requested, kept, redacted


def transparency() -> Transparency:
    """Counts per month of reviews, employer replies and takedown requests, and their outcomes."""

    rows = (
        TakedownRequest.objects.annotate(month=TruncMonth("created_at"))
        .values("month", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    takedowns: dict[Any, list[int]] = {}
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        counts = takedowns.setdefault(month, [0, 0, 0])
        counts[0] += row["n"]
        if row["outcome"] == TakedownRequest.Outcome.KEPT:
            counts[1] += row["n"]
        elif row["outcome"] == TakedownRequest.Outcome.REDACTED:
            counts[2] += row["n"]
    return Transparency(
        months=monthly_counts(Review.objects.all()),
        takedowns=[(month, *counts) for month, counts in sorted(takedowns.items(), reverse=True)],
    )


# --- The review form ----------------------------------------------------------------------------


def preset_subject(*, employer_slug: str = "", recruiter_slug: str = "") -> dict[str, str]:
    """Return the form data that starts a review about a profile's employer or recruiter."""
    record: Subject | None = None
    if employer_slug:
        record = employer_by_slug(employer_slug[:140])
    elif recruiter_slug:
        record = recruiter_by_slug(recruiter_slug[:140])
    if record is None:
        return {}
    kind = SubjectKind.EMPLOYER if isinstance(record, Employer) else SubjectKind.RECRUITER
    return {"subject_kind": kind, "subject": subject_value(record)}


def review_as_data(review: Review) -> dict[str, str]:
    """Return a review's answers as form data, for its author to change them."""

    data: dict[str, str] = {"subject_kind": review.subject_kind}
    subject = review.subject
    if subject is not None:
        data["subject"] = subject_value(subject)
    elif review.subject_name:
        data["subject"] = "named"
        data["subject_name"] = review.subject_name
    for name in CONTENT_FIELDS:
        value = getattr(review, name)
        if value not in (None, ""):
            data[name] = str(value)
    return data


def subject_label(value: str, name: str = "") -> str:
    """Return what the worker chose, for "Your review is about …"."""
    found = subject_from_value(value)
    if found is not None:
        return found[1].name
    return name
