"""``jornada import_dol`` with several files: each one read and committed in turn."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jornada.directory.dol import DolFile
from jornada.directory.models import Case, ImportRun
from jornada.directory.services import imports
from jornada.directory.tests.helpers import H2A_HEADER, h2a_row, write_csv

pytestmark = pytest.mark.django_db


def _year(folder: Path, year: int, employer: str) -> Path:
    rows = [h2a_row(f"H-300-{year % 100}{number:03d}-000001", f"{employer} {number}") for number in range(3)]
    return write_csv(folder / f"H-2A_Disclosure_Data_FY{year}_Q4.csv", H2A_HEADER, rows)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every file the import starts reading, with how many files had been imported by then."""
    seen: list[tuple[str, int]] = []
    real = imports.open_dol_file

    def spy(path: Path, **options: object) -> DolFile:
        seen.append((Path(path).name, ImportRun.objects.count()))
        return real(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(imports, "open_dol_file", spy)
    return seen


def test_it_reads_each_file_once_the_one_before_it_is_committed(tmp_path, opened):
    """Files are imported one after the other: none is opened while another is being imported."""
    files = [
        _year(tmp_path, 2015, "Huertas"),
        _year(tmp_path, 2016, "Campos"),
        _year(tmp_path, 2017, "Ranchos"),
    ]

    call_command("import_dol", *map(str, files), stdout=StringIO(), stderr=StringIO())

    assert opened == [
        ("H-2A_Disclosure_Data_FY2015_Q4.csv", 0),
        ("H-2A_Disclosure_Data_FY2016_Q4.csv", 1),
        ("H-2A_Disclosure_Data_FY2017_Q4.csv", 2),
    ]
    assert Case.objects.count() == 9
    assert ImportRun.objects.count() == 3


def test_a_file_that_fails_after_being_read_does_not_stop_the_next_one(tmp_path, monkeypatch):
    files = [_year(tmp_path, 2016, "Campos"), _year(tmp_path, 2017, "Ranchos")]
    real = imports.dol_file_import

    def failing_first(**options):  # type: ignore[no-untyped-def]
        if options["path"] == files[0]:
            raise imports.ImportFailed("Campos: no")
        return real(**options)

    monkeypatch.setattr(imports, "dol_file_import", failing_first)
    err = StringIO()
    with pytest.raises(CommandError, match="1 de 2"):
        call_command("import_dol", *map(str, files), stdout=StringIO(), stderr=err)

    assert "Campos: no" in err.getvalue()
    assert set(Case.objects.values_list("fiscal_year", flat=True)) == {2017}


def test_files_already_imported_or_missing_are_never_opened(tmp_path, opened):
    done = _year(tmp_path, 2016, "Campos")
    call_command("import_dol", str(done), stdout=StringIO(), stderr=StringIO())
    opened.clear()
    missing = tmp_path / "H-2A_Disclosure_Data_FY2014_Q4.csv"
    last = _year(tmp_path, 2017, "Ranchos")
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 de 3"):
        call_command("import_dol", str(done), str(missing), str(last), stdout=out, stderr=err)

    assert "ya se import" in out.getvalue()
    assert "H-2A_Disclosure_Data_FY2014_Q4.csv" in err.getvalue()
    assert ImportRun.objects.count() == 2
    # A file skipped or missing is never opened for reading.
    assert opened == [("H-2A_Disclosure_Data_FY2017_Q4.csv", 1)]
