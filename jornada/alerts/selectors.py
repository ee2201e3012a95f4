"""Reads for the alerts pages, API and feeds: the look-up, warnings, events, the moderation queue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Count, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jornada.alerts import identifiers as ids
from jornada.alerts.models import Event, EventTarget, FollowKind, ScamReport, WarningIdentifier
from jornada.contributions.models import Status
from jornada.directory.models import Case, CaseEmployer, CaseRecruiter, Employer, Recruiter
from jornada.directory.search import SearchFilters, search

MAX_WARNINGS = 20
MAX_DIRECTORY_HITS = 3
MAX_CLIENTS = 8
# Below this similarity a directory hit is not offered as "maybe this is who you mean".
MIN_SCORE = 0.72
PUBLIC_PAGE_SIZE = 20


@dataclass(frozen=True)
class RedFlag:
    text: str | Promise
    topic: str  # a rights library topic, linked when an article exists


RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        _(
            "Under H-2A and H-2B nobody may charge you a recruitment fee: not the recruiter, not the "
            "employer, not anyone in between. Asking for money for the job is the clearest sign of a scam."
        ),
        "recruitment",
    ),
    RedFlag(
        _(
            "A real H-2A or H-2B job has a job order certified by the US Department of Labor. Ask for "
            "the employer's name and look it up here."
        ),
        "contract",
    ),
    RedFlag(
        _(
            "The employer must pay back your visa and travel costs. Nobody should ask you for a "
            "deposit to “reserve” a place."
        ),
        "travel",
    ),
    RedFlag(
        _("Never hand over your passport or identity papers for someone else to keep."),
        "documents",
    ),
    RedFlag(
        _(
            "Be careful with offers made only by Facebook or WhatsApp, with payments to a personal "
            "account, or with pressure to pay today."
        ),
        "recruitment",
    ),
)


@dataclass
class WarningMatch:
    report: ScamReport
    matched: list[str]


@dataclass
class Client:
    name: str
    slug: str
    years: list[int]


@dataclass
class RecruiterMatch:
    kind: str  # recruiter or agent
    name: str
    slug: str
    place: str
    score: float
    clients: list[Client] = field(default_factory=list)


@dataclass
class EmployerMatch:
    name: str
    slug: str
    place: str
    score: float
    certified_years: list[tuple[int, int]]  # (fiscal year, certified job orders)
    certified_in_year: bool | None  # for the season asked about, if any


@dataclass
class LookupResult:
    query: ids.Query
    year: int | None
    warnings: list[WarningMatch]
    recruiters: list[RecruiterMatch]
    employers: list[EmployerMatch]
    red_flags: tuple[RedFlag, ...] = RED_FLAGS

    @property
    def followable_phones(self) -> list[tuple[str, str]]:
        """Return the numbers (E.164, as shown) a worker can follow from this look-up: one per reading.

        ``559 555 1234`` is a Fresno number and a Mexican one: the worker picks which to follow.
        """
        if self.query.kind != ids.Kind.PHONE:
            return []
        return [(value, ids.international(value)) for value in self.query.values if value.startswith("+")]


def published_warnings() -> QuerySet[ScamReport]:
    return ScamReport.objects.published()


def matching_warnings(query: ids.Query) -> list[WarningMatch]:
    """Return published warnings with an identifier equal to the query's (an index hit)."""
    if not query.values:
        return []
    rows = (
        WarningIdentifier.objects.filter(
            kind=query.kind, value__in=query.values, report__status=Status.PUBLISHED
        )
        .select_related("report")
        .order_by("-report__received_month", "report_id")[: MAX_WARNINGS * 3]
    )
    found: dict[UUID, WarningMatch] = {}
    for row in rows:
        match = found.setdefault(row.report_id, WarningMatch(row.report, []))
        if row.display not in match.matched:
            match.matched.append(row.display)
    return list(found.values())[:MAX_WARNINGS]


def _recruiter_clients(recruiter_ids: list[int]) -> dict[int, list[Client]]:
    rows = (
        CaseRecruiter.objects.filter(recruiter_id__in=recruiter_ids, case__employers__role="primary")
        .values_list(
            "recruiter_id",
            "case__employers__employer__name",
            "case__employers__employer__slug",
            "case__fiscal_year",
        )
        .distinct()[:500]
    )
    grouped: dict[int, dict[str, Client]] = defaultdict(dict)
    for recruiter_id, name, slug, year in rows:
        client = grouped[recruiter_id].setdefault(slug, Client(name, slug, []))
        if year and year not in client.years:
            client.years.append(year)
    return {
        recruiter_id: sorted(clients.values(), key=lambda c: (-max(c.years or [0]), c.name))[:MAX_CLIENTS]
        for recruiter_id, clients in grouped.items()
    }


def matching_recruiters(text: str) -> list[RecruiterMatch]:
    """Recruiters and agents in the DOL records whose name is like ``text`` (typos forgiven)."""
    hits = [
        hit
        for hit in search(
            text, filters=SearchFilters(kinds=("recruiter", "agent")), limit=MAX_DIRECTORY_HITS
        ).hits
        if hit.score >= MIN_SCORE
    ]
    clients = _recruiter_clients([hit.object_id for hit in hits if hit.kind == "recruiter"])
    return [
        RecruiterMatch(
            kind=hit.kind,
            name=hit.name,
            slug=hit.slug,
            place=hit.place,
            score=hit.score,
            clients=clients.get(hit.object_id, []) if hit.kind == "recruiter" else [],
        )
        for hit in hits
    ]


