"""Read-only JSON for the directory: search, employer and recruiter profiles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from jornada.core.api_errors import responses
from jornada.directory import selectors
from jornada.directory.search import SearchFilters, SearchHit, search

router = Router(tags=["directory"])

MAX_LIMIT = 100
MAX_PAGE = 10_000


class SearchParams(Schema):
    q: str = Field(
        ..., min_length=1, max_length=200, description="Name, as the worker knows it; typos are forgiven."
    )
    programme: str = Field("", pattern="^(|h2a|h2b)$", description="h2a or h2b")
    state: str = Field("", max_length=60, description="US state code, e.g. NC")
    activity: str = Field("", max_length=60, description="A crop or kind of work, e.g. apples")
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10_000)


class HitOut(Schema):
    kind: str
    slug: str
    name: str
    place: str
    programmes: list[str]
    last_fiscal_year: int | None
    exact: bool = Field(description="True when every word was found as typed (no typo correction)")
    fictional: bool


class SearchOut(Schema):
    query: str
    total: int
    results: list[HitOut]


def _hit(hit: SearchHit) -> HitOut:
    return HitOut(
        kind=hit.kind,
        slug=hit.slug,
        name=hit.name,
        place=hit.place,
        programmes=list(hit.programmes),
        last_fiscal_year=hit.last_fiscal_year,
        exact=hit.tier < 2,
        fictional=hit.is_fictional,
    )


def _search(params: SearchParams, kinds: tuple[str, ...]) -> SearchOut:
    filters = SearchFilters(
        kinds=kinds, programme=params.programme, state=params.state, activity=params.activity
    )
    results = search(params.q, filters=filters, limit=params.limit, offset=params.offset)
    return SearchOut(query=params.q, total=results.total, results=[_hit(hit) for hit in results.hits])


@router.get("/search", response=responses(SearchOut), summary="Search employers, recruiters and agents")
def search_all(request: HttpRequest, params: Query[SearchParams]) -> SearchOut:
    return _search(params, SearchFilters.kinds)


@router.get("/employers", response=responses(SearchOut), summary="Search employers")
def search_employers(request: HttpRequest, params: Query[SearchParams]) -> SearchOut:
    return _search(params, ("employer",))


@router.get("/recruiters", response=responses(SearchOut), summary="Search recruiters")
def search_recruiters(request: HttpRequest, params: Query[SearchParams]) -> SearchOut:
    return _search(params, ("recruiter",))


class FindingOut(Schema):
    whd_case: str
    programme: str
    year: int | None
    violations: int
    back_wages: Decimal
    employees_owed: int
    civil_money_penalties: Decimal


class DebarmentOut(Schema):
    name_as_published: str
    programmes: str
    start: dt.date
    end: dt.date | None
    violation: str


class CaseOut(Schema):
    case_number: str
    programme: str
    fiscal_year: int | None
    season: int | None
    status: str
    period_begin: dt.date | None
    period_end: dt.date | None
    role: str | None = Field(description="primary, or sub for a member farm of an association's application")
    workers_requested: int | None
    workers_certified: int | None
    job_title: str
    crop: str
    wage_offered: Decimal | None
    wage_unit: str
    hours_per_week: Decimal | None
    worksite: str
    activities: list[str]
    housing: list[str]
    recruiters: list[str]


class EmployerOut(Schema):
    slug: str
    name: str
    other_names: list[str]
    trade_names: list[str]
    city: str
    state: str
    programmes: list[str]
    cases_count: int
    workers_certified: int
    fictional: bool
    findings: list[FindingOut]
    debarments: list[DebarmentOut]
    cases: list[CaseOut]
    cases_page: int
    cases_pages: int


@router.get(
    "/employers/{slug}", response=responses(EmployerOut, not_found=True), summary="An employer's DOL records"
)
def employer_detail(
    request: HttpRequest,
    slug: str,
    page: int = Query(1, ge=1, le=MAX_PAGE, description="Page of the job orders, from 1"),
) -> EmployerOut:
    profile = selectors.employer_profile(slug, page=page)
    employer = profile.employer
    cases = [
        CaseOut(
            case_number=item.case.case_number,
            programme=item.case.programme,
            fiscal_year=item.case.fiscal_year,
            season=item.case.season(),
            status=item.case.status,
            period_begin=item.case.period_begin,
            period_end=item.case.period_end,
            role=item.link.role if item.link else None,
            workers_requested=item.link.workers_requested if item.link else item.case.workers_requested,
            workers_certified=item.link.workers_certified if item.link else item.case.workers_certified,
            job_title=item.case.job_title,
            crop=item.case.crop,
            wage_offered=item.case.wage_offered,
            wage_unit=item.case.wage_unit,
            hours_per_week=item.case.hours_per_week,
            worksite=", ".join(part for part in (item.case.worksite_city, item.case.worksite_state) if part),
            activities=[activity.activity for activity in item.activities.items],
            housing=[
                ", ".join(part for part in (home.housing_type, home.city, home.state) if part)
                for home in item.housing.items
            ],
            recruiters=[recruiter.slug for recruiter in item.recruiters.items],
        )
        for season in profile.seasons
        for item in season.cases
    ]
    return EmployerOut(
        slug=employer.slug,
        name=employer.name,
        other_names=profile.other_names,
        trade_names=profile.trade_names,
        city=employer.city,
        state=employer.state,
        programmes=employer.programmes(),
        cases_count=employer.cases_count,
        workers_certified=employer.workers_certified,
        fictional=employer.is_fictional,
        findings=[
            FindingOut(
                whd_case=finding.case.case_id,
                programme=finding.code,
                year=finding.year,
                violations=finding.violations,
                back_wages=finding.back_wages,
                employees_owed=finding.employees_owed,
                civil_money_penalties=finding.penalties,
            )
            for finding in profile.findings
        ],
        debarments=[
            DebarmentOut(
                name_as_published=debarment.name,
                programmes=debarment.programmes,
                start=debarment.start_date,
                end=debarment.end_date,
                violation=debarment.violation,
            )
            for debarment in profile.debarments
        ],
        cases=cases,
        cases_page=profile.page.number,
        cases_pages=profile.page.paginator.num_pages,
    )


class RecruitedOut(Schema):
    fiscal_year: int | None
    employers: list[str] = Field(description="employer slugs")
    applications_without_known_employer: int


class RecruiterOut(Schema):
    slug: str
    name: str
    kind: str
    other_names: list[str]
    offices: list[str]
    people: list[str]
    fictional: bool
    seasons: list[RecruitedOut]


@router.get(
    "/recruiters/{slug}",
    response=responses(RecruiterOut, not_found=True, invalid=False),
    summary="A recruiter's DOL records",
)
def recruiter_detail(request: HttpRequest, slug: str) -> RecruiterOut:
    profile = selectors.recruiter_profile(slug)
    recruiter = profile.recruiter
    return RecruiterOut(
        slug=recruiter.slug,
        name=recruiter.name,
        kind=recruiter.kind,
        other_names=profile.other_names,
        offices=[str(office) for office in profile.offices],
        people=profile.people.items,
        fictional=recruiter.is_fictional,
        seasons=[
            RecruitedOut(
                fiscal_year=season.year,
                employers=[employer.slug for employer in season.employers],
                applications_without_known_employer=season.unknown_cases,
            )
            for season in profile.seasons
        ],
    )
