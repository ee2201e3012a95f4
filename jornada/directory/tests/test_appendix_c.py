"""H-2B Appendix C: recruiters per case, one link per case and office naming the people DOL lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from jornada.core.tests.factories import UserFactory
from jornada.directory.models import CaseRecruiter, Recruiter, RecruiterName
from jornada.directory.services.imports import ImportResult, dol_file_import
from jornada.directory.services.merging import recruiter_split, recruiters_merge
from jornada.directory.tests.helpers import write_csv

pytestmark = pytest.mark.django_db

HEADER = [
    "CASE_NUMBER", "RECRUITER_LAST_NAME", "RECRUITER_FIRST_NAME", "RECRUITER_MIDDLE_NAME", "RECRUITER_EMPLOYER_NAME",
    "RECRUITER_EMPLOYER_CITY", "RECRUITER_EMPLOYER_STATE", "RECRUITER_EMPLOYER_POSTAL_CODE",
    "RECRUITER_EMPLOYER_COUNTRY", "RECRUITER_EMPLOYER_PROVINCE",
]  # fmt: skip
CASE = "H-400-22001-000001"
OTHER_CASE = "H-400-22001-000002"


def _row(case: str, last: str, first: str, organisation: str, city: str = "MONTERREY") -> dict[str, str]:
    return {
        "CASE_NUMBER": case,
        "RECRUITER_LAST_NAME": last,
        "RECRUITER_FIRST_NAME": first,
        "RECRUITER_MIDDLE_NAME": "",
        "RECRUITER_EMPLOYER_NAME": organisation,
        "RECRUITER_EMPLOYER_CITY": city,
        "RECRUITER_EMPLOYER_STATE": "",
        "RECRUITER_EMPLOYER_POSTAL_CODE": "64000",
        "RECRUITER_EMPLOYER_COUNTRY": "MEXICO",
        "RECRUITER_EMPLOYER_PROVINCE": "NUEVO LEON",
    }


def _import(folder: Path, rows: list[dict[str, str]], quarter: int = 2) -> ImportResult:
    return dol_file_import(path=write_csv(folder / f"H-2B_Appendix_C_FY2022_Q{quarter}.csv", HEADER, rows))


ROWS = [
    _row(CASE, "RUIZ", "ANA", "AGENCIA LABORAL DEL NORTE"),
    _row(CASE, "PAZ", "LUIS", "AGENCIA LABORAL DEL NORTE"),
    _row(CASE, "PAZ", "LUIS", "AGENCIA LABORAL DEL NORTE"),  # the same row twice
    _row(CASE, "SOTO", "EVA", "AGENCIA LABORAL DEL NORTE", city="SALTILLO"),
    _row(OTHER_CASE, "MORA", "JUAN", "SERVICIOS MIGRATORIOS MORA"),
    _row(OTHER_CASE, "LOPEZ", "PEDRO", "", city="TORREON"),  # recruiting on his own
]


def _links() -> list[tuple[str, str, str, str]]:
    rows = CaseRecruiter.objects.order_by("case__case_number", "office__city")
    return list(rows.values_list("case__case_number", "recruiter__name", "office__city", "people"))


def test_it_stores_one_link_per_case_and_office_naming_its_people(tmp_path):
    result = _import(tmp_path, ROWS)

    assert result.rows_read == 6
    assert _links() == [
        (CASE, "AGENCIA LABORAL DEL NORTE", "MONTERREY", "ANA RUIZ\nLUIS PAZ"),
        (CASE, "AGENCIA LABORAL DEL NORTE", "SALTILLO", "EVA SOTO"),
        (OTHER_CASE, "SERVICIOS MIGRATORIOS MORA", "MONTERREY", "JUAN MORA"),
        (OTHER_CASE, "PEDRO LOPEZ", "TORREON", "PEDRO LOPEZ"),
    ]
    assert Recruiter.objects.get(name="PEDRO LOPEZ").kind == Recruiter.Kind.INDIVIDUAL
    agency = Recruiter.objects.get(name="AGENCIA LABORAL DEL NORTE")
    assert sorted(agency.people.values_list("name", flat=True)) == ["ANA RUIZ", "EVA SOTO", "LUIS PAZ"]
    assert agency.cases_count == 1
    assert _import(tmp_path, ROWS, quarter=2).skipped


def test_a_later_quarter_naming_another_person_replaces_only_that_link(tmp_path):
    _import(tmp_path, ROWS)
    untouched = CaseRecruiter.objects.get(office__city="SALTILLO").pk

    later = _import(tmp_path, [*ROWS, _row(CASE, "LARA", "RAUL", "AGENCIA LABORAL DEL NORTE")], quarter=3)

    assert (later.created, later.deleted) == (1, 1)
    assert _links()[0] == (CASE, "AGENCIA LABORAL DEL NORTE", "MONTERREY", "ANA RUIZ\nLUIS PAZ\nRAUL LARA")
    assert CaseRecruiter.objects.get(office__city="SALTILLO").pk == untouched


def test_staff_merge_recruiters_and_split_a_spelling_off_with_its_offices_and_people(tmp_path):
    _import(tmp_path, ROWS)
    staff = UserFactory(is_superuser=True)
    agency = Recruiter.objects.get(name="AGENCIA LABORAL DEL NORTE")
    mora = Recruiter.objects.get(name="SERVICIOS MIGRATORIOS MORA")

    merged = recruiters_merge(target=agency, others=[mora], actor=staff)

    assert Recruiter.objects.count() == 2  # and Pedro López, recruiting on his own
    assert set(
        CaseRecruiter.objects.exclude(recruiter__name="PEDRO LOPEZ").values_list("recruiter", flat=True)
    ) == {merged.pk}
    assert sorted(merged.offices.values_list("city", flat=True)) == ["MONTERREY", "SALTILLO"]
    assert sorted(merged.people.values_list("name", flat=True)) == [
        "ANA RUIZ",
        "EVA SOTO",
        "JUAN MORA",
        "LUIS PAZ",
    ]

    split = recruiter_split(names=[RecruiterName.objects.get(name="SERVICIOS MIGRATORIOS MORA")], actor=staff)

    assert _links()[2] == (OTHER_CASE, "SERVICIOS MIGRATORIOS MORA", "MONTERREY", "JUAN MORA")
    assert list(split.people.values_list("name", flat=True)) == ["JUAN MORA"]
    assert list(split.offices.values_list("city", flat=True)) == ["MONTERREY"]
    merged.refresh_from_db()
    split.refresh_from_db()
    assert (merged.cases_count, split.cases_count) == (1, 1)


def test_it_reports_progress_up_to_every_row_although_rows_are_gathered_into_links(tmp_path):
    """The progress bar reaches every row of the file, and is not held back until the links are made."""
    rows = [_row(f"H-400-22001-{number:06d}", "RUIZ", "ANA", "AGENCIA") for number in range(2500)]
    reported: list[tuple[int, int | None]] = []

    path = write_csv(tmp_path / "H-2B_Appendix_C_FY2022_Q2.csv", HEADER, rows)
    result = dol_file_import(path=path, progress=lambda done, total: reported.append((done, total)))

    assert result.rows_read == 2500
    assert reported[0][0] < 2500  # while reading, before the file's links were made
    assert reported[-1] == (2500, 2500)
