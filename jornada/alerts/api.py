"""The alerts part of the JSON API: the look-up, published warnings and what is new (feeds as JSON).

Everything here is read-only and public; answers follow the language of Accept-Language.
Scam reports are sent through the web form (it takes screenshots); nothing about the client
is ever stored.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from jornada.alerts import selectors
from jornada.alerts.feeds import event_sentence
from jornada.alerts.models import ScamReport
from jornada.contributions.periods import week_start
from jornada.contributions.redaction import as_plain_text
from jornada.core.api_errors import responses

router = Router(tags=["alerts"])
MAX_PAGE = 10_000
# "employer:", "recruiter:" or "phone:" and the value fit a follow target (160 characters).
MAX_TARGET = 150


class WarningOut(Schema):
    id: str
    headline: str
    received: str
    identifiers: dict[str, list[str]]
    offer: dict[str, str]
    asked_amount: str | None
    asked_currency: str
    payment_method: str
    paid: str
    state: str
    country: str
    text: str
    is_redacted: bool


class RedFlagOut(Schema):
    text: str
    topic: str


class LookupRecruiterOut(Schema):
    kind: str
    name: str
    slug: str
    place: str
    employers: list[dict[str, Any]]


class LookupEmployerOut(Schema):
    name: str
    slug: str
    place: str
    certified_job_orders: list[dict[str, int]]
    certified_in_year: bool | None


class LookupOut(Schema):
    query: str
    kind: str = Field(description="phone, url or name: how the query was understood")
    values: list[str] = Field(description="the normalised values matched (E.164 for numbers)")
    warnings: list[WarningOut]
    recruiters: list[LookupRecruiterOut]
    employers: list[LookupEmployerOut]
    red_flags: list[RedFlagOut]


class LookupIn(Schema):
    q: str = Field(min_length=1, max_length=200, description="a phone number, a name or a web address")
    year: int | None = Field(None, ge=2000, le=2100, description="the season asked about")


def _warning(report: ScamReport) -> dict[str, Any]:
    offer_fields = ("offer_employer", "offer_job", "offer_place", "programme", "offer_dates", "offer_wage")
    return {
        "id": str(report.pk),
        "headline": report.headline(),
        "received": report.received_season(),
        "identifiers": selectors.public_identifiers(report),
        "offer": {name: as_plain_text(value) for name in offer_fields if (value := getattr(report, name))},
        "asked_amount": str(report.asked_amount) if report.asked_amount is not None else None,
        "asked_currency": report.asked_currency,
        "payment_method": report.payment_method,
        "paid": report.paid,
        "state": as_plain_text(report.state),
        "country": report.country,
        "text": as_plain_text(report.text),
        "is_redacted": report.is_redacted,
    }


@router.get("/lookup", response=responses(LookupOut), summary="Check a phone number, name or web address")
def lookup(request: HttpRequest, params: Query[LookupIn]) -> dict[str, Any]:
    """Published warnings that match, DOL recruiters and employers like a name, and the red flags.

    Numbers are understood in any common Mexican, Guatemalan or US format (044/045, "+52 1",
    with or without +1); addresses without scheme, www., mobile hosts or query strings.
    """
    result = selectors.lookup(params.q, year=params.year)
    return {
        "query": result.query.text,
        "kind": result.query.kind,
        "values": list(result.query.values),
        "warnings": [_warning(match.report) for match in result.warnings],
        "recruiters": [
            {
                "kind": hit.kind,
                "name": hit.name,
                "slug": hit.slug,
                "place": hit.place,
                "employers": [{"name": c.name, "slug": c.slug, "fiscal_years": c.years} for c in hit.clients],
            }
            for hit in result.recruiters
        ],
        "employers": [
            {
                "name": hit.name,
                "slug": hit.slug,
                "place": hit.place,
                "certified_job_orders": [{"fiscal_year": y, "count": n} for y, n in hit.certified_years],
                "certified_in_year": hit.certified_in_year,
            }
            for hit in result.employers
        ],
        "red_flags": [{"text": str(flag.text), "topic": flag.topic} for flag in result.red_flags],
    }


class WarningPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[WarningOut]


@router.get("/alerts/warnings", response=responses(WarningPageOut), summary="Published scam warnings")
def warnings(
    request: HttpRequest, page: int = Query(1, ge=1, le=MAX_PAGE, description="Page number, from 1")
) -> dict[str, Any]:
    """Published warnings, newest first, with personal details of the reporter removed."""
    paginator = Paginator(selectors.published_warnings().prefetch_related("identifiers"), 20)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "results": [_warning(report) for report in current.object_list],
    }


@router.get(
    "/alerts/warnings/{pk}",
    response=responses(WarningOut, not_found=True),
    summary="One published scam warning",
)
def warning(request: HttpRequest, pk: UUID) -> dict[str, Any]:
    report = selectors.warning_or_none(pk)
    if report is None:
        raise Http404
    return _warning(report)


class EventOut(Schema):
    kind: str
    title: str
    sentence: str
    path: str
    week: str = Field(
        description="the Monday (YYYY-MM-DD) of the week it happened: nothing finer is published"
    )


@router.get(
    "/alerts/events",
    response=responses(list[EventOut], not_found=True),
    summary="What is new (the Atom feeds as JSON)",
)
def events(
    request: HttpRequest,
    employer: str = Query("", max_length=MAX_TARGET, description="An employer's slug"),
    recruiter: str = Query("", max_length=MAX_TARGET, description="A recruiter's slug"),
    phone: str = Query("", max_length=MAX_TARGET, description="A phone number"),
) -> list[dict[str, Any]]:
    """The newest warnings site-wide, or what is new about one employer, recruiter (slug) or number.

    Naming something nobody follows or warns about answers 404.
    """
    kind, value = next(
        ((k, v) for k, v in (("employer", employer), ("recruiter", recruiter), ("phone", phone)) if v),
        ("", ""),
    )
    items = selectors.events_for()
    if kind:
        target = selectors.follow_target(f"{kind}:{value}")
        if target is None:
            raise Http404
        items = selectors.events_for(target.kind, target.target, readings=target.readings)
    return [
        {
            "kind": event.kind,
            "title": event.title,
            "sentence": event_sentence(event),
            "path": "/" + event.path,
            "week": week_start(event.created_at).isoformat(),
        }
        for event in items
    ]
