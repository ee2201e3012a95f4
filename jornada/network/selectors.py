"""Reads of the directory: "find help near you" by distance, topic, language and cost.

Distance search reads the flat search table (``network.search``): a bounding box on its indexed
point and the filters on the same row, ranked in SQL, then by haversine in Python; the box grows
until enough results are found. A confidential location is searched at its coarse point and shown
without address, coordinates or distance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
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
from jornada.network.search import search_filtered, search_nearest
from jornada.vocabulary.languages import language_name

MAX_RESULTS = 15
MAX_REMOTE = 5


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


def _filtered(topic: str, language: str, free_only: bool) -> QuerySet[ServiceAtLocation]:
    """Active services at locations matching the filters: the lists that need no distance."""
    found = ServiceAtLocation.objects.filter(service__status=Status.ACTIVE)
    if topic:
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
    # One query per owner column: an OR across columns makes SQLite scan the whole table.
    phones = sorted(
        _by_owner(
            Phone,
            service_id__in=service_ids,
            location_id__in=location_ids,
            organization_id__in=organization_ids,
        ),
        key=lambda phone: (not phone.whatsapp, phone.number),
    )
    for phone in phones:
        owner = phone.service_id or phone.location_id or phone.organization_id
        page.phones.setdefault(str(owner), []).append(phone)
    for schedule in _by_owner(Schedule, service_id__in=service_ids, location_id__in=location_ids):
        page.schedules.setdefault(str(schedule.service_id or schedule.location_id), []).append(schedule)
    return page


def _by_owner(model: type[Any], **owners: Iterable[object]) -> list[Any]:
    """Rows of ``model`` whose owner column is in the given ids, each column read through its own index."""
    found: dict[object, Any] = {}
    for lookup, ids in owners.items():
        ids = list(ids)
        if ids:
            found.update((row.pk, row) for row in model.objects.filter(**{lookup: ids}))
    return list(found.values())


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
    if point is not None:
        nearest = search_nearest(search_filtered(topic, language, free_only), point, limit)
    else:
        rows = (
            _filtered(topic, language, free_only)
            .order_by("service__organization__name", "service__name")
            .values_list("service_id", "location_id")
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
