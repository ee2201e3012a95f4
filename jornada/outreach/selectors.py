"""Reads for outreach: the public calendar, one event, the feeds' events, staff's own events."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jornada.core.access import organisations_of
from jornada.core.models import Organisation
from jornada.network.gazetteer import Point
from jornada.network.search import haversine_km
from jornada.outreach.ical import FeedEvent, FeedSlot
from jornada.outreach.models import Campaign, Event, EventSlot, Occurrence, SlotTombstone, place_line
from jornada.vocabulary.models import Category

CALENDAR_PAGE = 20
# How long a past event stays in the feeds, so subscribers see a late cancellation or change.
FEED_PAST = timedelta(days=90)
# How far ahead a feed looks: the coming year, as a subscriber's calendar shows it.
FEED_AHEAD = timedelta(days=366)
FEED_LIMIT = 2000
STAFF_ROLES = ("org_admin", "supervisor", "advocate")


# The distances a visitor may choose for "near a place", in kilometres.
NEAR_DISTANCES_KM = (10, 25, 50, 100, 200)
NEAR_DEFAULT_KM = 50


@dataclass(frozen=True)
class CalendarFilters:
    state: str = ""
    town: str = ""
    kind: str = ""
    topic: str = ""
    # A point found in the partner network's gazetteer (postal code or town), and how far from it.
    near: Point | None = None
    distance_km: int = NEAR_DEFAULT_KM


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
    if filters.near is not None:
        return _near_page(found, filters.near, filters.distance_km, number)
    found = found.select_related("event", "event__place", "event__organisation").order_by("starts_at", "pk")
    return Paginator(found, CALENDAR_PAGE).get_page(number)


def _near_page(found: QuerySet[Occurrence], point: Point, distance_km: int, number: Any) -> Page:
    """Return one page of the occurrences within ``distance_km`` of ``point``, nearest (then soonest) first.

    A box around the point narrows the rows in SQL (an index range on the occurrences' copied
    latitude); the great-circle distance, in Python, orders what is left. Each occurrence on the
    page carries ``distance_km``.
    """
    dlat = distance_km / 111.0
    dlon = distance_km / (111.0 * max(math.cos(math.radians(point.latitude)), 0.01))
    box = found.filter(
        latitude__gte=point.latitude - dlat,
        latitude__lte=point.latitude + dlat,
        longitude__gte=point.longitude - dlon,
        longitude__lte=point.longitude + dlon,
    )
    # Soonest first from SQL, then a stable sort by whole kilometres: nearest first, soonest first
    # among the equally near. Only numbers cross over (thousands of dates to parse cost more
    # than the query).
    rows = box.order_by("starts_at", "pk").values_list("pk", "latitude", "longitude")
    ranked = []
    for pk, latitude, longitude in rows:
        distance = haversine_km(point.latitude, point.longitude, latitude or 0.0, longitude or 0.0)
        if distance <= distance_km:
            ranked.append((round(distance), pk, distance))
    ranked.sort(key=lambda row: row[0])
    page = Paginator(ranked, CALENDAR_PAGE).get_page(number)
    shown = Occurrence.objects.select_related("event", "event__place", "event__organisation").in_bulk(
        [pk for _rounded, pk, _distance in page.object_list]
    )
    occurrences = []
    for _rounded, pk, distance in page.object_list:
        occurrence = shown[pk]
        occurrence.distance_km = distance  # type: ignore[attr-defined]
        occurrences.append(occurrence)
    page.object_list = occurrences  # type: ignore[assignment]
    return page


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
    language: str,
    organisation: Organisation | None = None,
    state: str = "",
    campaign: Campaign | None = None,
    topic: str = "",
    uid: Any = None,
    now: datetime | None = None,
) -> list[FeedEvent]:
    """Return what a calendar feed publishes: events not over for long, cancelled ones included.

    An event is in when one of its occurrences falls between ``FEED_PAST`` ago and
    ``FEED_AHEAD`` from now (a series that began years ago included), or when a slot removed
    from it is still to be published as cancelled. Read as plain values in five queries,
    whatever the number of events: the feeds write them as text (``jornada.outreach.ical``).
    """
    moment = now or timezone.now()
    window = Occurrence.objects.filter(
        event=OuterRef("pk"), ends_at__gte=moment - FEED_PAST, starts_at__lte=moment + FEED_AHEAD
    )
    removed = SlotTombstone.objects.filter(event=OuterRef("pk"), until__gte=moment)
    found = Event.objects.filter(Exists(window) | Exists(removed))
    if uid is not None:
        found = Event.objects.filter(uid=uid)
    if organisation is not None:
        co_organised = Event.co_organisers.through.objects.filter(organisation_id=organisation.pk)
        found = found.filter(Q(organisation=organisation) | Q(pk__in=co_organised.values("event_id")))
    if state:
        found = found.filter(state=state)
    if campaign is not None:
        found = found.filter(campaign=campaign)
    if topic:
        found = found.filter(
            Exists(Event.topics.through.objects.filter(event_id=OuterRef("pk"), category__code=topic))
        )
    rows = list(found.order_by("-updated_at", "pk").values(*_FEED_FIELDS)[:FEED_LIMIT])
    ids = [row["pk"] for row in rows]
    slots: dict[int, list[FeedSlot]] = {pk: [] for pk in ids}
    for event_id, position, starts_at, ends_at in (
        EventSlot.objects.filter(event_id__in=ids)
        .order_by("event_id", "position")
        .values_list("event_id", "position", "starts_at", "ends_at")
        .iterator(chunk_size=5000)
    ):
        slots[event_id].append(FeedSlot(position, starts_at, ends_at))
    for tombstone in (
        SlotTombstone.objects.filter(event_id__in=ids, until__gte=moment)
        .order_by("event_id", "position")
        .values("event_id", "position", "starts_at", "ends_at", "rrule", "sequence", "removed_at")
    ):
        slots[tombstone["event_id"]].append(
            FeedSlot(
                tombstone["position"],
                tombstone["starts_at"],
                tombstone["ends_at"],
                removed=True,
                rrule=tombstone["rrule"],
                sequence=tombstone["sequence"],
                removed_at=tombstone["removed_at"],
            )
        )
    labels = _topic_labels(language)
    topics: dict[int, list[str]] = {}
    for event_id, category_id in (
        Event.topics.through.objects.filter(event_id__in=ids)
        .order_by("event_id", "category_id")
        .values_list("event_id", "category_id")
    ):
        topics.setdefault(event_id, []).append(labels[category_id])
    english = language.startswith("en")
    return [
        FeedEvent(
            pk=row["pk"],
            uid=str(row["uid"]),
            title=(english and row["title_en"]) or row["title_es"],
            description=(english and row["description_en"]) or row["description_es"],
            what_to_bring=(english and row["what_to_bring_en"]) or row["what_to_bring_es"],
            time_zone=row["time_zone"],
            rrule=row["rrule"],
            status=row["status"],
            sequence=row["sequence"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            location=(
                place_line(
                    row["place__name"],
                    row["place__address"],
                    row["place__town"],
                    row["place__state"],
                    language,
                )
                if row["place_id"]
                else row["online_url"]
            ),
            latitude=row["place__latitude"],
            longitude=row["place__longitude"],
            topics=topics.get(row["pk"], []),
            slots=slots[row["pk"]],
        )
        for row in rows
    ]


_FEED_FIELDS = (
    "pk", "uid", "title_es", "title_en", "description_es", "description_en", "what_to_bring_es",
    "what_to_bring_en", "time_zone", "rrule", "status", "sequence", "created_at", "updated_at",
    "online_url", "place_id", "place__name", "place__address", "place__town", "place__state",
    "place__latitude", "place__longitude",
)  # fmt: skip


def _topic_labels(language: str) -> dict[int, str]:
    """Return every topic's label for workers in ``language``, by id (the vocabulary is small)."""
    return {category.pk: category.label(language, "worker") for category in Category.objects.all()}


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
