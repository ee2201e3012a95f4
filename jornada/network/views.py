"""The public "find help near you" page: no JavaScript, nothing about the visitor kept."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jornada.core.access import get_organisation_or_404, get_owned_or_404, public_page, staff_required
from jornada.core.middleware import PERMISSIONS_POLICY
from jornada.core.models import Role
from jornada.core.ratelimit import RateLimit, limited_by
from jornada.network import selectors, services
from jornada.network.forms import DirectoryEntryForm, FindHelpForm, TrustedReferralForm
from jornada.network.models import Organization, TrustedReferral


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
    response = render(
        request,
        "network/find_help.html",
        {"form": form, "lookup": form.lookup, "results": results, "remote": remote},
    )
    # The one page that may ask for the position ("near me"); everywhere else geolocation stays off.
    response.headers["Permissions-Policy"] = PERMISSIONS_POLICY.replace(
        "geolocation=()", "geolocation=(self)"
    )
    return response


@staff_required(Role.ORG_ADMIN, Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
def directory_entry(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's administrators and supervisors keep its own directory entry up to date."""
    user: Any = request.user
    organisation = get_organisation_or_404(user, slug, Role.ORG_ADMIN, Role.SUPERVISOR)
    entry = Organization.objects.filter(staff_organisation=organisation).first()
    form = DirectoryEntryForm(request.POST or None, instance=entry or Organization(name=organisation.name))
    if request.method == "POST" and form.is_valid():
        services.directory_entry_update(organisation=organisation, by=user, values=form.cleaned_data)
        messages.success(request, _("Your organisation's entry in the directory was saved."))
        return redirect("network:directory_entry", slug=organisation.slug)
    return render(
        request,
        "network/staff/directory_entry.html",
        {"organisation": organisation, "form": form, "entry": entry},
    )


@staff_required(Role.ADVOCATE, Role.SUPERVISOR, Role.ORG_ADMIN)
@require_http_methods(["GET", "POST"])
def trusted_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's own trusted referral list: partners per topic and place, with notes."""
    user: Any = request.user
    organisation = get_organisation_or_404(user, slug)
    form = TrustedReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.trusted_referral_add(organisation=organisation, by=user, **form.cleaned_data)
        messages.success(request, _("The partner was added to your trusted list."))
        return redirect("network:trusted_list", slug=organisation.slug)
    entries = selectors.trusted_referrals(organisation)
    return render(
        request,
        "network/staff/trusted_list.html",
        {"organisation": organisation, "form": form, "entries": entries},
    )


@staff_required(Role.ADVOCATE, Role.SUPERVISOR, Role.ORG_ADMIN)
@require_http_methods(["GET", "POST"])
def trusted_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then take a partner off the list of the organisation that owns the entry."""
    user: Any = request.user
    entry = get_owned_or_404(user, TrustedReferral.objects.select_related("organisation", "partner"), pk=pk)
    if request.method == "GET":
        return render(request, "network/staff/trusted_remove.html", {"entry": entry})
    slug = entry.organisation.slug
    services.trusted_referral_remove(entry=entry, by=user)
    messages.success(request, _("The partner was taken off your trusted list."))
    return redirect("network:trusted_list", slug=slug)
