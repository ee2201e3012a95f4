"""What advocates read about requests for help: the queue, its counts and filters, the conflict check.

A queue is one organisation's: the recipient rows of that organisation still waiting for its
decision and still holding the request's key, read in order from the partial index
``intake_queue_order``. The organisation is one of the reader's (``queue_organisation``, a 404
for any other), so another organisation's request is never counted, listed or found by a
filter; the filters' choices are fixed lists, never values taken from requests. Nothing here
decrypts: the personal fields are read through ``intake_personal_read``, which audits the read.

A request that ends (withdrawn, duplicate, declined by all, taken in) leaves no recipient
pending: the services that end it decide for every recipient still waiting, so the queue needs
no look at the request's status (``tests/test_intake_queue.py`` checks each way out).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import get_language

from jornada.cases.models import Case
from jornada.cases.selectors import CASE_ROLES
from jornada.core.access import get_organisation_or_404, organisations_of
from jornada.core.models import IntakeSettings, Organisation, User
from jornada.directory.models import Employer, Recruiter
from jornada.intake.models import (
    INTAKE_PERSONAL_FIELDS,
    Intake,
    IntakeRecipient,
    RecipientDecision,
    UrgentReason,
)
from jornada.vocabulary.languages import KNOWN_LANGUAGES, language_name
from jornada.vocabulary.models import Audience, Category
from jornada.vocabulary.places import PLACE_BY_CODE, PLACES

MAX_SEARCH = 100
QUEUE_PAGE_SIZE = 50
_SEALED = tuple(f"intake__{name}_sealed" for name in INTAKE_PERSONAL_FIELDS)


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to; empty values narrow nothing."""

    urgent: bool = False
    category: str = ""
    place: str = ""
    language: str = ""
    search: str = ""  # part of the linked employer's or recruiter's name


@dataclass(frozen=True)
class QueueCounts:
    waiting: int
    urgent: int


@dataclass(frozen=True)
class QueueChoices:
    """The places and languages the queue can be filtered by, as (code, name)."""

    places: list[tuple[str, str]]
    languages: list[tuple[str, str]]


def queue_organisation(*, user: User, slug: str = "") -> Organisation:
    """Return the organisation whose queue ``user`` reads: ``slug`` (404 unless theirs), else their first."""
    if slug:
        return get_organisation_or_404(user, slug, *CASE_ROLES)
    organisation = organisations_of(user, *CASE_ROLES).order_by("name", "pk").first()
    if organisation is None:
        raise Http404
    return organisation


def _waiting(organisation: Organisation) -> QuerySet[IntakeRecipient]:
    """The recipient rows of ``organisation`` in its queue (the condition of ``intake_queue_order``)."""
    return IntakeRecipient.objects.filter(
        organisation=organisation, decision=RecipientDecision.PENDING, data_key__isnull=False
    )


def _queue_ordered(organisation: Organisation, filters: QueueFilters | None) -> QuerySet[IntakeRecipient]:
    queue = _waiting(organisation).order_by("-urgent", "received_at", "intake_id")
    filters = filters or QueueFilters()
    if filters.urgent:
        queue = queue.filter(urgent=True)
    if filters.category:
        if connection.vendor == "postgresql":
            queue = queue.filter(intake__categories__contains=[filters.category])
        else:
            # A JSON list of codes as text: match the quoted code, so "fees" never matches "recruitment-fees".
            queue = queue.filter(intake__categories__icontains=f'"{filters.category}"')
    if filters.place:
        queue = queue.filter(intake__place=filters.place)
    if filters.language:
        queue = queue.filter(intake__language=filters.language)
    if filters.search:
        words = filters.search[:MAX_SEARCH]
        queue = queue.filter(
            Q(intake__employer__name__icontains=words) | Q(intake__recruiter__name__icontains=words)
        )
    return queue


