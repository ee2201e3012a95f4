"""Reads for the directory's pages and API: each profile assembled once, here, not in views."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from jornada.directory.models import (
    Agent,
    Case,
    CaseActivity,
    CaseEmployer,
    CaseHousing,
    CaseRecruiter,
    CaseWorksite,
    Debarment,
    Employer,
    NameKind,
    Recruiter,
    RetiredSlug,
    WhdCase,
)

# Cases per page of a profile: a labour contractor may file dozens a season, and a page must
# stay within the first-render budget on a 2G phone.
CASES_PER_PAGE = 6
SHOWN_PER_LIST = 12
# The law or programme a finding is about, as a reader needs it named.
PROGRAMME_LABELS = {
    "h2a": _("the H-2A visa rules"),
    "h2b": _("the H-2B visa rules"),
    "mspa": _("the farmworker protection law (MSPA)"),
    "flsa": _("the minimum wage and overtime law (FLSA)"),
}


@dataclass
class Shortlist:
    """The first few items of a list and how many more there are (pages must stay small)."""

    items: list[Any]
    more: int = 0

    @classmethod
    def of(cls, items: list[Any], size: int = SHOWN_PER_LIST) -> Shortlist:
        return cls(items[:size], max(0, len(items) - size))


@dataclass
class Finding:
    """What Wage and Hour found in one case, for one programme."""

    case: WhdCase
    code: str  # h2a, h2b, mspa, flsa
    programme: Any  # its name for readers
    violations: int
    back_wages: Any
    employees_owed: int
    penalties: Any

    @property
    def year(self) -> int | None:
        date = self.case.findings_end or self.case.findings_start
        return date.year if date else None


@dataclass
class SeasonCase:
    case: Case
    link: CaseEmployer | None
    activities: Shortlist
    housing: Shortlist
    worksites: Shortlist
    recruiters: Shortlist
    members: Shortlist
    agent: Agent | None


@dataclass
class Season:
    year: int | None
    cases: list[SeasonCase]


@dataclass
class EmployerProfile:
    employer: Employer
    other_names: list[str]
    trade_names: list[str]
    findings: list[Finding]
    debarments: list[Debarment]
    seasons: list[Season]
    page: Page


def _findings(cases: list[WhdCase]) -> list[Finding]:
    found = []
    for case in cases:
        for values in case.findings():
            found.append(
                Finding(
                    case=case,
                    code=str(values["programme"]),
                    programme=PROGRAMME_LABELS[str(values["programme"])],
                    violations=int(values["violations"]),  # type: ignore[call-overload]
                    back_wages=values["back_wages"],
                    employees_owed=int(values["employees_owed"]),  # type: ignore[call-overload]
                    penalties=values["penalties"],
                )
            )
    order = list(PROGRAMME_LABELS)  # visa programmes first, then the general laws
    return sorted(found, key=lambda finding: (-(finding.year or 0), order.index(finding.code)))


def retired_slug_target(kind: str, slug: str) -> str | None:
    """Return the slug an employer's or recruiter's merged-away slug now answers to, or None."""
    return RetiredSlug.objects.filter(kind=kind, slug=slug).values_list("current", flat=True).first()


def employer_or_404(slug: str) -> Employer:
    try:
        return Employer.objects.get(slug=slug)
    except Employer.DoesNotExist:
        raise Http404 from None


def _season_cases(cases: list[Case], links: dict[int, CaseEmployer]) -> list[Season]:
    case_ids = [case.pk for case in cases]
    activities: dict[int, list[CaseActivity]] = defaultdict(list)
    for activity in CaseActivity.objects.filter(case_id__in=case_ids):
        activities[activity.case_id].append(activity)
    housing: dict[int, list[CaseHousing]] = defaultdict(list)
    for home in CaseHousing.objects.filter(case_id__in=case_ids):
        housing[home.case_id].append(home)
    worksites: dict[int, list[CaseWorksite]] = defaultdict(list)
    for site in CaseWorksite.objects.filter(case_id__in=case_ids):
        worksites[site.case_id].append(site)
    recruiters: dict[int, dict[int, Recruiter]] = defaultdict(dict)
    for recruiter_link in CaseRecruiter.objects.filter(case_id__in=case_ids).select_related("recruiter"):
        recruiters[recruiter_link.case_id][recruiter_link.recruiter_id] = recruiter_link.recruiter
    members: dict[int, list[CaseEmployer]] = defaultdict(list)
    for member in (
        CaseEmployer.objects.filter(case_id__in=case_ids, role=CaseEmployer.Role.SUB)
        .select_related("employer")
        .order_by("employer__name")
    ):
        members[member.case_id].append(member)
    by_year: dict[int | None, list[SeasonCase]] = defaultdict(list)
    for case in cases:
        link = links.get(case.pk)
        is_primary = link is None or link.role == CaseEmployer.Role.PRIMARY
        by_year[case.season()].append(
            SeasonCase(
                case=case,
                link=link,
                activities=Shortlist.of(sorted(activities[case.pk], key=lambda a: a.activity)),
                housing=Shortlist.of(housing[case.pk]),
                worksites=Shortlist.of(worksites[case.pk]),
                recruiters=Shortlist.of(sorted(recruiters[case.pk].values(), key=lambda r: r.name)),
                members=Shortlist.of(members[case.pk] if is_primary else []),
                agent=case.agent,
            )
        )
    return [Season(year, by_year[year]) for year in sorted(by_year, key=lambda y: -(y or 0))]


def employer_profile(employer: Employer | str, *, page: int | str | None = 1) -> EmployerProfile:
    """Everything an employer's page shows: enforcement first, then season by season.

    ``employer`` is the record, or its slug (a 404 when there is none).
    """
    if isinstance(employer, str):
        employer = employer_or_404(employer)
    names = list(employer.names.order_by("name").values_list("name", "kind"))
    links = {
        link.case_id: link
        for link in CaseEmployer.objects.filter(employer=employer).select_related("case", "case__agent")
    }
    cases = sorted(
        (link.case for link in links.values()), key=lambda case: (-(case.season() or 0), case.case_number)
    )
    case_page = Paginator(cases, CASES_PER_PAGE).get_page(page)
    seasons = _season_cases(list(case_page.object_list), links)
    return EmployerProfile(
        employer=employer,
        other_names=[name for name, kind in names if kind == NameKind.LEGAL and name != employer.name],
        trade_names=[name for name, kind in names if kind == NameKind.TRADE],
        findings=_findings(list(employer.whd_cases.all())),
        debarments=list(employer.debarments.order_by("-start_date")),
        seasons=seasons,
        page=case_page,
    )


@dataclass
class RecruitedSeason:
    year: int | None
    employers: list[Employer]
    unknown_cases: int  # cases whose employer is not in the imported records yet


@dataclass
class RecruiterProfile:
    recruiter: Recruiter
    other_names: list[str]
    offices: list[Any]
    people: Shortlist
    seasons: list[RecruitedSeason] = field(default_factory=list)


def recruiter_or_404(slug: str) -> Recruiter:
    try:
        return Recruiter.objects.get(slug=slug)
    except Recruiter.DoesNotExist:
        raise Http404 from None


def recruiter_profile(recruiter: Recruiter | str) -> RecruiterProfile:
    """A recruiter's offices and people, and the employers and seasons it recruited for.

    ``recruiter`` is the record, or its slug (a 404 when there is none).
    """
    if isinstance(recruiter, str):
        recruiter = recruiter_or_404(recruiter)
    links = (
        CaseRecruiter.objects.filter(recruiter=recruiter)
        .values_list("case_id", "case__fiscal_year")
        .distinct()
    )
    cases_by_year: dict[int | None, set[int]] = defaultdict(set)
    for case_id, year in links:
        cases_by_year[year].add(case_id)
    employers_by_case: dict[int, list[Employer]] = defaultdict(list)
    all_cases = [case_id for ids in cases_by_year.values() for case_id in ids]
    for link in CaseEmployer.objects.filter(
        case_id__in=all_cases, role=CaseEmployer.Role.PRIMARY
    ).select_related("employer"):
        employers_by_case[link.case_id].append(link.employer)
    seasons = []
    for year in sorted(cases_by_year, key=lambda y: -(y or 0)):
        employers: dict[int, Employer] = {}
        unknown = 0
        for case_id in cases_by_year[year]:
            found = employers_by_case.get(case_id)
            if not found:
                unknown += 1
            for employer in found or []:
                employers[employer.pk] = employer
        seasons.append(RecruitedSeason(year, sorted(employers.values(), key=lambda e: e.name), unknown))
    return RecruiterProfile(
        recruiter=recruiter,
        other_names=[
            name for name in recruiter.names.values_list("name", flat=True) if name != recruiter.name
        ],
        offices=list(recruiter.offices.all()),
        people=Shortlist.of(list(recruiter.people.values_list("name", flat=True)), 30),
        seasons=seasons,
    )


@dataclass
class AgentProfile:
    agent: Agent
    seasons: list[tuple[int | None, list[Employer]]]


def agent_profile(slug: str) -> AgentProfile:
    try:
        agent = Agent.objects.get(slug=slug)
    except Agent.DoesNotExist:
        raise Http404 from None
    by_year: dict[int | None, dict[int, Employer]] = defaultdict(dict)
    for link in CaseEmployer.objects.filter(case__agent=agent, role=CaseEmployer.Role.PRIMARY).select_related(
        "employer", "case"
    ):
        by_year[link.case.fiscal_year][link.employer_id] = link.employer
    return AgentProfile(
        agent=agent,
        seasons=[
            (year, sorted(by_year[year].values(), key=lambda e: e.name))
            for year in sorted(by_year, key=lambda y: -(y or 0))
        ],
    )