def matching_employers(text: str, year: int | None) -> list[EmployerMatch]:
    """Employers like ``text`` with their certified job orders per fiscal year."""
    hits = [
        hit
        for hit in search(text, filters=SearchFilters(kinds=("employer",)), limit=MAX_DIRECTORY_HITS).hits
        if hit.score >= MIN_SCORE
    ]
    if not hits:
        return []
    rows = (
        CaseEmployer.objects.filter(employer_id__in=[hit.object_id for hit in hits], case__status="certified")
        .values("employer_id", "case__fiscal_year")
        .annotate(n=Count("case", distinct=True))
        .order_by()
    )
    years: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        if row["case__fiscal_year"]:
            years[row["employer_id"]].append((row["case__fiscal_year"], row["n"]))
    in_year: set[int] = set()
    if year:
        in_year = set(
            CaseEmployer.objects.filter(
                employer_id__in=[hit.object_id for hit in hits],
                case__status="certified",
                case__fiscal_year__in=(year, year + 1),
            ).values_list("employer_id", flat=True)
        )
    return [
        EmployerMatch(
            name=hit.name,
            slug=hit.slug,
            place=hit.place,
            score=hit.score,
            certified_years=sorted(years.get(hit.object_id, []), reverse=True)[:6],
            certified_in_year=(hit.object_id in in_year) if year else None,
        )
        for hit in hits
    ]


def lookup(text: str, *, year: int | None = None) -> LookupResult:
    """Answer the look-up box: matching warnings, DOL recruiters and employers, and the red flags."""
    query = ids.understand(text)
    warnings = matching_warnings(query)
    recruiters: list[RecruiterMatch] = []
    employers: list[EmployerMatch] = []
    if query.kind == ids.Kind.NAME and query.values:
        recruiters = matching_recruiters(query.text)
        employers = matching_employers(query.text, year)
    return LookupResult(query, year, warnings, recruiters, employers)


def warning_or_none(pk: UUID) -> ScamReport | None:
    return published_warnings().filter(pk=pk).prefetch_related("identifiers").first()


def public_identifiers(report: ScamReport) -> dict[str, list[str]]:
    """Return a warning's identifiers by kind, as shown: numbers, addresses, names."""
    grouped: dict[str, list[str]] = {"phone": [], "url": [], "name": []}
    for identifier in report.identifiers.all():
        grouped[identifier.kind].append(identifier.display)
    return grouped


# --- Follows and feeds ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowTarget:
    kind: str
    target: str
    label: str
    # Every number a phone target may be (``559 555 1234``: US and Mexican); one for a slug.
    readings: tuple[str, ...] = ()

    def is_ambiguous(self) -> bool:
        """Return True when a number without its country code could be more than one number."""
        return len(self.readings) > 1

    @property
    def value(self) -> str:
        return f"{self.kind}:{self.target}"


def follow_target(value: str) -> FollowTarget | None:
    """Parse ``employer:slug``, ``recruiter:slug`` or ``phone:+52…`` into what can be followed."""
    kind, _sep, target = value.partition(":")
    if kind == FollowKind.EMPLOYER:
        employer = Employer.objects.filter(slug=target).only("name").first()
        return FollowTarget(kind, target, employer.name) if employer else None
    if kind == FollowKind.RECRUITER:
        recruiter = Recruiter.objects.filter(slug=target).only("name").first()
        return FollowTarget(kind, target, recruiter.name) if recruiter else None
    if kind == FollowKind.PHONE:
        candidates = ids.phone_candidates(target)
        if candidates:
            return FollowTarget(kind, candidates[0], ids.international(candidates[0]), tuple(candidates))
    return None


def events_for(
    kind: str = "", target: str = "", *, readings: tuple[str, ...] = (), limit: int = 30
) -> list[Event]:
    """Return the newest events about one target (any of its ``readings``), or the newest warnings."""
    if kind:
        targets = readings or (target,)
        event_ids = EventTarget.objects.filter(kind=kind, target__in=targets).values("event_id")
        return list(Event.objects.filter(pk__in=event_ids)[:limit])
    return list(Event.objects.filter(kind="warning")[:limit])


def event_or_none(pk: int) -> Event | None:
    return Event.objects.filter(pk=pk).first()


# --- Moderation ----------------------------------------------------------------------------------


def waiting_reports() -> QuerySet[ScamReport]:
    return ScamReport.objects.waiting().order_by("received_month", "pk")


def report_for_moderation(pk: UUID) -> ScamReport | None:
    return ScamReport.objects.filter(pk=pk).prefetch_related("identifiers", "screenshots").first()


def certified_cases(employer: Employer) -> QuerySet[Case]:
    return Case.objects.filter(employers__employer=employer, status="certified")


def as_data(report: ScamReport) -> dict[str, Any]:
    """A report's answers as form data, for its author to change them."""
    return {
        name: "" if (value := getattr(report, name)) is None else str(value)
        for name in ScamReport.content_fields
    }
