"""Record parsers: completeness of every record kind, issues versus rejections."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from jornada.directory.dol.columns import FileKind
from jornada.directory.dol.kinds import FileInfo
from jornada.directory.dol.normalise import Cell, RowError
from jornada.directory.dol.readers import SourceRow
from jornada.directory.dol.records import (
    PARSERS,
    AddendumAActivity,
    AddendumBHousing,
    AppendixAWorksite,
    Debarment,
    H2ACase,
    parse_row,
)

# One plausible canonical row per kind: enough for every record field to be filled.
SAMPLES: dict[FileKind, dict[str, Cell]] = {
    FileKind.H2A_MAIN: {
        "case_number": "H-300-17097-485527",
        "case_status": "DETERMINATION ISSUED - CERTIFICATION",
        "employer_name": "G & G Farm & Ranch, Inc.",
        "employer_state": "TX",
        "employer_country": "UNITED STATES OF AMERICA",
        "worksite_state": "TX",
        "workers_certified": 15.0,
        "decision_date": dt.datetime(2017, 6, 8, 16, 37),
        "wage_offered": 11.59,
        "wage_unit": "Hour",
    },
    FileKind.H2B_MAIN: {
        "case_number": "H-400-13058-075497",
        "case_status": "Determination Issued - Certification",
        "employer_name": "Equinox Inc.",
        "employer_state": "KENTUCKY",
        "worksite_state": "FLORIDA",
        "workers_certified": 3.0,
        "wage_offered": 12.63,
        "wage_offered_to": 18.95,
        "wage_unit": "Hourly",
    },
    FileKind.H2A_ADDENDUM_A: {
        "case_number": "H-300-21216-502888",
        "crop_activity": "Watermelon",
        "wage_offer": 12.08,
        "wage_unit": "Hour",
    },
    FileKind.H2A_ADDENDUM_B: {
        "case_number": "H-300-21237-544744",
        "housing_type": "House",
        "address1": "663 Bergh Rd",
        "city": "Redstone",
        "state": "MONTANA",
        "postal_code": 59257.0,
        "total_units": 1.0,
        "total_occupancy": 4.0,
        "standards_local": "Y",
    },
    FileKind.H2B_APPENDIX_A: {
        "case_number": "H-400-21251-572444",
        "worksite_city": "Multiple Cities and Towns",
        "worksite_state": "WYOMING",
        "begin_date": dt.date(2022, 8, 13),
        "end_date": dt.date(2022, 9, 2),
        "wage_from": 16.11,
        "wage_to": 23.0,
        "wage_unit": "Hour",
    },
    FileKind.H2B_APPENDIX_C: {
        "case_number": "H-400-21257-583588",
        "organisation_name": "ADNIL SERVICES, INC",
        "person_last_name": "TURNER",
        "state": "FLORIDA",
        "country": "UNITED STATES OF AMERICA",
    },
    FileKind.H2B_APPENDIX_D: {
        "case_number": "H-400-22002-801712",
        "legal_name": "MCNULTY & CO",
        "state": "PENNSYLVANIA",
        "postal_code": 19081.0,
        "country": "UNITED STATES OF AMERICA",
    },
    FileKind.WHD: {
        "case_id": "1424600",
        "legal_name": "Mastoran, Inc.",
        "trade_name": "Burger King",
        "state": "NH",
        "h2a_violations": "2",
        "h2a_back_wages": "1,250.00",
    },
    FileKind.DEBARMENTS: {
        "name": "Caddo Creek Ranch, dba, Paradise Ranch",
        "city_state": "Caddo, TX",
        "programme": "H-2A",
        "start_date": "2014-07-20",
        "end_date": "2016-07-19",
    },
}


def _info(kind: FileKind) -> FileInfo:
    return FileInfo("fixture.xlsx", kind, 2022, 2, "file_name")


@pytest.mark.parametrize("kind", list(FileKind))
def test_it_fills_exactly_the_declared_fields_of_every_record_kind(kind: FileKind) -> None:
    """Each kind's parser yields a frozen record carrying exactly its dataclass fields."""
    record = parse_row(SourceRow.from_values(7, SAMPLES[kind]), _info(kind))
    declared = {field.name for field in dataclasses.fields(record)}
    assert set(vars(record)) == declared
    assert record.row_number == 7
    assert record.issues == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.row_number = 8  # type: ignore[misc]
    assert kind in PARSERS