def intake_queue(
    *, organisation: Organisation, filters: QueueFilters | None = None
) -> QuerySet[IntakeRecipient]:
    """Return ``organisation``'s waiting requests (as its recipient rows), narrowed by ``filters``.

    ``organisation`` comes from ``queue_organisation``. Urgent first, then the longest waiting;
    nothing personal is read.
    """
    return (
        _queue_ordered(organisation, filters)
        .select_related("intake", "intake__employer", "intake__recruiter")
        .defer("data_key", *_SEALED)
    )


@dataclass(frozen=True)
class QueuePage:
    """One page of a queue: ``page`` for its numbers and links, ``intakes`` for its requests."""

    page: Page
    intakes: list[Intake]


def intake_queue_page(
    *, organisation: Organisation, filters: QueueFilters | None = None, number: int | str | None = 1
) -> QueuePage:
    """Return one page of ``intake_queue``.

    The queue's order is read once, as request numbers only (from the index when nothing is
    filtered), and gives both the count and the page; then only that page's requests are
    loaded. Counting and then skipping thousands of joined rows for a late page cost several
    times more (benchmarks/README.md).
    """
    order = list(_queue_ordered(organisation, filters).values_list("intake_id", flat=True))
    page = Paginator(order, QUEUE_PAGE_SIZE).get_page(number)
    wanted = list(page.object_list)
    loaded = (
        Intake.objects.filter(pk__in=wanted)
        .select_related("employer", "recruiter")
        .defer(*(f"{name}_sealed" for name in INTAKE_PERSONAL_FIELDS))
        .in_bulk()
    )
    return QueuePage(page=page, intakes=[loaded[pk] for pk in wanted if pk in loaded])


def intake_queue_counts(*, organisation: Organisation) -> QueueCounts:
    """Return how many requests wait in ``organisation``'s queue, and how many of them are urgent."""
    counts = _waiting(organisation).aggregate(waiting=Count("pk"), urgent=Count("pk", filter=Q(urgent=True)))
    return QueueCounts(waiting=counts["waiting"], urgent=counts["urgent"])


def intake_queue_choices(*, organisation: Organisation) -> QueueChoices:
    """Return every place, and the known languages with those ``organisation`` takes, to filter by."""
    settings = IntakeSettings.objects.filter(organisation=organisation).first()
    keys = dict.fromkeys(
        [language.key for language in KNOWN_LANGUAGES] + list(settings.languages if settings else [])
    )
    return QueueChoices(
        places=[(place.code, place.name()) for place in PLACES],
        languages=sorted(((key, language_name(key)) for key in keys), key=lambda pair: pair[1]),
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
    parties (``cases.CaseParty``, linked to the directory) are matched too.
    """
    if employer_id is None and recruiter_id is None:
        return Case.objects.none()
    naming = _party_match("intake__", employer_id, recruiter_id) | _party_match(
        "parties__", employer_id, recruiter_id
    )
    return (
        Case.objects.filter(organisation=organisation)
        .filter(naming)
        .defer("data_key", "worker_name_sealed", "contact_sealed", "safe_times_sealed", "narrative_sealed")
        .distinct()
        .order_by("-created_at", "-id")
    )


def intake_conflicts(*, recipient: IntakeRecipient) -> ConflictCheck:
    """Return the cases and other requests of ``recipient``'s organisation naming the same parties.

    ``recipient`` comes from ``intake_recipient_get`` (so it is one of the reader's). Other
    requests are those waiting in the organisation's queue; those it decided or can no longer
    read are not listed, and those it took in appear as their case.
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
        Intake.objects.filter(_party_match("", intake.employer_id, intake.recruiter_id))
        .filter(pk__in=_waiting(organisation).values("intake_id"))
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


def duplicate_candidates(*, recipient: IntakeRecipient, limit: int = 200) -> list[Intake]:
    """Return the other requests in ``recipient``'s organisation's queue, that this one may duplicate."""
    waiting = (
        _waiting(recipient.organisation)
        .exclude(intake_id=recipient.intake_id)
        .select_related("intake", "intake__employer", "intake__recruiter")
        .defer("data_key", *_SEALED)
        .order_by("-urgent", "received_at", "intake_id")[:limit]
    )
    return [row.intake for row in waiting]


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
