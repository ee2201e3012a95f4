"""A main file's cases are written in chunks while it is read: the result is the same as all at once."""

from pathlib import Path

import pytest

from jornada.directory.models import Agent, Case, CaseEmployer, Employer
from jornada.directory.services.importers import main_files
from jornada.directory.services.imports import dol_file_import
from jornada.directory.tests.helpers import H2A_HEADER, h2a_row, write_csv

pytestmark = pytest.mark.django_db

ASSOCIATION = "H-300-17047-939280"


def _rows(**changes: object) -> list[dict[str, object]]:
    """An association's application whose rows are scattered among other cases' (members first)."""
    sub = {"PRIMARY/SUB": "SUB"}
    return [
        h2a_row(ASSOCIATION, "Ligon Farms LLC", "VA", NBR_WORKERS_CERTIFIED=4, **sub),
        h2a_row("H-300-17001-000001", "Huertas del Sur", "GA"),
        h2a_row("H-300-17001-000002", "Campos Verdes", "GA"),
        h2a_row(
            ASSOCIATION,
            "Virginia Growers Association",
            "VA",
            **{
                "NBR_WORKERS_CERTIFIED": 20,
                "AGENT_ATTORNEY_NAME": "Ana Ruiz",
                "JOB_TITLE": "Tobacco worker",
                **changes,
            },
        ),
        h2a_row("H-300-17001-000003", "Rancho Grande", "GA"),
        h2a_row(ASSOCIATION, "Moser Farms", "VA", NBR_WORKERS_CERTIFIED=4, **sub),
        h2a_row("H-300-17001-000004", "Ligon Farms", "VA"),
    ]


def _import(folder: Path, rows: list[dict[str, object]], *, name: str, force: bool = False):  # type: ignore[no-untyped-def]
    return dol_file_import(path=write_csv(folder / name, H2A_HEADER, rows), force=force)


def _stored() -> dict[str, object]:
    """What the file left, without ids or times."""
    return {
        "cases": sorted(
            Case.objects.values_list("case_number", "job_title", "workers_certified", "agent__name")
        ),
        "links": sorted(
            CaseEmployer.objects.values_list(
                "case__case_number",
                "employer__name",
                "employer_name__name",
                "occurrence",
                "role",
                "workers_certified",
            )
        ),
        "employers": sorted(Employer.objects.values_list("name", "cases_count", "workers_certified")),
    }


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main_files, "WRITE_EVERY", 2)


def test_chunks_store_what_one_write_stores(tmp_path, small_chunks, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    chunked = _import(tmp_path, _rows(), name="H-2A_Disclosure_Data_FY2017.csv")
    in_chunks = _stored()
    assert (chunked.created, chunked.updated, chunked.deleted) == (5 + 7, 0, 0)

    CaseEmployer.objects.all().delete()
    Case.objects.all().delete()
    Employer.objects.all().delete()
    Agent.objects.all().delete()
    monkeypatch.setattr(main_files, "WRITE_EVERY", 10**9)
    whole = _import(tmp_path, _rows(), name="H-2A_Disclosure_Data_FY2017.csv", force=True)

    assert _stored() == in_chunks
    assert (whole.created, whole.updated, whole.deleted) == (chunked.created, 0, 0)


def test_a_case_written_before_its_last_rows_is_completed(tmp_path, small_chunks) -> None:  # type: ignore[no-untyped-def]
    """The association's own row (and its agent) comes after its members' rows were written."""
    _import(tmp_path, _rows(), name="H-2A_Disclosure_Data_FY2017.csv")

    case = Case.objects.get(case_number=ASSOCIATION)
    assert (case.job_title, case.workers_certified, case.agent.name) == ("Tobacco worker", 20, "Ana Ruiz")
    links = CaseEmployer.objects.filter(case=case)
    assert sorted(links.values_list("employer__name", "role")) == [
        ("Ligon Farms LLC", "sub"),
        ("Moser Farms", "sub"),
        ("Virginia Growers Association", "primary"),
    ]


def test_chunked_files_import_again_without_change(tmp_path, small_chunks) -> None:  # type: ignore[no-untyped-def]
    _import(tmp_path, _rows(), name="H-2A_Disclosure_Data_FY2017.csv")
    before = _stored()

    again = _import(tmp_path, _rows(), name="H-2A_Disclosure_Data_FY2017.csv", force=True)

    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert _stored() == before


def test_a_later_quarter_updates_a_scattered_case_once(tmp_path, small_chunks) -> None:  # type: ignore[no-untyped-def]
    _import(tmp_path, _rows(), name="H-2A_Disclosure_Data_FY2017_Q3.csv")

    later = _import(
        tmp_path, _rows(JOB_TITLE="Tobacco and hay worker"), name="H-2A_Disclosure_Data_FY2017_Q4.csv"
    )

    assert (later.created, later.updated, later.deleted) == (0, 1, 0)
    assert Case.objects.get(case_number=ASSOCIATION).job_title == "Tobacco and hay worker"


def test_a_later_quarter_drops_a_link_of_a_scattered_case(tmp_path, small_chunks) -> None:  # type: ignore[no-untyped-def]
    """Links are dropped once every row is in, not when a chunk holds only some of a case's rows."""
    _import(tmp_path, _rows(), name="H-2A_Disclosure_Data_FY2017_Q3.csv")
    without_moser = [row for row in _rows() if row["EMPLOYER_NAME"] != "Moser Farms"]

    later = _import(tmp_path, without_moser, name="H-2A_Disclosure_Data_FY2017_Q4.csv")

    assert (later.created, later.updated, later.deleted) == (0, 0, 1)
    names = CaseEmployer.objects.filter(case__case_number=ASSOCIATION).values_list(
        "employer__name", flat=True
    )
    assert sorted(names) == ["Ligon Farms LLC", "Virginia Growers Association"]
    assert Employer.objects.get(name="Moser Farms").cases_count == 0