def test_it_rejects_a_case_without_a_case_number() -> None:
    """A main-file row with no case number is rejected with missing_value and its row number."""
    values = dict(SAMPLES[FileKind.H2A_MAIN], case_number="  ")
    with pytest.raises(RowError) as caught:
        parse_row(SourceRow.from_values(12, values), _info(FileKind.H2A_MAIN))
    assert (caught.value.code, caught.value.field, caught.value.row_number) == (
        "missing_value",
        "case_number",
        12,
    )


def test_it_keeps_a_row_with_a_bad_optional_cell_and_records_the_issue() -> None:
    """A bad optional cell becomes None and an issue; the rest of the row is kept."""
    values = dict(SAMPLES[FileKind.H2A_MAIN], decision_date="someday", worksite_state="Texass")
    record = parse_row(SourceRow.from_values(9, values), _info(FileKind.H2A_MAIN))
    assert isinstance(record, H2ACase)
    assert record.decision_date is None
    assert record.worksite_state is None
    assert {(i.code, i.field, i.row_number) for i in record.issues} == {
        ("invalid_date", "decision_date", 9),
        ("invalid_state", "worksite_state", 9),
    }
    assert record.wage_offered == Decimal("11.59")


def test_it_keeps_foreign_employer_addresses_as_published() -> None:
    """A Canadian employer's province and postal code are kept as given, not forced to US form."""
    values = dict(
        SAMPLES[FileKind.H2A_MAIN],
        employer_state="AB",
        employer_country="CANADA",
        employer_postal_code="T2P 1J9",
    )
    record = parse_row(SourceRow.from_values(3, values), _info(FileKind.H2A_MAIN))
    assert isinstance(record, H2ACase)
    assert (record.employer_state, record.employer_postal_code) == ("AB", "T2P 1J9")


def test_it_parses_addenda_and_appendices_into_typed_values() -> None:
    """Addendum A/B and Appendix A values come out typed: Decimal, int, bool, date, codes."""
    activity = parse_row(
        SourceRow.from_values(2, SAMPLES[FileKind.H2A_ADDENDUM_A]), _info(FileKind.H2A_ADDENDUM_A)
    )
    assert isinstance(activity, AddendumAActivity)
    assert (activity.crop_activity, activity.wage_offer, activity.wage_unit) == (
        "Watermelon",
        Decimal("12.08"),
        "hour",
    )
    housing = parse_row(
        SourceRow.from_values(2, SAMPLES[FileKind.H2A_ADDENDUM_B]), _info(FileKind.H2A_ADDENDUM_B)
    )
    assert isinstance(housing, AddendumBHousing)
    assert (housing.state, housing.postal_code, housing.total_units, housing.total_occupancy) == (
        "MT",
        "59257",
        1,
        4,
    )
    assert housing.standards_local is True
    assert housing.standards_state is None
    worksite = parse_row(
        SourceRow.from_values(2, SAMPLES[FileKind.H2B_APPENDIX_A]), _info(FileKind.H2B_APPENDIX_A)
    )
    assert isinstance(worksite, AppendixAWorksite)
    assert (worksite.worksite_state, worksite.begin_date, worksite.wage_to) == (
        "WY",
        dt.date(2022, 8, 13),
        Decimal("23.0"),
    )


def test_it_reads_debarments_with_combined_place_and_open_ended_periods() -> None:
    """'City, State' columns split; a permanent debarment has no end; programmes are a tuple."""
    record = parse_row(SourceRow.from_values(2, SAMPLES[FileKind.DEBARMENTS]), _info(FileKind.DEBARMENTS))
    assert isinstance(record, Debarment)
    assert (record.city, record.state, record.programmes) == ("Caddo", "TX", ("H-2A",))
    permanent = dict(SAMPLES[FileKind.DEBARMENTS], programme="H-2A/H-2B", end_date="")
    record = parse_row(SourceRow.from_values(3, permanent), _info(FileKind.DEBARMENTS))
    assert isinstance(record, Debarment)
    assert record.end_date is None
    assert record.programmes == ("H-2A", "H-2B")
