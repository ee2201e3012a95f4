"""The public calendar and event pages (no JavaScript), and staff's pages to publish events."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jornada.core.access import get_owned_or_404, public_page, staff_required
from jornada.outreach import selectors, services
from jornada.outreach.forms import CalendarFilterForm, EventForm, event_initial
from jornada.outreach.models import Event
from jornada.outreach.presenters import event_context
from jornada.outreach.selectors import STAFF_ROLES, CalendarFilters
from jornada.outreach.workshop import workshop_articles, workshop_guide_or_404
from jornada.rights.selectors import article_path

STAFF_PAGE = 50


def _language() -> str:
    return (get_language() or "es").split("-")[0]


@public_page
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    form = CalendarFilterForm(request.GET or None, language=_language())
    filters = CalendarFilters()
    if form.is_bound and form.is_valid():
        filters = CalendarFilters(
            **{name: form.cleaned_data[name] for name in ("state", "town", "kind", "topic")},
            near=form.lookup.point,
            distance_km=form.cleaned_data["distance"],
        )
    page = selectors.calendar_page(filters=filters, number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    suggestions = []
    for name in form.lookup.suggestions:
        instead = query.copy()
        instead["near"] = name
        suggestions.append((name, instead.urlencode()))
    return render(
        request,
        "outreach/calendar.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "language": _language(),
            "filters": filters,
            "suggestions": suggestions,
        },
    )


@public_page
@require_GET
def event_detail(request: HttpRequest, uid: str) -> HttpResponse:
    event = selectors.event_public_or_404(uid)
    url = request.build_absolute_uri(reverse("outreach:event", kwargs={"uid": event.uid}))
    return render(request, "outreach/event.html", event_context(event, language=_language(), url=url))


@public_page
@require_GET
def workshop_index(request: HttpRequest) -> HttpResponse:
    articles = workshop_articles(language=_language())
    return render(request, "outreach/workshop/index.html", {"articles": articles})


@public_page
@require_GET
def workshop_guide(request: HttpRequest, slug: str) -> HttpResponse:
    """A rights article as a workshop guide for a promoter, with the handout to print for participants."""
    guide = workshop_guide_or_404(slug=slug, language=_language())
    context = {
        "guide": guide,
        "article_url": request.build_absolute_uri(article_path(guide.page.article, _language())),
        "session_url": request.build_absolute_uri(reverse("outreach:session_new")),
    }
    return render(request, "outreach/workshop/guide.html", context)


# --- Staff -----------------------------------------------------------------------------------------


@staff_required(*STAFF_ROLES)
@require_GET
def staff_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.staff_events(request.user), STAFF_PAGE).get_page(request.GET.get("page"))
    return render(request, "outreach/staff/event_list.html", {"page": page, "language": _language()})


def _save(request: HttpRequest, form: EventForm, event: Event | None) -> Event | None:
    if not form.is_valid():
        return None
    try:
        return services.event_save(
            actor=request.user,
            organisation=form.cleaned_data["organisation"],
            data=form.event_input(),
            event=event,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@staff_required(*STAFF_ROLES)
@never_cache
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    organisations = selectors.staff_organisations(request.user)
    form = EventForm(request.POST or None, organisations=organisations, language=_language())
    if request.method == "POST" and (event := _save(request, form, None)) is not None:
        messages.success(request, _("The event was published."))
        return redirect("outreach:staff_edit", pk=event.pk)
    return render(request, "outreach/staff/event_form.html", {"form": form, "event": None})


@staff_required(*STAFF_ROLES)
@never_cache
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    event = get_owned_or_404(user, Event.objects.all(), *STAFF_ROLES, pk=pk)
    organisations = selectors.staff_organisations(request.user).filter(pk=event.organisation_id)
    form = EventForm(
        request.POST or None,
        organisations=organisations,
        language=_language(),
        initial=event_initial(event),
    )
    if request.method == "POST" and _save(request, form, event) is not None:
        messages.success(request, _("The event was saved; subscribed calendars will update."))
        return redirect("outreach:staff_edit", pk=event.pk)
    zone = ZoneInfo(event.time_zone)
    context: dict[str, Any] = {"form": form, "event": event, "zone": zone}
    return render(request, "outreach/staff/event_form.html", context)
