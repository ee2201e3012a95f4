"""What advocates read about requests for help: the queue, its counts and filters, the conflict check.

Everything here starts from ``intakes_for_user`` or ``recipients_for_user`` (the reader's
organisations only), so another organisation's request is never counted, listed, offered as a
filter value or named as a conflict. Nothing here decrypts: the request's personal fields are
read through ``intake_personal_read``, which audits the read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import get_language

from jornada.cases.models import Case
from jornada.cases.selectors import CASE_ROLES
from jornada.core.access import get_organisation_or_404, organisations_of
from jornada.core.models import Organisation, User
from jornada.directory.models import Employer, Recruiter
from jornada.intake.models import (
    INTAKE_PERSONAL_FIELDS,
    Intake,
    IntakeRecipient,
    RecipientDecision,
    UrgentReason,
)
from jornada.intake.selectors import intakes_for_user, recipients_for_user
from jornada.vocabulary.languages import language_name
from jornada.vocabulary.models import Audience, Category
from jornada.vocabulary.places import PLACE_BY_CODE

MAX_SEARCH = 100


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to; empty values narrow nothing."""

    urgent: bool = False
    category: str = ""
    place: str = ""
    language: str = ""
    search: str = ""  # part of the linked employer's or recruiter's name
    organisation: str = ""  # the slug of one of the reader's organisations (404 for any other)


@dataclass(frozen=True)
class QueueCounts:
    waiting: int
    urgent: int


@dataclass(frozen=True)
class QueueFacets:
    """The places and languages of the requests waiting in the reader's queue, as (code, name)."""

    places: list[tuple[str, str]]
    languages: list[tuple[str, str]]


def intake_queue(*, user: User, filters: QueueFilters | None = None) -> QuerySet[Intake]:
    """Return the requests waiting for ``user``'s organisations, narrowed by ``filters``.

    Urgent first, then the longest waiting; nothing personal is read.
    """
    queue = intakes_for_user(user=user)
    if filters is None:
        return queue
    if filters.organisation:
        organisation = get_organisation_or_404(user, filters.organisation, *CASE_ROLES)
        waiting = recipients_for_user(user=user).filter(
            organisation=organisation, decision=RecipientDecision.PENDING
        )
        queue = queue.filter(pk__in=waiting.values("intake_id"))
    if filters.urgent:
        queue = queue.filter(urgent=True)
    if filters.category:
        # A JSON list of codes: match the quoted code, so "fees" never matches "recruitment-fees".
        queue = queue.filter(categories__icontains=f'"{filters.category}"')
    if filters.place:
        queue = queue.filter(place=filters.place)
    if filters.language:
        queue = queue.filter(language=filters.language)
    if filters.search:
        words = filters.search[:MAX_SEARCH]
        queue = queue.filter(Q(employer__name__icontains=words) | Q(recruiter__name__icontains=words))
    return queue


def intake_queue_counts(*, user: User) -> QueueCounts:
    """Return how many requests wait in ``user``'s queue, and how many of them are urgent."""
    counts = intakes_for_user(user=user).aggregate(
        waiting=Count("pk"), urgent=Count("pk", filter=Q(urgent=True))
    )
    return QueueCounts(waiting=counts["waiting"], urgent=counts["urgent"])


def intake_queue_facets(*, user: User) -> QueueFacets:
    """Return the places and languages the requests in ``user``'s queue name (for the filters)."""
    pairs = intakes_for_user(user=user).order_by().values_list("place", "language").distinct()
    places, languages = set(), set()
    for place, language in pairs:
        if place:
            places.add(place)
        languages.add(language)
    return QueueFacets(
        places=sorted(((code, place_label(code)) for code in places), key=lambda pair: pair[1]),
        languages=sorted(((key, language_name(key)) for key in languages), key=lambda pair: pair[1]),
    )


def place_label(code: str) -> str:
    """Return a place's name in the active language (its code when it is not in the list)."""
    place = PLACE_BY_CODE.get(code)
    return place.name() if place else code


def staff_category_labels() -> dict[str, str]:
    """Return every category's staff label in the active language, by code (retired ones too)."""
    language = (get_language() or "es").split("-")[0]
    return {category.code: category.label(language, Audience.STAFF) for category in Category.objects.all()}


# --- Conflict check ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """One case or request of the organisation that names the same employer or recruiter."""

    kind: str  # "case" or "request"
    label: str
    url: str


@dataclass(frozen=True)
class ConflictCheck:
    employer: Employer | None
    recruiter: Recruiter | None
    conflicts: list[Conflict] = field(default_factory=list)

    def found(self) -> bool:
        """Return True when accepting needs the advocate to confirm the conflict."""
        return bool(self.conflicts)


