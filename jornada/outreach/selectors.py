"""Reads for outreach: the public calendar, one event, the feeds' events, staff's own events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jornada.core.access import organisations_of
from jornada.core.models import Organisation
from jornada.outreach.models import Campaign, Event, EventSlot, Occurrence

CALENDAR_PAGE = 20
# How long a past event stays in the feeds, so subscribers see a late cancellation or change.
FEED_PAST = timedelta(days=90)
# How far ahead a feed looks: the coming year, as a subscriber's calendar shows it.
FEED_AHEAD = timedelta(days=366)
FEED_LIMIT = 2000
STAFF_ROLES = ("org_admin", "supervisor", "advocate")


@dataclass(frozen=True)
class CalendarFilters:
    state: str = ""
    town: str = ""
    kind: str = ""
    topic: str = ""


def _public_events() -> QuerySet[Event]:
    return Event.objects.select_related("place", "organisation", "campaign")


def calendar_page(*, filters: CalendarFilters, number: Any, now: datetime | None = None) -> Page:
    """Return one page of upcoming occurrences (soonest first) matching ``filters``."""
    found = Occurrence.objects.upcoming(now)
    if filters.state:
        found = found.filter(state=filters.state)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.town:
        found = found.filter(event__place__town__iexact=filters.town.strip())
    if filters.topic:
        found = found.filter(event__topics__code=filters.topic)
    found = found.select_related("event", "event__place", "event__organisation").order_by("starts_at", "pk")
    return Paginator(found, CALENDAR_PAGE).get_page(number)


def event_public_or_404(uid: Any) -> Event:
    """Return the event with calendar identifier ``uid`` and what its page shows, or raise 404."""
    try:
        return _public_events().prefetch_related("co_organisers", "topics", "slots").get(uid=uid)
    except (Event.DoesNotExist, ValueError):
        raise Http404 from None


def event_upcoming_occurrences(
    event: Event, *, limit: int = 20, now: datetime | None = None
) -> list[Occurrence]:
    """Return the event's next occurrences (the page shows the first ``limit``)."""
    return list(event.occurrences.upcoming(now).order_by("starts_at")[:limit])


def feed_events(
    *,
    organisation: Organisation | None = None,
    state: str = "",
    campaign: Campaign | None = None,
    topic: str = "",
    now: datetime | None = None,
) -> list[Event]:
    """Return the events a calendar feed publishes: not over for long, cancelled ones included.

    An event is in when one of its occurrences falls between ``FEED_PAST`` ago and
    ``FEED_AHEAD`` from now (a series that began years ago included).
    """
    moment = now or timezone.now()
    found = Event.objects.filter(
        occurrences__ends_at__gte=moment - FEED_PAST, occurrences__starts_at__lte=moment + FEED_AHEAD
    )
    if organisation is not None:
        found = found.filter(Q(organisation=organisation) | Q(co_organisers=organisation))
    if state:
        found = found.filter(state=state)
    if campaign is not None:
        found = found.filter(campaign=campaign)
    if topic:
        found = found.filter(topics__code=topic)
    ids = found.values("pk").distinct()
    return list(
        _public_events()
        .filter(pk__in=ids)
        .prefetch_related(
            Prefetch("slots", queryset=EventSlot.objects.order_by("position")),
            "topics",
            "co_organisers",
        )
        .order_by("-updated_at", "pk")[:FEED_LIMIT]
    )


def events_new(*, limit: int = 50) -> list[Event]:
    """Return the newest published events, for the Atom feed."""
    return list(_public_events().order_by("-created_at", "-pk")[:limit])


def events_api(
    *, state: str = "", kind: str = "", topic: str = "", organisation: str = "", campaign: str = ""
) -> QuerySet[Event]:
    """Return the events the JSON API lists: with an occurrence not yet over, soonest first."""
    found = Occurrence.objects.upcoming()
    if state:
        found = found.filter(state=state)
    if kind:
        found = found.filter(kind=kind)
    if topic:
        found = found.filter(event__topics__code=topic)
    if organisation:
        found = found.filter(event__organisation__slug=organisation)
    if campaign:
        found = found.filter(event__campaign__slug=campaign)
    return (
        _public_events()
        .filter(pk__in=found.values("event_id"))
        .prefetch_related(
            "topics", "co_organisers", Prefetch("slots", queryset=EventSlot.objects.order_by("position"))
        )
        .order_by("pk")
    )


def organisation_public_or_404(slug: str) -> Organisation:
    try:
        return Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None


def campaign_or_404(slug: str) -> Campaign:
    try:
        return Campaign.objects.select_related("organisation").get(slug=slug)
    except Campaign.DoesNotExist:
        raise Http404 from None


def campaigns() -> list[Campaign]:
    return list(Campaign.objects.all())


# --- Staff -----------------------------------------------------------------------------------------


def staff_organisations(user: Any) -> QuerySet[Organisation]:
    """Return the organisations whose events ``user`` may publish and change."""
    return organisations_of(user, *STAFF_ROLES).order_by("name")


def staff_events(user: Any) -> QuerySet[Event]:
    """Return the events of the organisations ``user`` works for, newest first."""
    return (
        Event.objects.filter(organisation__in=staff_organisations(user))
        .select_related("organisation", "place")
        .order_by("-created_at", "-pk")
    )
