"""The flat search table behind "find help near you": one row per active service at a placed location.

``search_rows_refresh`` derives the rows from the directory; every write to services, locations
or their links calls it for what it touched (``hsds_import``, the admin), and
``jornada network_search_refresh`` rebuilds the whole table. ``search_nearest`` reads it: the
topic's rows (or every service's own row) in a bounding box on the indexed point, the other
filters on the same row, squared flat-earth distance to rank in SQL, then haversine on the few
rows kept.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import ExpressionWrapper, F, FloatField, Q, QuerySet

from jornada.network.gazetteer import Point
from jornada.network.models import SearchRow, Service, ServiceAtLocation, Status

EARTH_RADIUS_KM = 6371.0
SEARCH_RADII_KM = (50, 250, 1500)
# Rows fetched per result wanted: a service given at several nearby places appears once.
CANDIDATES_PER_RESULT = 3
# Beyond the largest box: how many of the nearest rows (by flat distance) haversine re-ranks.
FAR_CANDIDATES = 2000
CHUNK = 500


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in kilometres between two points in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def coded(values: Iterable[str]) -> str:
    """Return ``values`` as the ``|a|b|`` text a search row keeps ('' for none)."""
    kept = sorted({value for value in values if value})
    return f"|{'|'.join(kept)}|" if kept else ""


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def search_rows_refresh(
    *, services: Iterable[uuid.UUID | str] | None = None, locations: Iterable[uuid.UUID | str] | None = None
) -> int:
    """Rebuild the search rows of ``services`` and of every service at ``locations``; return pairs written.

    With neither, the whole table is rebuilt. The caller holds the transaction of the write that
    made the rows stale, so a search never sees a half-rebuilt table.
    """
    if services is None and locations is None:
        SearchRow.objects.all().delete()
        service_ids: list[Any] = list(Service.objects.values_list("pk", flat=True))
    else:
        wanted = {str(pk) for pk in services or ()}
        location_ids = [str(pk) for pk in locations or ()]
        for chunk in _chunks(location_ids):
            wanted.update(
                str(pk)
                for pk in ServiceAtLocation.objects.filter(location_id__in=chunk).values_list(
                    "service_id", flat=True
                )
            )
        service_ids = sorted(wanted)
        for chunk in _chunks(service_ids):
            SearchRow.objects.filter(service_id__in=chunk).delete()
    written = 0
    for chunk in _chunks(service_ids):
        topics: dict[str, list[str]] = {}
        for service_id, code in Service.topics.through.objects.filter(service_id__in=chunk).values_list(
            "service_id", "category__code"
        ):
            topics.setdefault(str(service_id), []).append(code)
        links = (
            ServiceAtLocation.objects.filter(
                service_id__in=chunk,
                service__status=Status.ACTIVE,
                location__search_latitude__isnull=False,
                location__search_longitude__isnull=False,
            )
            .values_list(
                "service_id",
                "location_id",
                "location__search_latitude",
                "location__search_longitude",
                "service__languages",
                "service__free",
            )
            .order_by("service_id", "location_id")
        )
        rows = [
            SearchRow(
                topic=topic,
                service_id=service_id,
                location_id=location_id,
                latitude=latitude,
                longitude=longitude,
                languages=coded(languages or []),
                free=free,
            )
            for service_id, location_id, latitude, longitude, languages, free in links
            if latitude is not None and longitude is not None  # filtered in SQL; for the type checker
            for topic in ("", *sorted(set(topics.get(str(service_id), []))))
        ]
        SearchRow.objects.bulk_create(rows, batch_size=CHUNK)
        written += sum(1 for row in rows if not row.topic)
    return written


def search_filtered(topic: str, language: str, free_only: bool) -> QuerySet[SearchRow]:
    """The search rows that match the filters, each tested on the row itself (no join)."""
    found = SearchRow.objects.filter(topic=topic)  # '' is every service's own row
    if language:
        found = found.filter(languages__contains=f"|{language}|")
    if free_only:
        found = found.filter(free=True)
    return found


def bounding_box(point: Point, radius_km: float) -> Q:
    """Return a filter on search rows within ``radius_km`` of ``point`` (a little more)."""
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(math.cos(math.radians(point.latitude)), 0.01))
    box = Q(latitude__gte=point.latitude - dlat, latitude__lte=point.latitude + dlat)
    west, east = point.longitude - dlon, point.longitude + dlon
    if dlon >= 180:
        return box
    if west < -180:
        return box & (Q(longitude__gte=west + 360) | Q(longitude__lte=east))
    if east > 180:
        return box & (Q(longitude__gte=west) | Q(longitude__lte=east - 360))
    return box & Q(longitude__gte=west, longitude__lte=east)


def search_nearest(found: QuerySet[SearchRow], point: Point, limit: int) -> list[tuple[float, str, str]]:
    """Return (distance, service id, location id) of the nearest services in ``found``, one location each.

    Boxes grow until ``limit`` services are found inside the radius; past the largest, the
    nearest rows anywhere are ranked.
    """
    # Squared flat-earth distance, enough to rank in SQL; haversine re-ranks the few kept.
    scale = math.cos(math.radians(point.latitude)) ** 2
    flat = ExpressionWrapper(
        (F("latitude") - point.latitude) * (F("latitude") - point.latitude)
        + (F("longitude") - point.longitude) * (F("longitude") - point.longitude) * scale,
        output_field=FloatField(),
    )
    best: dict[str, tuple[float, str, str]] = {}
    for radius in (*SEARCH_RADII_KM, None):
        within = found if radius is None else found.filter(bounding_box(point, radius))
        wanted = FAR_CANDIDATES if radius is None else limit * CANDIDATES_PER_RESULT
        rows = (
            within.annotate(flat=flat)
            .order_by("flat")
            .values_list("service_id", "location_id", "latitude", "longitude")[:wanted]
        )
        best = {}
        for service_id, location_id, lat, lon in rows:
            distance = haversine_km(point.latitude, point.longitude, lat, lon)
            key = str(service_id)
            if (radius is None or distance <= radius) and (key not in best or distance < best[key][0]):
                best[key] = (distance, key, str(location_id))
        if len(best) >= limit:
            break
    return sorted(best.values())[:limit]
