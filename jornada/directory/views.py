from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jornada.core.access import public_page
from jornada.directory import selectors
from jornada.directory.forms import SearchForm
from jornada.directory.search import SearchFilters, search
from jornada.directory.sections import render_profile_sections

RESULTS_PER_PAGE = 20


@public_page
@require_GET
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


@public_page
@require_GET
def employer(request: HttpRequest, slug: str) -> HttpResponse:
    profile = selectors.employer_profile(slug, page=request.GET.get("page"))
    return render(
        request,
        "directory/employer.html",
        {
            "profile": profile,
            "employer": profile.employer,
            "sections": render_profile_sections("employer", request, profile.employer, after=11, before=50),
            "late_sections": render_profile_sections(
                "employer", request, profile.employer, after=51, before=1000
            ),
        },
    )


@public_page
@require_GET
def recruiter(request: HttpRequest, slug: str) -> HttpResponse:
    profile = selectors.recruiter_profile(slug)
    return render(
        request,
        "directory/recruiter.html",
        {
            "profile": profile,
            "recruiter": profile.recruiter,
            "sections": render_profile_sections(
                "recruiter", request, profile.recruiter, after=11, before=1000
            ),
        },
    )


@public_page
@require_GET
def agent(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "directory/agent.html", {"profile": selectors.agent_profile(slug)})
