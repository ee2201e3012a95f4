"""HSDS tabular data packages: our own export reads back as the same directory; a broken file is
refused whole, naming the file, the row and the field."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jornada.network.models import Organization, SearchRow
from jornada.network.tests.test_import_hsds import counts, export

pytestmark = pytest.mark.django_db


def package(folder: Path) -> Path:
    """Write the directory as a data package (jornada export_hsds) and return its folder."""
    call_command("export_hsds", str(folder), stdout=io.StringIO())
    return folder


def rewrite(path: Path, row: int, values: dict[str, str]) -> None:
    """Set ``values`` in data row ``row`` (1 is the first under the header, line 2) of a CSV file."""
    with path.open(encoding="utf-8", newline="") as source:
        reader = csv.DictReader(source)
        fields, rows = list(reader.fieldnames or []), list(reader)
    fields += [column for column in values if column not in fields]
    rows[row - 1].update(values)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.usefixtures("directory")
def test_it_reads_back_its_own_export_as_the_same_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Export as CSV, empty the directory, import the package: the same directory; importing again changes nothing."""
    before = export()
    folder = package(tmp_path / "paquete")
    assert (folder / "datapackage.json").is_file()
    assert (folder / "service.csv").is_file()
    Organization.objects.all().delete()
    call_command("import_hsds", str(folder))
    assert export() == before
    assert SearchRow.objects.exists()  # found again by "find help near you"
    first = counts()
    capsys.readouterr()
    call_command("import_hsds", str(folder / "datapackage.json"))
    output = capsys.readouterr().out
    assert counts() == first
    assert "created" not in output
    assert "updated" not in output


UNKNOWN = "5b0f3a47-0000-4000-8000-000000000000"


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize(
    ("table", "row", "values", "expected"),
    [
        ("location.csv", 2, {"latitude": "norte"}, "location.csv fila 3: latitude: debe ser de tipo number"),
        ("service.csv", 1, {"email": "sin-arroba"}, "service.csv fila 2: email: "),
        (
            "phone.csv",
            3,
            {"organization_id": UNKNOWN, "location_id": "", "service_id": ""},
            "phone.csv fila 4: organization_id: no corresponde a ningún registro de este paquete",
        ),
        ("organization.csv", 1, {"name": ""}, "organization.csv fila 2: name: "),
    ],
)
def test_it_refuses_a_broken_package_whole_naming_file_row_and_field(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    table: str,
    row: int,
    values: dict[str, str],
    expected: str,
) -> None:
    """One bad cell refuses the whole package; the error names the file, the row and the column (in Spanish)."""
    folder = package(tmp_path / "paquete")
    Organization.objects.all().delete()
    rewrite(folder / table, row, values)
    with pytest.raises(CommandError, match="refused, nothing imported"):
        call_command("import_hsds", str(folder))
    errors = capsys.readouterr().err
    assert expected in errors, errors
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_it_says_what_is_not_a_data_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A datapackage.json that is not JSON, or lists a CSV file that is missing, is refused by name."""
    (tmp_path / "datapackage.json").write_text("{no", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_hsds", str(tmp_path))
    assert "datapackage.json: no es un descriptor de paquete de datos" in capsys.readouterr().err
    (tmp_path / "datapackage.json").write_text(
        '{"resources": [{"name": "organization", "path": "organization.csv"}]}', encoding="utf-8"
    )
    with pytest.raises(CommandError):
        call_command("import_hsds", str(tmp_path))
    assert (
        "organization.csv: aparece en datapackage.json pero no está en el paquete" in capsys.readouterr().err
    )
