"""Reads of the directory: "find help near you" by distance, topic, language and cost.

Distance search: a bounding box in SQL (an indexed range on latitude, a range on longitude)
narrows the candidates on SQLite and PostgreSQL alike, then the haversine distance in Python orders
them. The box grows until enough results are found. A confidential location is searched at its
coarse point and shown without address, coordinates or distance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, ExpressionWrapper, F, FloatField, OuterRef, Q, QuerySet
from django.utils import timezone

from jornada.core.models import Organisation
from jornada.network.gazetteer import Point
from jornada.network.hours import hours_text, open_now
from jornada.network.models import (
    Location,
    LocationType,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Status,
    TrustedReferral,
)
from jornada.vocabulary.languages import language_name

EARTH_RADIUS_KM = 6371.0
SEARCH_RADII_KM = (50, 250, 1500, 5000)
# Rows fetched per result wanted: a service given at several nearby places appears once.
CANDIDATES_PER_RESULT = 3
# A topic with no more placed services than this is ranked whole rather than box by box.
SMALL_SET = 1500
MAX_RESULTS = 15
MAX_REMOTE = 5


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in kilometres between two points in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(point: Point, radius_km: float) -> Q:
    """Return a filter on the search point of locations within ``radius_km`` (a little more)."""
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(math.cos(math.radians(point.latitude)), 0.01))
    box = Q(
        location__search_latitude__gte=point.latitude - dlat,
        location__search_latitude__lte=point.latitude + dlat,
    )
    west, east = point.longitude - dlon, point.longitude + dlon
    if dlon >= 180:
        return box
    if west < -180:
        return box & (Q(location__search_longitude__gte=west + 360) | Q(location__search_longitude__lte=east))
    if east > 180:
        return box & (Q(location__search_longitude__gte=west) | Q(location__search_longitude__lte=east - 360))
    return box & Q(location__search_longitude__gte=west, location__search_longitude__lte=east)


@dataclass(frozen=True)
class PhoneLink:
    number: str
    dial: str
    whatsapp: str
    description: str


@dataclass(frozen=True)
class HelpResult:
    """One service as the results list shows it: nothing of a confidential place's whereabouts."""

    service_id: str
    name: str
    organization: str
    kind: str
    summary: str
    free: bool
    fictional: bool
    confidential: bool
    place: str
    distance_km: int | None
    phones: list[PhoneLink] = field(default_factory=list)
    hours: list[str] = field(default_factory=list)
    open_now: bool | None = None
    languages: list[str] = field(default_factory=list)


def _filtered(
    topic: str, language: str, free_only: bool, *, topic_first: bool = False
) -> QuerySet[ServiceAtLocation]:
    found = ServiceAtLocation.objects.filter(service__status=Status.ACTIVE)
    if topic and topic_first:
        found = found.filter(service__topics__code=topic)
    elif topic:
        # A per-row test, not a join: the database then starts from the place (the indexed
        # bounding box) instead of from every service with the topic.
        topics = Service.topics.through.objects.filter(
            service_id=OuterRef("service_id"), category__code=topic
        )
        found = found.filter(Exists(topics))
    if language:
        # JSON text of the list, the same on SQLite and PostgreSQL: ["es", "mixteco"].
        found = found.filter(service__languages__icontains=f'"{language}"')
    if free_only:
        found = found.filter(service__free=True)
    return found


def _all_by_distance(
    found: QuerySet[ServiceAtLocation], point: Point, limit: int
) -> list[tuple[float, str, str]]:
    """Rank every row of a small filtered set by haversine distance (no bounding box needed)."""
    best: dict[str, tuple[float, str, str]] = {}
    rows = found.values_list(
        "service_id", "location_id", "location__search_latitude", "location__search_longitude"
    )
    for service_id, location_id, lat, lon in rows:
        if lat is None or lon is None:
            continue
        distance = haversine_km(point.latitude, point.longitude, lat, lon)
        key = str(service_id)
        if key not in best or distance < best[key][0]:
            best[key] = (distance, key, str(location_id))
    return sorted(best.values())[:limit]


def _nearest(found: QuerySet[ServiceAtLocation], point: Point, limit: int) -> list[tuple[float, str, str]]:
    """Return (distance, service id, location id) of the nearest services, one location each."""
    best: dict[str, tuple[float, str, str]] = {}
    # Squared flat-earth distance, enough to rank within a box in SQL; haversine re-ranks the few kept.
    scale = math.cos(math.radians(point.latitude)) ** 2
    flat = ExpressionWrapper(
        (F("location__search_latitude") - point.latitude) * (F("location__search_latitude") - point.latitude)
        + (F("location__search_longitude") - point.longitude)
        * (F("location__search_longitude") - point.longitude)
        * scale,
        output_field=FloatField(),
    )
    for radius in SEARCH_RADII_KM:
        rows = (
            found.filter(bounding_box(point, radius))
            .annotate(flat=flat)
            .order_by("flat")
            .values_list(
                "service_id", "location_id", "location__search_latitude", "location__search_longitude"
            )[: limit * CANDIDATES_PER_RESULT]
        )
        best = {}
        for service_id, location_id, lat, lon in rows:
            if lat is None or lon is None:
                continue
            distance = haversine_km(point.latitude, point.longitude, lat, lon)
            key = str(service_id)
            if distance <= radius and (key not in best or distance < best[key][0]):
                best[key] = (distance, str(service_id), str(location_id))
        if len(best) >= limit:
            break
    return sorted(best.values())[:limit]


