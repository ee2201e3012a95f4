from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from jornada.core.access import public_page
from jornada.core.kept_pages import kept_page
from jornada.core.ratelimit import RateLimit, limited_by
from jornada.directory import caching, selectors
from jornada.directory.forms import SearchForm
from jornada.directory.models import Employer, Recruiter
from jornada.directory.search import SearchFilters, search
from jornada.directory.sections import Kind, profile_generation, profile_generations, render_profile_sections

RESULTS_PER_PAGE = 20


def search_rule() -> RateLimit:
    """Searches (and result pages) per client per hour (``JORNADA_SEARCHES_PER_HOUR``)."""
    return RateLimit("directory-search", settings.JORNADA_SEARCHES_PER_HOUR, 3600)


@public_page
@require_GET
@limited_by(search_rule, methods=("GET",))
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = page = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        filters = SearchFilters(
            kinds=(data["kind"],) if data["kind"] else SearchFilters.kinds,
            programme=data["programme"],
            state=data["state"],
            activity=data["activity"],
        )
        results = search(data["q"], filters=filters, limit=10_000)
        page = Paginator(results.hits, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "directory/search.html", {"form": form, "results": results, "page": page})


@dataclass(frozen=True)
class Records:
    """A profile's record and its DOL records rendered, as kept in the cache (see ``caching``)."""

    record: Employer | Recruiter
    top: SafeString
    seasons: SafeString


def _records(kind: str, slug: str, page: int) -> Records:
    """The record and its rendered DOL records: built once per generation of the directory."""

    def render() -> Records:
        record: Employer | Recruiter
        if kind == "employer":
            record = selectors.employer_or_404(slug)
            context = {"profile": selectors.employer_profile(record, page=page), "employer": record}
        else:
            record = selectors.recruiter_or_404(slug)
            context = {"profile": selectors.recruiter_profile(record), "recruiter": record}
        # Rendered without the request: nothing in these fragments may depend on the visitor.
        top, seasons = (
            render_to_string(f"directory/includes/{kind}_{part}.html", context)
            for part in ("records", "seasons")
        )
        return Records(record, top, seasons)

    return caching.rendered(kind, slug, page, render)


@public_page
@require_GET
def employer(request: HttpRequest, slug: str) -> HttpResponse:
    page = caching.page_number(request.GET.get("page"))

    def render_page() -> HttpResponse:
        records = _records("employer", slug, page)
        return render(
            request,
            "directory/employer.html",
            {
                "employer": records.record,
                "records": records,
                "sections": render_profile_sections("employer", request, records.record, after=11, before=50),
                "late_sections": render_profile_sections(
                    "employer", request, records.record, after=51, before=1000
                ),
            },
        )

    # Kept only for the plain address and for ?page=N as the pagination links write it.
    query = f"page={page}" if request.GET else ""
    try:
        return _kept_profile(request, "employer", slug, f"{slug}:{page}", render_page, query=query)
    except Http404:
        return _retired(request, "employer", slug)


@public_page
@require_GET
def recruiter(request: HttpRequest, slug: str) -> HttpResponse:
    def render_page() -> HttpResponse:
        records = _records("recruiter", slug, 1)
        return render(
            request,
            "directory/recruiter.html",
            {
                "recruiter": records.record,
                "records": records,
                "sections": render_profile_sections(
                    "recruiter", request, records.record, after=11, before=1000
                ),
            },
        )

    try:
        return _kept_profile(request, "recruiter", slug, slug, render_page, query="")
    except Http404:
        return _retired(request, "recruiter", slug)


def _retired(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """A merged-away address: a permanent redirect to the record it became part of, else 404."""
    current = selectors.retired_slug_target(kind, slug)
    if current is None:
        raise Http404
    location = reverse(f"directory:{kind}", kwargs={"slug": current})
    query = request.GET.urlencode()
    return HttpResponsePermanentRedirect(f"{location}?{query}" if query else location)


def _kept_profile(
    request: HttpRequest,
    kind: Kind,
    slug: str,
    key: str,
    render_page: Callable[[], HttpResponse],
    *,
    query: str,
) -> HttpResponse:
    """The whole page, kept for visitors without a session until its records or a section change."""
    generations = (caching.GENERATION, *profile_generations(kind), profile_generation(kind, slug[:140]))
    return kept_page(request, generations, f"{kind}:{key}:{get_language()}", render_page, query=query)


@public_page
@require_GET
def agent(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "directory/agent.html", {"profile": selectors.agent_profile(slug)})
