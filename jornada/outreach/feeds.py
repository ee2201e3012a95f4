"""Calendar subscriptions (.ics) for all events, an organisation, a state, a campaign, a topic; Atom for new events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from jornada.core import generations
from jornada.core.access import system_endpoint
from jornada.outreach import selectors
from jornada.outreach.ical import FeedEvent, calendar_build
from jornada.outreach.models import FEEDS_GENERATION, Event
from jornada.vocabulary.models import Category
from jornada.vocabulary.places import PLACE_BY_CODE

ICS_TYPE = "text/calendar; charset=utf-8"
ICS_CACHE_SECONDS = 900


def _language() -> str:
    return (get_language() or "es").split("-")[0]


def _link_of(request: HttpRequest) -> Callable[[FeedEvent], str]:
    """Return the event page's address maker: reverse() once, then the UID put in (700 times a feed)."""
    marker = "00000000-0000-0000-0000-000000000000"
    template = request.build_absolute_uri(reverse("outreach:event", kwargs={"uid": marker}))
    before, _marker, after = template.partition(marker)
    return lambda event: f"{before}{event.uid}{after}"


def _ics(
    request: HttpRequest, events: Callable[[str], list[FeedEvent]], name: str, filename: str
) -> HttpResponse:
    """Answer one calendar, kept until an event changes (or ``ICS_CACHE_SECONDS`` pass)."""
    key = f"ics:{request.get_host()}:{request.path}"
    body = generations.cached(
        FEEDS_GENERATION,
        key,
        lambda: calendar_build(events(_language()), name=name, link_of=_link_of(request)),
        seconds=ICS_CACHE_SECONDS,
    )
    response = HttpResponse(body, content_type=ICS_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    response["Cache-Control"] = f"public, max-age={ICS_CACHE_SECONDS}"
    return response


@system_endpoint
@require_GET
def ics_all(request: HttpRequest) -> HttpResponse:
    return _ics(
        request,
        lambda language: selectors.feed_events(language=language),
        _("Jornada: workers' events"),
        "jornada-eventos",
    )


@system_endpoint
@require_GET
def ics_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_public_or_404(slug)
    name = _("Events of %(organisation)s") % {"organisation": organisation.name}
    return _ics(
        request,
        lambda language: selectors.feed_events(language=language, organisation=organisation),
        name,
        organisation.slug,
    )


@system_endpoint
@require_GET
def ics_state(request: HttpRequest, state: str) -> HttpResponse:
    place = PLACE_BY_CODE.get(state.upper())
    if place is None or "-" not in place.code:
        raise Http404
    name = _("Events in %(state)s") % {"state": place.name(_language())}
    return _ics(
        request,
        lambda language: selectors.feed_events(language=language, state=place.code),
        name,
        place.code.lower(),
    )


@system_endpoint
@require_GET
def ics_campaign(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_or_404(slug)
    return _ics(
        request,
        lambda language: selectors.feed_events(language=language, campaign=campaign),
        campaign.name(_language()),
        campaign.slug,
    )


@system_endpoint
@require_GET
def ics_topic(request: HttpRequest, code: str) -> HttpResponse:
    topic = Category.objects.filter(code=code).first()
    if topic is None:
        raise Http404
    name = _("Events about %(topic)s") % {"topic": topic.label(_language(), "worker")}
    return _ics(
        request, lambda language: selectors.feed_events(language=language, topic=topic.code), name, topic.code
    )


@system_endpoint
@require_GET
def ics_event(request: HttpRequest, uid: str) -> HttpResponse:
    event = selectors.event_public_or_404(uid)
    response = _ics(
        request,
        lambda language: selectors.feed_events(language=language, uid=event.uid),
        event.title(_language()),
        f"evento-{event.uid}",
    )
    response["Content-Disposition"] = f'attachment; filename="evento-{event.uid}.ics"'
    return response


class NewEventsFeed(Feed):
    """Atom: the newest events published on Jornada."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Jornada: new events for workers")

    def subtitle(self) -> str:
        return _("Labor Rights Week, mobile consulates, workshops and clinics as they are published.")

    def link(self) -> str:
        return reverse("outreach:calendar")

    def items(self) -> list[Event]:
        return selectors.events_new()

    def item_title(self, item: Event) -> str:
        return item.title(_language())

    def item_description(self, item: Event) -> str:
        return item.description(_language()) or item.title(_language())

    def item_link(self, item: Event) -> str:
        return reverse("outreach:event", kwargs={"uid": item.uid})

    def item_pubdate(self, item: Event) -> datetime:
        return item.created_at.astimezone(UTC)

    def item_updateddate(self, item: Event) -> datetime:
        return item.updated_at.astimezone(UTC)

    def item_guid(self, item: Event) -> str:
        return f"urn:uuid:{item.uid}"

    item_guid_is_permalink = False


def new_events_atom(request: HttpRequest) -> Any:
    return NewEventsFeed()(request)


system_endpoint(new_events_atom)