@dataclass
class _Page:
    """The records one page of results shows, each read in one query."""

    services: dict[str, Service]
    locations: dict[str, Location]
    phones: dict[str, list[Phone]]
    schedules: dict[str, list[Schedule]]

    def phones_of(self, *keys: object) -> list[Phone]:
        return [phone for key in keys if key for phone in self.phones.get(str(key), [])]

    def schedules_of(self, *keys: object) -> list[Schedule]:
        return [schedule for key in keys if key for schedule in self.schedules.get(str(key), [])]


def _details(service_ids: list[str], location_ids: list[str]) -> _Page:
    services = {
        str(s.pk): s for s in Service.objects.filter(pk__in=service_ids).select_related("organization")
    }
    locations = {str(loc.pk): loc for loc in Location.objects.filter(pk__in=location_ids)}
    organization_ids = {service.organization_id for service in services.values()}
    page = _Page(services, locations, {}, {})
    phones = Phone.objects.filter(
        Q(service_id__in=service_ids)
        | Q(location_id__in=location_ids)
        | Q(organization_id__in=organization_ids)
    ).order_by("-whatsapp", "number")
    for phone in phones:
        owner = phone.service_id or phone.location_id or phone.organization_id
        page.phones.setdefault(str(owner), []).append(phone)
    schedules = Schedule.objects.filter(Q(service_id__in=service_ids) | Q(location_id__in=location_ids))
    for schedule in schedules:
        page.schedules.setdefault(str(schedule.service_id or schedule.location_id), []).append(schedule)
    return page


def _result(
    page: _Page, service: Service, location: Location | None, distance: float | None, now: datetime
) -> HelpResult:
    location_id = location.pk if location else None
    schedules = page.schedules_of(service.pk, location_id)
    phones = page.phones_of(location_id, service.pk, service.organization_id)
    confidential = bool(location and location.confidential)
    place = ""
    if location and not confidential:
        place = ", ".join(
            part for part in (location.address_1, location.city, location.state_province) if part
        )
    seen: set[str] = set()
    links = []
    for phone in phones:
        if phone.dial() in seen:
            continue
        seen.add(phone.dial())
        links.append(
            PhoneLink(
                phone.number,
                phone.dial(),
                phone.whatsapp_number() if phone.whatsapp else "",
                phone.description,
            )
        )
    return HelpResult(
        service_id=str(service.pk),
        name=service.name,
        organization=service.organization.name,
        kind=service.organization.get_kind_display(),
        summary=service.summary or service.description.split("\n")[0][:160],
        free=service.free,
        fictional=service.organization.is_fictional,
        confidential=confidential,
        place=place,
        distance_km=None if distance is None or confidential else round(distance),
        phones=links[:3],
        hours=[text for text in (hours_text(schedule) for schedule in schedules) if text],
        open_now=open_now(schedules, timezone_name=location.timezone if location else "UTC", now=now),
        languages=[language_name(key) for key in service.languages],
    )


def help_find(
    *,
    point: Point | None,
    topic: str = "",
    language: str = "",
    free_only: bool = False,
    now: datetime | None = None,
    limit: int = MAX_RESULTS,
) -> list[HelpResult]:
    """Return active services matching the filters, nearest first when a point is given."""
    now = now or timezone.now()
    found = _filtered(topic, language, free_only)
    placed = Q(location__search_latitude__isnull=False)
    # A topic with few services anywhere: ranking them all beats searching ever larger boxes.
    few = _filtered(topic, language, free_only, topic_first=True).filter(placed) if topic else None
    if point is not None and few is not None and not few[SMALL_SET : SMALL_SET + 1].exists():
        nearest = _all_by_distance(few, point, limit)
    elif point is not None:
        nearest = _nearest(found.filter(placed), point, limit)
    else:
        rows = found.order_by("service__organization__name", "service__name").values_list(
            "service_id", "location_id"
        )
        nearest, seen = [], set()
        for service_id, location_id in rows[: limit * 4]:
            if str(service_id) not in seen:
                seen.add(str(service_id))
                nearest.append((-1.0, str(service_id), str(location_id)))
        nearest = nearest[:limit]
    page = _details([row[1] for row in nearest], [row[2] for row in nearest])
    return [
        _result(
            page,
            page.services[service_id],
            page.locations.get(location_id),
            None if distance < 0 else distance,
            now,
        )
        for distance, service_id, location_id in nearest
        if service_id in page.services
    ]


def help_remote(
    *, topic: str = "", language: str = "", free_only: bool = False, now: datetime | None = None
) -> list[HelpResult]:
    """Return active services given at a virtual location (hotlines, online): no place to visit."""
    now = now or timezone.now()
    virtual = _filtered(topic, language, free_only).filter(location__location_type=LocationType.VIRTUAL)
    ids = list(
        dict.fromkeys(
            str(pk)
            for pk in virtual.order_by("service__name").values_list("service_id", flat=True)[: MAX_REMOTE * 2]
        )
    )[:MAX_REMOTE]
    page = _details(ids, [])
    return [_result(page, page.services[pk], None, None, now) for pk in ids if pk in page.services]


def trusted_referrals(
    organisation: Organisation, *, topics: list[str] | None = None, place: str = ""
) -> list[TrustedReferral]:
    """Return the organisation's own trusted partners, those for ``topics`` and ``place`` first.

    An entry without topic or place fits any; a place matches its country too (``US-NC`` fits ``US``).
    """
    entries = list(
        TrustedReferral.objects.filter(organisation=organisation).select_related(
            "partner", "topic", "added_by"
        )
    )

    def fit(entry: TrustedReferral) -> tuple[int, str]:
        topic_fits = entry.topic is None or (topics is not None and entry.topic.code in topics)
        place_fits = not entry.place or (
            bool(place) and (place == entry.place or place.startswith(f"{entry.place}-"))
        )
        return (-(int(topic_fits) + int(place_fits)), entry.partner.name)

    return sorted(entries, key=fit)
