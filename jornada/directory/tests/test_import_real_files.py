"""The real DOL files in ../shared/data/dol import completely, idempotently and atomically.

The files are imported once for the module (it takes a while) into the test database, and
everything is removed afterwards.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from python_calamine import CalamineWorkbook

from jornada.conftest import SHARED_DATA_HELP, audit_log_purge, shared_data_dir
from jornada.directory.models import (
    Case,
    CaseActivity,
    CaseEmployer,
    CaseHousing,
    CaseRecruiter,
    CaseWorksite,
    Debarment,
    Employer,
    WhdCase,
)
from jornada.directory.search import search
from jornada.directory.services.imports import ImportFailed, ImportResult, dol_file_import

FILES = {
    "H-2A_Disclosure_Data_FY17.xlsx": 12_930,
    "H-2B_Disclosure_Data_FY2019.xlsx": 9_236,
    "H-2A_Addendum_A_Disclosure_Data_FY2022_Q2.xlsx": 28_899,
    "H-2A_Addendum_B_Housing_FY2022_Q2.xlsx": 13_134,
    "H-2B_Appendix_A_FY2022_Q2.xlsx": 29_814,
    "H-2B_Appendix_C_FY2022_Q2.xlsx": 40_887,
    "H-2B_Appendix_D_FY2022_Q2.xlsx": 18,
    "whd_whisard_sample_laborsight_2013.csv": 24,
    "buzzfeed_h2_debarments_2010_2014.csv": 141,
}
RECORD_TABLES = [
    "directory_employer", "directory_employername", "directory_agent", "directory_case", "directory_caseemployer",
    "directory_caseactivity", "directory_casehousing", "directory_caseworksite", "directory_caserecruiter",
    "directory_caseclient", "directory_recruiter", "directory_recruitername", "directory_recruiteroffice",
    "directory_recruiterperson", "directory_whdcase", "directory_debarment", "directory_searchentry",
    "directory_searchword",
]  # fmt: skip


def dol_dir() -> Path:
    folder = shared_data_dir()
    if folder is None:
        if os.environ.get("JORNADA_REQUIRE_SHARED_DATA"):
            pytest.fail(SHARED_DATA_HELP)
        pytest.skip(SHARED_DATA_HELP)
    return folder / "dol"


def fingerprint() -> dict[str, str]:
    """A hash of every row of every directory table: equal fingerprints mean nothing changed."""
    found = {}
    with connection.cursor() as cursor:
        for table in RECORD_TABLES:
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 - fixed table names
            digest = hashlib.sha256()
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
            found[table] = digest.hexdigest()
    return found


# Children before parents, so foreign keys hold at every step.
DELETE_ORDER = [
    "directory_caserecruiter", "directory_caseclient", "directory_caseworksite", "directory_casehousing",
    "directory_caseactivity", "directory_caseemployer", "directory_case", "directory_agent",
    "directory_recruiterperson", "directory_recruiteroffice", "directory_recruitername", "directory_recruiter",
    "directory_whdcase", "directory_debarment", "directory_employername", "directory_employer",
    "directory_searchentry", "directory_searchword",
]  # fmt: skip


def _clean_up() -> None:
    with connection.cursor() as cursor:
        for table in DELETE_ORDER:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        cursor.execute("DELETE FROM directory_importrun")
        # Each committed import queues the alerts' scan for followers: leave no task behind either.
        cursor.execute("DELETE FROM django_tasks_database_dbtaskresult")
    audit_log_purge()


@pytest.fixture(scope="module")
def imported(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[dict[str, ImportResult]]:
    folder = dol_dir()
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        _clean_up()
        results = {name: dol_file_import(path=folder / name) for name in FILES}
        yield results
        _clean_up()


def unique_values(path: Path, column: str) -> int:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    index = rows[0].index(column)
    return len({row[index] for row in rows[1:] if row[index] not in ("", None)})


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "rows"), FILES.items())
def test_it_reads_every_row_of_every_file(imported: dict[str, ImportResult], name: str, rows: int) -> None:
    """Each file is recognised, every row is read, and only rows without an employer are refused."""
    result = imported[name]
    assert result.rows_read == rows
    expected_rejected = 3 if name == "H-2B_Disclosure_Data_FY2019.xlsx" else 0
    assert len(result.rejected) == expected_rejected
    if expected_rejected:
        assert {error.code for error in result.rejected} == {"missing_value"}
        assert result.report is not None
        assert "employer_name" in result.report.read_text()


@pytest.mark.django_db
def test_it_stores_what_the_files_hold(imported: dict[str, ImportResult]) -> None:
    """Counts in the database match the files: one case per case number, one employer row per file row."""
    folder = dol_dir()
    h2a_cases = unique_values(folder / "H-2A_Disclosure_Data_FY17.xlsx", "CASE_NUMBER")
    h2b_cases = unique_values(folder / "H-2B_Disclosure_Data_FY2019.xlsx", "CASE_NUMBER")
    assert Case.objects.filter(fiscal_year=2017, programme="h2a").count() == h2a_cases == 10_097
    assert Case.objects.filter(fiscal_year=2019, programme="h2b").count() == h2b_cases - 3
    assert CaseEmployer.objects.filter(case__fiscal_year=2017).count() == 12_930
    assert CaseEmployer.objects.filter(role="sub").count() == 2_833
    appendix_cases = {
        name: unique_values(folder / name, "CASE_NUMBER")
        for name in ("H-2A_Addendum_A_Disclosure_Data_FY2022_Q2.xlsx", "H-2B_Appendix_C_FY2022_Q2.xlsx")
    }
    assert (
        CaseActivity.objects.values("case").distinct().count()
        == appendix_cases["H-2A_Addendum_A_Disclosure_Data_FY2022_Q2.xlsx"]
    )
    assert (
        CaseRecruiter.objects.values("case").distinct().count()
        == appendix_cases["H-2B_Appendix_C_FY2022_Q2.xlsx"]
    )
    # Identical rows of one case carry no extra information and are stored once.
    assert 0 < CaseActivity.objects.count() <= 28_899
    assert 0 < CaseHousing.objects.count() <= 13_134
    assert 0 < CaseWorksite.objects.count() <= 29_814
    # DOL lists a recruiter once per person: the rows of one case, spelling and office are one
    # link, and every row's person is named on its link.
    assert CaseRecruiter.objects.count() == 12_358
    listed = CaseRecruiter.objects.values_list("people", flat=True)
    assert sum(len(people.splitlines()) for people in listed) == FILES["H-2B_Appendix_C_FY2022_Q2.xlsx"]
    assert WhdCase.objects.count() == 24
    assert Debarment.objects.count() == 141
    assert 7_000 < Employer.objects.count() < 14_000


@pytest.mark.django_db
def test_it_changes_nothing_when_a_file_is_imported_again(imported: dict[str, ImportResult]) -> None:
    """The same file again is skipped; forced to re-read it, every record is found unchanged."""
    folder = dol_dir()
    before = fingerprint()
    again = dol_file_import(path=folder / "H-2A_Disclosure_Data_FY17.xlsx")
    assert again.skipped
    for name in (
        "H-2A_Disclosure_Data_FY17.xlsx",
        "H-2B_Appendix_C_FY2022_Q2.xlsx",
        "whd_whisard_sample_laborsight_2013.csv",
    ):
        forced = dol_file_import(path=folder / name, force=True)
        assert (forced.created, forced.updated, forced.deleted) == (0, 0, 0)
    assert fingerprint() == before


@pytest.mark.django_db
def test_what_an_import_wrote_for_its_new_employers_is_what_a_refresh_computes(
    imported: dict[str, ImportResult],
) -> None:
    """Totals and search entries of the employers a file creates are built from what it wrote,
    not read back (``refresh.NewEmployers``): recomputed from the database, nothing changes."""
    from jornada.directory.services.refresh import employers_refresh

    before = fingerprint()
    employers_refresh(Employer.objects.values_list("id", flat=True))
    assert fingerprint() == before


@pytest.mark.django_db
def test_it_refuses_a_truncated_file_and_writes_nothing(
    imported: dict[str, ImportResult], tmp_path: Path
) -> None:
    """Half of a real workbook fails with a message naming the file; the database is unchanged."""
    source = dol_dir() / "H-2B_Appendix_A_FY2022_Q2.xlsx"
    truncated = tmp_path / "H-2B_Appendix_A_FY2023_Q1.xlsx"
    truncated.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    before = fingerprint()
    with pytest.raises(ImportFailed) as failure:
        dol_file_import(path=truncated)
    assert "H-2B_Appendix_A_FY2023_Q1.xlsx" in failure.value.message
    assert fingerprint() == before


@pytest.mark.django_db
def test_it_finds_a_known_employer_from_a_misspelled_query(imported: dict[str, ImportResult]) -> None:
    """Three typos, no capitals, no punctuation, words out of order: the real employer comes first."""
    results = search("agricultral virgina growrs")
    assert results.hits
    assert results.hits[0].name.startswith("Virginia Agricultural Growers")
    accents = search("asociacion productores ligon farms")
    assert accents.relaxed
    assert any(hit.name == "Ligon Farms LLC" for hit in accents.hits)


@pytest.mark.django_db
def test_it_shows_enforcement_findings_first(
    imported: dict[str, ImportResult], client: pytest.FixtureRequest
) -> None:
    """The WHD case of 'Allen Ragsdale' is linked to 'Ragsdale, Allen S.' and leads his profile."""
    employer = Employer.objects.get(slug="ragsdale-allen-s-va")
    assert employer.has_findings
    page = client.get(f"/es/directory/employers/{employer.slug}/").content.decode()  # type: ignore[attr-defined]
    found = page.index("Lo que encontró el Departamento de Trabajo")
    assert found < page.index("Temporada por temporada")
    assert "H-2A" in page[found : page.index("Temporada por temporada")]


@pytest.mark.django_db
def test_the_import_command_reports_progress_and_a_summary(
    imported: dict[str, ImportResult], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command shows progress, then a summary in the operator's language."""
    copy = tmp_path / "buzzfeed_h2_debarments_2010_2014.csv"
    shutil.copy(dol_dir() / "buzzfeed_h2_debarments_2010_2014.csv", copy)
    call_command("import_debarments", str(copy), "--force")
    out, err = capsys.readouterr()
    assert "141" in err  # progress lines
    assert "141 rows read" in out or "141 filas leídas" in out
    with pytest.raises(CommandError):
        call_command("import_whd", str(copy))
