"""``dol_file_import`` around the rows: what it leaves of the process it runs in."""

import gc
from pathlib import Path

import pytest

from jornada.directory.services import importers
from jornada.directory.services.importers import main_files
from jornada.directory.services.imports import ImportFailed, dol_file_import
from jornada.directory.tests.helpers import H2A_HEADER, h2a_row, write_csv

pytestmark = pytest.mark.django_db


def _file(folder: Path, name: str = "H-2A_Disclosure_Data_FY2017_Q4.csv") -> Path:
    return write_csv(folder / name, H2A_HEADER, [h2a_row("H-300-17001-000001", "Huertas del Sur")])


@pytest.mark.parametrize("enabled", [True, False], ids=["collection on", "collection off"])
def test_it_pauses_garbage_collection_and_leaves_it_as_it_was(tmp_path, enabled, monkeypatch):
    seen = []
    real = importers.MainFileImporter.finish

    def finish(self):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        real(self)

    monkeypatch.setattr(importers.MainFileImporter, "finish", finish)
    (gc.enable if enabled else gc.disable)()
    try:
        dol_file_import(path=_file(tmp_path))
        after_success = gc.isenabled()
        broken = tmp_path / "H-2A_Disclosure_Data_FY2016.csv"
        broken.write_text("CASE_NUMBER,EMPLOYER_NAME\nH-300-1,X\n")
        with pytest.raises(ImportFailed):
            dol_file_import(path=broken)
        after_failure = gc.isenabled()
    finally:
        gc.enable()

    assert seen == [False]
    assert after_success is after_failure is enabled


def _snapshot() -> dict[str, list[tuple[object, ...]]]:
    """What the files left, without ids or times."""
    from jornada.directory.models import CaseEmployer, CaseRecruiter, Employer, ImportRun, SearchEntry

    return {
        "runs": sorted(ImportRun.objects.values_list("file_name", "rows_read", "records_created")),
        "employers": sorted(Employer.objects.values_list("name", "slug", "cases_count", "workers_certified")),
        "links": sorted(
            CaseEmployer.objects.values_list("case__case_number", "employer__slug", "occurrence", "role")
        ),
        "recruiters": sorted(
            CaseRecruiter.objects.values_list("case__case_number", "recruiter__name", "people")
        ),
        "entries": sorted(SearchEntry.objects.values_list("kind", "slug", "text", "states", "activities")),
    }


def test_files_read_here_import_as_files_read_in_a_child(tmp_path, monkeypatch):
    """Where fork is not available, the same shaping runs in this process, with the same result."""
    from jornada.directory.dol import background
    from jornada.directory.models import Case, Employer, ImportRun, Recruiter, SearchEntry
    from jornada.directory.tests.test_appendix_c import HEADER as APPENDIX_C
    from jornada.directory.tests.test_appendix_c import ROWS as RECRUITERS
    from jornada.directory.tests.test_main_file_chunks import _rows as scattered

    if not background.background_available():
        pytest.skip("this system cannot fork")
    monkeypatch.setattr(main_files, "WRITE_EVERY", 2)
    main = write_csv(tmp_path / "H-2A_Disclosure_Data_FY2017.csv", H2A_HEADER, scattered())
    appendix = write_csv(tmp_path / "H-2B_Appendix_C_FY2022_Q2.csv", APPENDIX_C, RECRUITERS)
    dol_file_import(path=main)
    dol_file_import(path=appendix)
    in_a_child = _snapshot()
    for model in (Case, Employer, Recruiter, SearchEntry, ImportRun):
        model.objects.all().delete()

    monkeypatch.setattr(background, "background_available", lambda: False)
    dol_file_import(path=main)
    dol_file_import(path=appendix)

    assert _snapshot() == in_a_child
    assert len(in_a_child["employers"]) == 6  # "Ligon Farms" and "Ligon Farms LLC" are one
    assert len(in_a_child["recruiters"]) == 4
