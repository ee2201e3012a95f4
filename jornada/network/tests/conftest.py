"""Fixtures of the directory tests: the demo directory, a confidential shelter, a small gazetteer."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from jornada.network.demo import demo_records
from jornada.network.gazetteer import fold
from jornada.network.hsds import derived_id
from jornada.network.imports import hsds_import
from jornada.network.models import GazetteerKind, GazetteerPlace

SHELTER_ADDRESS = "742 Evergreen Refuge Road"
SHELTER_LATITUDE = 35.912345
SHELTER_LONGITUDE = -79.054321
SHELTER_ID = derived_id("test", "shelter")
STANDARDS_HELP = (
    "the shared HSDS 3.0 schemas (../shared/standards/hsds-3.0 or JORNADA_SHARED_STANDARDS) are absent"
)


def shelter_record() -> dict[str, Any]:
    """A confidential shelter with a distinctive address and point, to search every response for."""
    location_id = derived_id("test", "shelter location")
    service_id = derived_id("test", "shelter service")
    return {
        "id": SHELTER_ID,
        "name": "Refugio de Prueba (ficticio)",
        "description": "Test shelter.",
        "jornada_kind": "shelter",
        "locations": [
            {
                "id": location_id,
                "location_type": "physical",
                "name": "Refugio Evergreen",
                "latitude": SHELTER_LATITUDE,
                "longitude": SHELTER_LONGITUDE,
                "jornada_confidential": True,
                "jornada_timezone": "America/New_York",
                "phones": [{"id": derived_id("test", "shelter phone"), "number": "+1 919 555 0199"}],
                "addresses": [
                    {
                        "id": derived_id("test", "shelter address"),
                        "address_1": SHELTER_ADDRESS,
                        "city": "Chapel Hill",
                        "state_province": "NC",
                        "postal_code": "27516",
                        "country": "US",
                        "address_type": "physical",
                    }
                ],
            }
        ],
        "services": [
            {
                "id": service_id,
                "name": "Safe house",
                "description": "A safe place to stay.",
                "status": "active",
                "languages": [{"id": derived_id(service_id, "es"), "code": "es"}],
                "service_at_locations": [
                    {"id": derived_id("test", "shelter link"), "location_id": location_id}
                ],
            }
        ],
    }


def shelter_secrets() -> list[str]:
    """Every spelling of the shelter's whereabouts a response could leak."""
    found = [SHELTER_ADDRESS, "Evergreen", "27516", "Chapel Hill"]
    for value in (SHELTER_LATITUDE, SHELTER_LONGITUDE):
        found += [str(value), f"{value:.4f}", f"{value:.3f}", f"{value:.2f}", f"{value:.1f}"]
    return found


@pytest.fixture
def directory(db: None) -> None:
    """The demo directory plus the test shelter."""
    hsds_import(data=[*demo_records(), shelter_record()], source="test")


@pytest.fixture
def gazetteer(db: None) -> None:
    """A few places: ZIP codes, a Mexican postal code, towns (two of the same name)."""
    rows = [
        (GazetteerKind.US_ZIP, "27601", "Raleigh", "NC", "US", 35.7727, -78.6324, 0),
        (GazetteerKind.US_ZIP, "93721", "Fresno", "CA", "US", 36.7377, -119.7846, 0),
        (GazetteerKind.MX_POSTAL, "69800", "Heroica Ciudad de Tlaxiaco", "Oaxaca", "MX", 17.27, -97.68, 0),
        (GazetteerKind.TOWN, "", "Huehuetenango", "", "GT", 15.3197, -91.4709, 100000),
        (GazetteerKind.TOWN, "", "Raleigh", "NC", "US", 35.7796, -78.6382, 400000),
        (GazetteerKind.TOWN, "", "Toledo", "OH", "US", 41.6528, -83.5379, 270000),
        (GazetteerKind.TOWN, "", "Toledo", "", "BZ", 16.1, -88.8, 800),
    ]
    GazetteerPlace.objects.bulk_create(
        GazetteerPlace(
            kind=kind, code=code, name=name, folded=fold(name), region=region, country=country,
            latitude=lat, longitude=lon, population=population,
        )
        for kind, code, name, region, country, lat, lon, population in rows
    )  # fmt: skip


def standards_dir() -> Path | None:
    configured = os.environ.get("JORNADA_SHARED_STANDARDS")
    path = Path(configured) if configured else Path(__file__).resolve().parents[4] / "shared" / "standards"
    return path / "hsds-3.0" if (path / "hsds-3.0").is_dir() else None


@pytest.fixture(scope="session")
def hsds_schemas() -> Path:
    """The shared HSDS 3.0 JSON Schemas; skips (or fails in CI) when absent."""
    path = standards_dir()
    if path is None:
        if os.environ.get("JORNADA_REQUIRE_SHARED_DATA"):
            pytest.fail(f"JORNADA_REQUIRE_SHARED_DATA is set but {STANDARDS_HELP}")
        pytest.skip(STANDARDS_HELP)
    return path


def load_schema(folder: Path, name: str) -> dict[str, Any]:
    return json.loads((folder / name).read_text())
