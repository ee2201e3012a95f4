"""The public "find help near you" page: no JavaScript, nothing about the visitor kept."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jornada.core.access import public_page
from jornada.core.ratelimit import RateLimit, limited_by
from jornada.network import selectors
from jornada.network.forms import FindHelpForm


def find_rule() -> RateLimit:
    """Searches per client per hour (the look-up limit): generous, to stop scraping."""
    return RateLimit("network-find", settings.JORNADA_LOOKUPS_PER_HOUR, 3600)


@public_page
@never_cache
@require_GET
@limited_by(find_rule, methods=("GET",))
def find_help(request: HttpRequest) -> HttpResponse:
    """Encuentra ayuda cerca de ti: services by distance from a place, topic, language and cost."""
    form = FindHelpForm(request.GET or None)
    results = remote = None
    if form.is_bound and form.is_valid():
        filters = {
            "topic": form.cleaned_data["topic"],
            "language": form.cleaned_data["language"],
            "free_only": form.cleaned_data["cost"] == "free",
        }
        results = selectors.help_find(point=form.lookup.point, **filters)
        remote = selectors.help_remote(**filters)
    return render(
        request,
        "network/find_help.html",
        {"form": form, "lookup": form.lookup, "results": results, "remote": remote},
    )
