"""`jornada load_gazetteer --sepomex FILE`: Mexican postal codes from SEPOMEX's catalogue as published."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jornada.network import gazetteer
from jornada.network.gazetteer import place_find
from jornada.network.models import GazetteerKind, GazetteerPlace

pytestmark = pytest.mark.django_db
# A few rows in SEPOMEX's own layout: Latin-1, CRLF, the licence line, then the pipe-separated header.
SAMPLE = Path(__file__).parent / "data" / "CPdescarga_muestra.txt"


@pytest.fixture
def no_zip_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The US ZIP codes are not what these tests are about: leave them out to keep the load short."""
    monkeypatch.setattr(gazetteer, "us_zip_rows", lambda: iter(()))


@pytest.mark.usefixtures("no_zip_codes")
def test_it_places_each_postal_code_at_its_town() -> None:
    """Codes of Coahuila de Zaragoza, Michoacán de Ocampo, Mexico City and Oaxaca are placed at their
    towns of the packaged gazetteer; a code repeated for another settlement counts once; a code whose
    town is unknown is left out rather than guessed."""
    out = io.StringIO()
    call_command("load_gazetteer", "--sepomex", str(SAMPLE), stdout=out)
    postal = {place.code: place for place in GazetteerPlace.objects.filter(kind=GazetteerKind.MX_POSTAL)}
    assert sorted(postal) == ["06000", "25000", "25010", "58000", "69800"]
    assert "5 Mexican postal codes" in out.getvalue()
    assert (postal["25000"].name, postal["25000"].region) == ("Saltillo", "Coahuila")
    assert postal["58000"].name == "Morelia"
    # Mexico City's catalogue names the city "Ciudad de México" (GeoNames: "Mexico City"); the
    # borough (municipio) is found instead, a closer point anyway.
    assert (postal["06000"].name, postal["06000"].region) == ("Cuauhtémoc", "Ciudad de México")
    assert postal["69800"].name == "Heroica Ciudad de Tlaxiaco"
    assert round(postal["69800"].latitude, 1) == 17.3
    found = place_find("25000")
    assert found.point is not None
    assert found.point.region == "Coahuila"


def test_it_says_when_the_file_is_missing(tmp_path: Path) -> None:
    """A path that names no file stops the command before the gazetteer is emptied."""
    GazetteerPlace.objects.create(
        kind=GazetteerKind.TOWN, name="Queda", folded="queda", country="MX", latitude=1, longitude=1
    )
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_gazetteer", "--sepomex", str(tmp_path / "CPdescarga.txt"))
    assert GazetteerPlace.objects.filter(name="Queda").exists()