def _party_match(prefix: str, employer_id: int | None, recruiter_id: int | None) -> Q:
    """Return a filter for records whose ``prefix``employer or recruiter is one of the two given."""
    match = Q(pk__in=[])
    if employer_id is not None:
        match |= Q(**{f"{prefix}employer_id": employer_id})
    if recruiter_id is not None:
        match |= Q(**{f"{prefix}recruiter_id": recruiter_id})
    return match


def cases_naming_parties(
    *, organisation: Organisation, employer_id: int | None, recruiter_id: int | None
) -> QuerySet[Case]:
    """Return ``organisation``'s cases naming the employer or recruiter: the one place parties are matched.

    A case taken in from a request keeps the request's employer and recruiter; a case's own
    parties (``cases.CaseParty``) are matched here too once they exist.
    """
    if employer_id is None and recruiter_id is None:
        return Case.objects.none()
    naming = _party_match("intake__", employer_id, recruiter_id)
    return (
        Case.objects.filter(organisation=organisation)
        .filter(naming)
        .defer("data_key", "worker_name_sealed", "contact_sealed", "safe_times_sealed", "narrative_sealed")
        .distinct()
        .order_by("-created_at", "-id")
    )


def intake_conflicts(*, user: User, recipient: IntakeRecipient) -> ConflictCheck:
    """Return the cases and other requests of ``recipient``'s organisation naming the same parties.

    ``recipient`` comes from ``intake_recipient_get`` (so it is one of ``user``'s). Other
    requests are those the organisation may still open; requests it can no longer read (taken
    in, withdrawn, erased) are not listed, and those taken in appear as their case.
    """
    intake = recipient.intake
    employer, recruiter = intake.employer, intake.recruiter
    check = ConflictCheck(employer=employer, recruiter=recruiter)
    if employer is None and recruiter is None:
        return check
    organisation = recipient.organisation
    for case in cases_naming_parties(
        organisation=organisation, employer_id=intake.employer_id, recruiter_id=intake.recruiter_id
    )[:50]:
        check.conflicts.append(
            Conflict(kind="case", label=case.number, url=reverse("cases:detail", args=[case.pk]))
        )
    others = (
        Intake.objects.filter(
            pk__in=recipients_for_user(user=user).filter(organisation=organisation).values("intake_id")
        )
        .filter(_party_match("", intake.employer_id, intake.recruiter_id))
        .exclude(pk=intake.pk)
        .defer(*(f"{name}_sealed" for name in INTAKE_PERSONAL_FIELDS))
        .order_by("received_at", "id")[:50]
    )
    for other in others:
        check.conflicts.append(
            Conflict(
                kind="request",
                label=other.received_at.date().isoformat(),
                url=reverse("intake_staff:detail", args=[other.pk]),
            )
        )
    return check


def duplicate_candidates(*, user: User, recipient: IntakeRecipient) -> QuerySet[Intake]:
    """Return the other requests ``recipient``'s organisation may open, that this one may duplicate."""
    return (
        Intake.objects.filter(
            pk__in=recipients_for_user(user=user)
            .filter(organisation=recipient.organisation)
            .values("intake_id")
        )
        .exclude(pk=recipient.intake_id)
        .defer(*(f"{name}_sealed" for name in INTAKE_PERSONAL_FIELDS))
        .select_related("employer", "recruiter")
        .order_by("-received_at", "id")
    )


def working_organisations(*, user: User) -> QuerySet[Organisation]:
    """Return the organisations in which ``user`` works requests and cases."""
    return organisations_of(user, *CASE_ROLES)


@dataclass(frozen=True)
class QueueRow:
    """One waiting request as the queue shows it, every code turned into words."""

    intake: Intake
    urgent_reasons: list[str]
    categories: list[str]
    place: str
    language: str
    waiting: str  # how long since it arrived, in the largest unit: "3 hours", "2 days"


def queue_rows(intakes: list[Intake]) -> list[QueueRow]:
    """Return ``intakes`` (one page of ``intake_queue``) labelled for the staff page."""
    labels = staff_category_labels()
    reasons = dict(UrgentReason.choices)
    now = timezone.now()
    return [
        QueueRow(
            intake=intake,
            urgent_reasons=[str(reasons.get(code, code)) for code in intake.urgent_reasons],
            categories=[labels.get(code, code) for code in intake.categories],
            place=place_label(intake.place) if intake.place else "",
            language=language_name(intake.language),
            waiting=timesince(intake.received_at, now, depth=1),
        )
        for intake in intakes
    ]
