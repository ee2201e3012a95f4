"""Synthetic files with the headers of fiscal years not in the shared folder.

Each header list below is the layout the sources in ``columns.SOURCES`` show for
that year (trimmed to the columns that matter, in DOL's spelling and order).  The
rows are invented but shaped like the published ones.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from jornada.directory.dol.columns import FileKind
from jornada.directory.dol.normalise import RowError
from jornada.directory.dol.readers import open_dol_file
from jornada.directory.dol.records import H2ACase, H2BCase, Record, parse_rows

from .helpers import write_csv, write_xlsx


def _records(path: Path) -> tuple[FileKind, int | None, list[Record | RowError]]:
    with open_dol_file(path) as dol:
        return dol.info.kind, dol.info.fiscal_year, list(parse_rows(dol))


def _only_case(path: Path) -> tuple[FileKind, int | None, H2ACase | H2BCase]:
    kind, year, results = _records(path)
    assert len(results) == 1
    case = results[0]
    assert isinstance(case, H2ACase | H2BCase), case
    return kind, year, case


# ---------------------------------------------------------------------------
# H-2A, FY2008-FY2013 (legacy layouts, first published as .xls)
# ---------------------------------------------------------------------------

H2A_FY2008 = [
    "CASE_NO",
    "APPLICATION_TYPE",
    "CASE_STATUS",
    "DECISION_DATE",
    "EMPLOYER_NAME",
    "EMPLOYER_ADDRESS1",
    "EMPLOYER_CITY",
    "EMPLOYER_STATE",
    "EMPLOYER_POSTAL_CODE",
    "NBR_WORKERS_REQUSTED",
    "NBR_WORKERS_CERTIFIED",
    "CERTIFICATION_BEGIN_DATE",
    "CERTIFICATION_END_DATE",
    "JOB_TITLE",
    "BASIC_NBR_HOURS",
    "BASIC_RATE_OF_PAY",
    "WAGE_RATE_PER",
    "ALIEN_WORK_CITY",
    "ALIEN_WORK_STATE",
    "ORGANIZATION_FLAG",
]


def test_it_reads_the_fy2008_h2a_layout_with_its_typos(tmp_path: Path) -> None:
    """FY2008 H-2A: CASE_NO, NBR_WORKERS_REQUSTED, BASIC_NBR_HOURS, WAGE_RATE_PER, ALIEN_WORK_*."""
    row = [
        "A-08021-01234",
        "H-2A",
        "CERTIFIED",
        "2008-02-15",
        "KELLER FARMS, INC.",
        "435 SOUTH BLUFF ROAD",
        "COLLINSVILLE",
        "IL",
        62234,
        30,
        29,
        "2008-03-01",
        "2008-11-30",
        "FARMWORKERS",
        40,
        8.02,
        "HR",
        "COLLINSVILLE",
        "IL",
        "S",
    ]
    path = write_xlsx(tmp_path / "H2A_FY2008.xlsx", [H2A_FY2008, row])
    kind, year, case = _only_case(path)
    assert (kind, year) == (FileKind.H2A_MAIN, 2008)
    assert (case.case_number, case.workers_requested, case.workers_certified) == (
        "A-08021-01234",
        30,
        29,
    )
    assert (case.hours_per_week, case.wage_offered, case.wage_unit) == (
        Decimal(40),
        Decimal("8.02"),
        "hour",
    )
    assert (case.worksite_city, case.worksite_state, case.employer_type) == (
        "COLLINSVILLE",
        "IL",
        "S",
    )
    assert case.certified_begin_date == dt.date(2008, 3, 1)


def test_it_reads_a_legacy_fy2009_xls_file(tmp_path: Path) -> None:
    """A FY2009 H-2A .xls (BIFF8, as DOL published before FY2014) reads through calamine."""
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the legacy .xls fixture")
    header = [
        "CASE_NO",
        "CASE_STATUS",
        "DECISION_DATE",
        "EMPLOYER_NAME",
        "EMPLOYER_STATE",
        "NBR_WORKERS_CERTIFIED",
        "BASIC_HOURS_PER_WEEK",
        "BASIC_RATE_OF_PAY",
        "BASIC_UNIT_OF_PAY",
        "ALIEN_WORK_CITY",
        "ALIEN_WORK_STATE",
        "ORGANIZATION_FLAG",
    ]
    row = [
        "C-09163-19902",
        "Certified - Partial",
        dt.date(2009, 10, 1),
        "KELLER FARMS, INC.",
        "IL",
        29,
        40,
        8.02,
        "HR",
        "COLLINSVILLE",
        "IL",
        "S",
    ]
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("H2A_FY2009")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for col, title in enumerate(header):
        sheet.write(0, col, title)
    for col, cell in enumerate(row):
        if isinstance(cell, dt.date):
            sheet.write(1, col, cell, date_style)
        else:
            sheet.write(1, col, cell)
    path = tmp_path / "H2A_FY2009.xls"
    workbook.save(str(path))
    kind, year, case = _only_case(path)
    assert (kind, year) == (FileKind.H2A_MAIN, 2009)
    assert case.status_code == "partial_certification"
    assert (case.decision_date, case.workers_certified, case.hours_per_week) == (
        dt.date(2009, 10, 1),
        29,
        Decimal(40),
    )


# The FY2012 header and two rows as visa-dump's README shows them (CSV export).
H2A_FY2012 = [
    "CASE_NO",
    "DECISION_DATE",
    "VISA_CLASS",
    "CASE_RECEIVED_DATE",
    "CASE_STATUS",
    "REQUESTED_START_DATE_OF_NEED",
    "REQUESTED_END_DATE_OF_NEED",
    "CERTIFICATION_BEGIN_DATE",
    "CERTIFICATION_END_DATE",
    "EMPLOYER_NAME",
    "EMPLOYER_ADDRESS1",
    "EMPLOYER_ADDRESS2",
    "EMPLOYER_CITY",
    "EMPLOYER_STATE",
    "EMPLOYER_POSTAL_CODE",
    "AGENT_ATTORNEY_NAME",
    "AGENT_ATTORNEY_CITY",
    "AGENT_ATTORNEY_STATE",
    "JOB_TITLE",
    "NBR_WORKERS_REQUESTED",
    "NBR_WORKERS_CERTIFIED",
    "BASIC_NUMBER_OF_HOURS",
    "BASIC_RATE_OF_PAY",
    "BASIC_UNIT_OF_PAY",
    "ALIEN_WORK_CITY",
    "ALIEN_WORK_STATE",
    "ORGANIZATION_FLAG",
    "PRIMARY_CROP",
]


def test_it_reads_the_fy2012_h2a_layout_from_csv(tmp_path: Path) -> None:
    """FY2012 H-2A exported to CSV: text dates, HR/MTH units, C-YYDDD case numbers."""
    rows = [
        H2A_FY2012,
        [
            "C-11046-27747",
            "2011-10-05",
            "H-2A",
            "2011-02-15",
            "Certified - Full",
            "2011-04-01",
            "2011-11-15",
            "2011-04-01",
            "2011-11-15",
            "STAN WARD FARM",
            "917 E 470 S",
            "",
            "DIETRICH",
            "ID",
            "83324",
            "MICHAELENE ROWE",
            "HEYBURN",
            "ID",
            "FARMWORKERS AND LABORERS, CROP",
            "2.0",
            "2.0",
            "48",
            "9.9",
            "HR",
            "DIETRICH",
            "ID",
            "S",
            "General Farm Labor",
        ],
        [
            "C-11130-29271",
            "2012-09-06",
            "H-2A",
            "2011-05-10",
            "Certified - Full",
            "2011-07-10",
            "2012-07-09",
            "2011-07-10",
            "2012-07-09",
            "WESTERN RANGE ASSOCIATION",
            "1245 E BRICKYARD ROAD, SUITE 190",
            "",
            "SALT LAKE CITY",
            "UT",
            "84106",
            "",
            "",
            "",
            "FARMWORKERS, FARM AND RANCH ANIMALS",
            "45.0",
            "45.0",
            "60",
            "750.0",
            "MTH",
            "SALT LAKE CITY",
            "UT",
            "A",
            "Sheepherder",
        ],
    ]
    kind, year, results = _records(write_csv(tmp_path / "H-2A_FY2012.csv", rows))
    assert (kind, year) == (FileKind.H2A_MAIN, 2012)
    first, second = results
    assert isinstance(first, H2ACase)
    assert isinstance(second, H2ACase)
    assert (first.row_number, second.row_number) == (2, 3)
    assert (first.wage_unit, second.wage_unit) == ("hour", "month")
    assert (first.workers_certified, second.workers_certified) == (2, 45)
    assert first.agent_attorney_name == "MICHAELENE ROWE"
    assert second.agent_attorney_name is None
    assert second.primary_crop == "Sheepherder"
    assert second.employer_type == "A"
    assert second.decision_date == dt.date(2012, 9, 6)


# ---------------------------------------------------------------------------
# H-2A, FY2014-FY2019
# ---------------------------------------------------------------------------

_H2A_2014_TO_2019 = {
    # year: (case number header, worksite city/state headers, extra headers)
    2014: ("CASE_NO", "WORKSITE_LOCATION_CITY", "WORKSITE_LOCATION_STATE", ["SOC_CODE_ID"]),
    2015: ("CASE_NUMBER", "WORKSITE_CITY", "WORKSITE_STATE", ["NAIC_CODE", "SOC_CODE"]),
    2016: ("CASE_NUMBER", "WORKSITE_CITY", "WORKSITE_STATE", ["NAIC_CODE", "PRIMARY/SUB"]),
    2018: ("CASE_NO", "WORKSITE_CITY", "WORKSITE_STATE", ["NAICS_CODE", "PRIMARY_SUB"]),
    2019: ("CASE_NUMBER", "WORKSITE_CITY", "WORKSITE_STATE", ["NAICS_CODE", "PRMARY/SUB"]),
}


@pytest.mark.parametrize("year", sorted(_H2A_2014_TO_2019))
def test_it_reads_the_fy2014_to_fy2019_h2a_layouts(tmp_path: Path, year: int) -> None:
    """FY2014-FY2019 H-2A: CASE_NO/CASE_NUMBER, WORKSITE_LOCATION_*, NAIC_CODE, PRIMARY/SUB."""
    case_header, city_header, state_header, extra = _H2A_2014_TO_2019[year]
    header = [
        case_header,
        "DECISION_DATE",
        "VISA_CLASS",
        "CASE_STATUS",
        "EMPLOYER_NAME",
        "EMPLOYER_STATE",
        "NBR_WORKERS_REQUESTED",
        "NBR_WORKERS_CERTIFIED",
        "BASIC_RATE_OF_PAY",
        "BASIC_UNIT_OF_PAY",
        city_header,
        state_header,
        *extra,
    ]
    extra_values: list[object] = [
        "45-2092" if "SOC" in h else "PRI" if "SUB" in h else 111219.0 for h in extra
    ]
    row = [
        f"H-300-{year % 100:02d}100-123456",
        dt.datetime(year, 3, 1, 9, 30),
        "H-2A",
        "DETERMINATION ISSUED - CERTIFICATION",
        "Alma Plantation, LLC",
        "LA",
        12.0,
        10.0,
        10.38,
        "Hour",
        "Lakeland",
        "LA",
        *extra_values,
    ]
    name = f"H-2A_Disclosure_Data_FY{year % 100:02d}_Q4.xlsx"
    kind, detected_year, case = _only_case(write_xlsx(tmp_path / name, [header, row]))
    assert (kind, detected_year) == (FileKind.H2A_MAIN, year)
    assert (case.case_number, case.worksite_city, case.worksite_state) == (
        f"H-300-{year % 100:02d}100-123456",
        "Lakeland",
        "LA",
    )
    assert (case.workers_requested, case.workers_certified) == (12, 10)
    assert case.decision_date == dt.date(year, 3, 1)
    if "NAIC_CODE" in extra or "NAICS_CODE" in extra:
        assert case.naics_code == "111219"
    if "SOC_CODE_ID" in extra:
        assert case.soc_code == "45-2092"


# ---------------------------------------------------------------------------
# H-2A, FY2020 onwards (redesigned ETA-9142A)
# ---------------------------------------------------------------------------

H2A_FY2020 = [
    "CASE_NUMBER",
    "CASE_STATUS",
    "RECEIVED_DATE",
    "DECISION_DATE",
    "TYPE_OF_EMPLOYER_APPLICATION",
    "H2A_LABOR_CONTRACTOR",
    "NATURE_OF_TEMPORARY_NEED",
    "EMERGENCY_FILING",
    "EMPLOYER_NAME",
    "TRADE_NAME_DBA",
    "EMPLOYER_ADDRESS_1",
    "EMPLOYER_ADDRESS_2",
    "EMPLOYER_CITY",
    "EMPLOYER_STATE",
    "EMPLOYER_POSTAL_CODE",
    "EMPLOYER_COUNTRY",
    "EMPLOYER_PROVINCE",
    "EMPLOYER_PHONE",
    "EMPLOYER_PHONE_EXT",
    "EMPLOYER_POC_LAST_NAME",
    "EMPLOYER_POC_FIRST_NAME",
    "EMPLOYER_POC_JOB_TITLE",
    "EMPLOYER_POC_PHONE",
    "EMPLOYER_POC_EMAIL",
    "TYPE_OF_REPRESENTATION",
    "ATTORNEY_AGENT_LAST_NAME",
    "ATTORNEY_AGENT_FIRST_NAME",
    "ATTORNEY_AGENT_MIDDLE_NAME",
    "ATTORNEY_AGENT_PHONE",
    "ATTORNEY_AGENT_EMAIL_ADDRESS",
    "LAWFIRM_NAME_BUSINESS_NAME",
    "JOB_TITLE",
    "SOC_CODE",
    "SOC_TITLE",
    "NAICS_CODE",
    "JOB_ORDER_NUMBER",
    "REQUESTED_BEGIN_DATE",
    "REQUESTED_END_DATE",
    "EMPLOYMENT_BEGIN_DATE",
    "EMPLOYMENT_END_DATE",
    "TOTAL_WORKERS_NEEDED",
    "TOTAL_WORKERS_H-2A_REQUESTED",
    "TOTAL_WORKERS_H-2A_CERTIFIED",
    "ANTICIPATED_NUMBER_OF_HOURS",
    "HOURLY_WORK_SCHEDULE_START",
    "WORKSITE_ADDRESS",
    "WORKSITE_CITY",
    "WORKSITE_STATE",
    "WORKSITE_POSTAL_CODE",
    "WORKSITE_COUNTY",
    "WAGE_OFFER",
    "PER",
    "PIECE_RATE_OFFER",
    "PIECE_RATE_UNIT",
    "OVERTIME_RATE_FROM",
    "OVERTIME_RATE_TO",
    "HOUSING_ADDRESS_LOCATION",
    "TYPE_OF_HOUSING",
    "TOTAL_OCCUPANCY",
    "PHONE_TO_APPLY",
    "EMAIL_TO_APPLY",
    "WEBSITE_TO_APPLY",
    "PREPARER_LAST_NAME",
    "PREPARER_EMAIL",
]

CONTACTS = ("555-201-7788", "maria.poc@example.org", "(361) 972-2005", "jobs@farm.example")


def _h2a_fy2020_row() -> list[object]:
    values: dict[str, object] = {
        "CASE_NUMBER": "H-300-19350-123456",
        "CASE_STATUS": "Determination Issued - Certification",
        "RECEIVED_DATE": dt.datetime(2019, 12, 16, 10, 0),
        "DECISION_DATE": dt.datetime(2020, 1, 20, 14, 5),
        "TYPE_OF_EMPLOYER_APPLICATION": "Individual Employer",
        "EMPLOYER_NAME": "Agrícola Los Peñascos, LLC",
        "EMPLOYER_ADDRESS_1": "12 Orchard Rd",
        "EMPLOYER_CITY": "Wenatchee",
        "EMPLOYER_STATE": "WA",
        "EMPLOYER_POSTAL_CODE": "98801",
        "EMPLOYER_COUNTRY": "UNITED STATES OF AMERICA",
        "EMPLOYER_PHONE": CONTACTS[2],
        "EMPLOYER_POC_LAST_NAME": "Pérez",
        "EMPLOYER_POC_FIRST_NAME": "María",
        "EMPLOYER_POC_PHONE": CONTACTS[0],
        "EMPLOYER_POC_EMAIL": CONTACTS[1],
        "ATTORNEY_AGENT_LAST_NAME": "Rowe",
        "ATTORNEY_AGENT_FIRST_NAME": "Michaelene",
        "ATTORNEY_AGENT_PHONE": CONTACTS[0],
        "ATTORNEY_AGENT_EMAIL_ADDRESS": CONTACTS[1],
        "LAWFIRM_NAME_BUSINESS_NAME": "Agri Placements International",
        "JOB_TITLE": "Orchard Worker",
        "SOC_CODE": "45-2092.00",
        "NAICS_CODE": 111331,
        "REQUESTED_BEGIN_DATE": dt.date(2020, 3, 1),
        "REQUESTED_END_DATE": dt.date(2020, 11, 30),
        "EMPLOYMENT_BEGIN_DATE": dt.date(2020, 3, 5),
        "EMPLOYMENT_END_DATE": dt.date(2020, 11, 30),
        "TOTAL_WORKERS_NEEDED": 25,
        "TOTAL_WORKERS_H-2A_REQUESTED": 20,
        "TOTAL_WORKERS_H-2A_CERTIFIED": 20,
        "ANTICIPATED_NUMBER_OF_HOURS": 40,
        "WORKSITE_CITY": "Wenatchee",
        "WORKSITE_STATE": "WASHINGTON",
        "WORKSITE_POSTAL_CODE": "98801",
        "WORKSITE_COUNTY": "CHELAN",
        "WAGE_OFFER": 15.03,
        "PER": "Hour",
        "PIECE_RATE_OFFER": 22.5,
        "PIECE_RATE_UNIT": "Bin",
        "PHONE_TO_APPLY": CONTACTS[2],
        "EMAIL_TO_APPLY": CONTACTS[3],
        "PREPARER_EMAIL": CONTACTS[1],
    }
    return [values.get(header) for header in H2A_FY2020]


def _renamed(header: list[str], renames: dict[str, str], extra: list[str] = ()) -> list[str]:  # type: ignore[assignment]
    return [renames.get(name, name) for name in header] + list(extra)


@pytest.mark.parametrize(
    ("year", "renames", "extra"),
    [
        (2020, {}, []),
        (
            2021,
            {"HOURLY_WORK_SCHEDULE_START": "HOURLY_SCHEDULE_BEGIN"},
            ["TOTAL_WORKSITES_RECORDS"],
        ),
        (
            2024,
            {"HOURLY_WORK_SCHEDULE_START": "HOURLY_SCHEDULE_BEGIN"},
            ["AG_ASSN_OR_AGENCY_STATUS"],
        ),
    ],
)
def test_it_reads_the_fy2020_onwards_h2a_layout_without_contacts(
    tmp_path: Path, year: int, renames: dict[str, str], extra: list[str]
) -> None:
    """FY2020+ H-2A maps TOTAL_WORKERS_H-2A_*, EMPLOYMENT_*, WAGE_OFFER/PER; contacts never read."""
    header = _renamed(H2A_FY2020, renames, extra)
    row = _h2a_fy2020_row() + [None] * len(extra)
    path = write_xlsx(tmp_path / f"H-2A_Disclosure_Data_FY{year}_Q4.xlsx", [header, row])
    with open_dol_file(path) as dol:
        assert (dol.kind, dol.info.fiscal_year, dol.info.quarter) == (FileKind.H2A_MAIN, year, 4)
        assert not any("POC" in h or "PHONE" in h or "EMAIL" in h for h in dol.matched_headers.values())
        rows = list(dol)
        raw_values = [str(v) for v in rows[0].values.values()]
        results = list(parse_rows(rows, dol.info))
    assert not any(contact in value for contact in CONTACTS for value in raw_values)
    case = results[0]
    assert isinstance(case, H2ACase)
    assert not any(contact in str(value) for contact in CONTACTS for value in vars(case).values())
    assert (case.workers_needed, case.workers_requested, case.workers_certified) == (25, 20, 20)
    assert (case.certified_begin_date, case.requested_begin_date) == (
        dt.date(2020, 3, 5),
        dt.date(2020, 3, 1),
    )
    assert (case.wage_offered, case.wage_unit) == (Decimal("15.03"), "hour")
    assert (case.piece_rate_offer, case.piece_rate_unit) == (Decimal("22.5"), "Bin")
    assert case.agent_attorney_name == "Michaelene Rowe"
    assert case.law_firm_name == "Agri Placements International"
    assert (case.worksite_state, case.employer_address1, case.employer_name) == (
        "WA",
        "12 Orchard Rd",
        "Agrícola Los Peñascos, LLC",
    )


# ---------------------------------------------------------------------------
# H-2B
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "header", "row"),
    [
        (
            "H-2B_FY2009.xlsx",
            [
                "DECISION_DATE",
                "CASE_NO",
                "CASE_STATUS",
                "NPC_SUBMITTED_DATE",
                "ALIEN_WORK_STATE",
                "EMPLOYER_NAME",
                "EMPLOYER_STATE",
                "NBR_WORKERS_CERTIFIED",
                "PREVAILING_WAGE",
                "PW_UNIT_OF_PAY",
                "BASIC_RATE_OF_PAY",
                "BASIC_UNIT_OF_PAY",
                "JOB_TITLE",
                "DOT_OCCUPATIONAL_CODE",
            ],
            [
                "2009-04-02",
                "C-09030-11111",
                "CERTIFIED",
                "2009-01-30",
                "TX",
                "Coast 2 Coast, Inc.",
                "TX",
                12,
                9.5,
                "Hour",
                9.75,
                "Hour",
                "LANDSCAPE LABORER",
                "408.687-014",
            ],
        ),
        (
            "H-2B_FY14_Q4.xlsx",
            [
                "RECENT_DECISION_DATE",
                "CASE_NUMBER",
                "VISA_CLASS",
                "CASE_STATUS",
                "ALIEN_WORK_STATE",
                "EMPLOYER_NAME",
                "EMPLOYER_STATE",
                "NBR_WORKERS_CERTIFIED",
                "PREVIALING_WAGE",
                "BASIC_RATE_OF_PAY",
                "JOB_TITLE",
                "SOC_NAME",
            ],
            [
                "2014-03-01",
                "H-400-13350-222222",
                "H-2B",
                "CERTIFICATION",
                "FLORIDA",
                "Coast 2 Coast, Inc.",
                "TEXAS",
                12,
                10.5,
                10.75,
                "LANDSCAPE LABORER",
                "Landscaping and Groundskeeping Workers",
            ],
        ),
        (
            "H-2B_Disclosure_Data_FY2023_Q4.xlsx",
            [
                "CASE_NUMBER",
                "CASE_STATUS",
                "RECEIVED_DATE",
                "DECISION_DATE",
                "TYPE_OF_EMPLOYER",
                "EMPLOYER_NAME",
                "TRADE_NAME_DBA",
                "EMPLOYER_ADDRESS1",
                "EMPLOYER_CITY",
                "EMPLOYER_STATE",
                "EMPLOYER_POSTAL_CODE",
                "EMPLOYER_COUNTRY",
                "EMPLOYER_PHONE",
                "EMPLOYER_POC_EMAIL",
                "ATTORNEY_AGENT_LAST_NAME",
                "ATTORNEY_AGENT_FIRST_NAME",
                "ATTORNEY_AGENT_EMAIL_ADDRESS",
                "LAWFIRM_NAME_BUSINESS_NAME",
                "JOB_TITLE",
                "SOC_CODE",
                "SOC_TITLE",
                "TOTAL_WORKERS_REQUESTED",
                "TOTAL_WORKERS_CERTIFIED",
                "EMPLOYMENT_BEGIN_DATE",
                "EMPLOYMENT_END_DATE",
                "NATURE_OF_TEMPORARY_NEED",
                "ANTICIPATED_NUMBER_OF_HOURS",
                "WORKSITE_ADDRESS1",
                "WORKSITE_CITY",
                "WORKSITE_STATE",
                "WORKSITE_POSTAL_CODE",
                "WORKSITE_COUNTY",
                "MSA_NAME_OES_AREA_TITLE",
                "BASIC_WAGE_RATE_FROM",
                "BASIC_WAGE_RATE_TO",
                "PER",
                "OVERTIME_RATE_FROM",
                "CAP_SUBJECT_WORKERS",
                "PHONE_TO_APPLY",
                "EMAIL_TO_APPLY",
            ],
            [
                "H-400-22280-444444",
                "Determination Issued - Certification",
                dt.datetime(2022, 10, 7, 8, 0),
                dt.date(2022, 12, 1),
                "Individual Employer",
                "Coast 2 Coast, Inc.",
                "C2C Landscaping",
                "1 Main St",
                "Pasadena",
                "TEXAS",
                77502,
                "UNITED STATES OF AMERICA",
                CONTACTS[2],
                CONTACTS[1],
                "Velie",
                "William",
                CONTACTS[3],
                "WILLIAM VELIE, ATTORNEY AT LAW, PLLC",
                "Landscape Laborer",
                "37-3011.00",
                "Landscaping and Groundskeeping Workers",
                12,
                12,
                dt.date(2023, 4, 1),
                dt.date(2023, 10, 31),
                "Seasonal",
                40,
                "1 Main St",
                "Pasadena",
                "TEXAS",
                77502,
                "HARRIS",
                "HOUSTON-THE WOODLANDS-SUGAR LAND, TX",
                15.5,
                18.0,
                "Hour",
                23.25,
                12,
                CONTACTS[0],
                CONTACTS[3],
            ],
        ),
    ],
)
def test_it_reads_h2b_layouts_from_fy2009_to_fy2023(
    tmp_path: Path, name: str, header: list[str], row: list[object]
) -> None:
    """H-2B: CASE_NO/ALIEN_WORK_STATE (FY2009), RECENT_DECISION_DATE (FY2014), FY2020+ layout."""
    kind, year, case = _only_case(write_xlsx(tmp_path / name, [header, row]))
    assert kind == FileKind.H2B_MAIN
    assert isinstance(case, H2BCase)
    assert case.employer_name == "Coast 2 Coast, Inc."
    assert case.employer_state == "TX"
    assert case.workers_certified == 12
    assert case.decision_date is not None
    assert year is not None
    assert case.worksite_state in {"TX", "FL"}
    if year >= 2020:
        assert (case.wage_offered, case.wage_offered_to, case.wage_unit) == (
            Decimal("15.5"),
            Decimal("18.0"),
            "hour",
        )
        assert case.agent_attorney_name == "William Velie"
        assert (case.employer_trade_name, case.employer_postal_code) == ("C2C Landscaping", "77502")
        assert not any(c in str(v) for c in CONTACTS for v in vars(case).values())
    else:
        assert case.prevailing_wage is not None


# ---------------------------------------------------------------------------
# Header matching, detection and failures
# ---------------------------------------------------------------------------


def test_it_matches_headers_ignoring_case_spaces_and_punctuation(tmp_path: Path) -> None:
    """'Case Number', 'employer_name ', 'Nbr-Workers Certified' map to canonical fields."""
    header = [
        "Case Number",
        "case status",
        "employer_name ",
        "Nbr-Workers Certified",
        " Worksite State",
        "Primary Crop",
    ]
    path = write_csv(
        tmp_path / "h2a_export.csv",
        [header, ["H-300-21001-000001", "Certified", "Cisneros Berries LLC", "4", "ky", "Berries"]],
    )
    kind, _, case = _only_case(path)
    assert kind == FileKind.H2A_MAIN
    assert (case.case_number, case.workers_certified, case.worksite_state) == (
        "H-300-21001-000001",
        4,
        "KY",
    )


def test_it_finds_the_header_row_below_title_rows(tmp_path: Path) -> None:
    """Title rows above the header are skipped and row numbers stay the spreadsheet's."""
    path = write_xlsx(
        tmp_path / "H-2B_Appendix_C_FY2021_Q3.xlsx",
        [
            [
                "CASE_NUMBER",
                "RECRUITER_LAST_NAME",
                "RECRUITER_FIRST_NAME",
                "RECRUITER_EMPLOYER_NAME",
                "RECRUITER_EMPLOYER_CITY",
                "RECRUITER_EMPLOYER_STATE",
                "RECRUITER_EMPLOYER_COUNTRY",
            ],
            [
                "H-400-21100-000002",
                "ESPINOSA GAONA",
                "PATRICIA",
                "ADNIL SERVICES, INC",
                "Monterrey",
                "Nuevo León",
                "MEXICO",
            ],
        ],
        title_rows=[["H-2B Appendix C: foreign labor recruiters"], ["FY2021 Q3"], []],
    )
    with open_dol_file(path) as dol:
        assert dol.header_row_number == 4
        assert dol.kind == FileKind.H2B_APPENDIX_C
        (record,) = list(parse_rows(dol))
    assert not isinstance(record, RowError)
    assert record.row_number == 5
    assert getattr(record, "state_or_province") == "Nuevo León"  # noqa: B009 - union attribute


def test_it_fails_naming_missing_columns_and_their_accepted_headers(tmp_path: Path) -> None:
    """A recognised H-2A file without a worksite state says which headers would have done."""
    from jornada.directory.dol.kinds import MissingColumnsError

    path = write_xlsx(
        tmp_path / "H-2A_Disclosure_Data_FY2016.xlsx",
        [
            ["CASE_NUMBER", "CASE_STATUS", "EMPLOYER_NAME", "NBR_WORKERS_CERTIFIED", "PRIMARY_CROP"],
            ["H-300-16001-000001", "CERTIFIED", "Smith Farms", 3, "Tobacco"],
        ],
    )
    with pytest.raises(MissingColumnsError) as caught:
        open_dol_file(path)
    error = caught.value
    assert error.file_name == "H-2A_Disclosure_Data_FY2016.xlsx"
    assert error.code == "missing_columns"
    assert error.kind == FileKind.H2A_MAIN
    assert set(error.missing) == {"worksite_state"}
    assert {"WORKSITE_STATE", "ALIEN_WORK_STATE", "WORKSITE_LOCATION_STATE"} <= set(
        error.missing["worksite_state"]
    )
    assert "worksite_state" in str(error)
    assert "ALIEN_WORK_STATE" in str(error)


def test_it_fails_on_an_unrecognisable_file_with_its_name(tmp_path: Path) -> None:
    """A spreadsheet that is no DOL file raises UnrecognisedFileError carrying its name and code."""
    from jornada.directory.dol.kinds import UnrecognisedFileError

    path = write_csv(tmp_path / "budget_2024.csv", [["Item", "Amount"], ["Seeds", "12.50"]])
    with pytest.raises(UnrecognisedFileError) as caught:
        open_dol_file(path)
    assert caught.value.file_name == "budget_2024.csv"
    assert caught.value.code == "unrecognised_header"


def test_it_refuses_dol_files_it_does_not_import(tmp_path: Path) -> None:
    """H-2A Addendum B *employment* records are recognised by name and refused with a code."""
    from jornada.directory.dol.kinds import UnrecognisedFileError

    path = write_xlsx(
        tmp_path / "H-2A_Addendum_B_Employment_Record_FY2022_Q4.xlsx",
        [
            ["CASE_NUMBER", "NAME_OF_AGRICULTURAL_BUSINESS", "PLACE_OF_EMPLOYMENT_CITY"],
            ["H-300-22001-000001", "Smith Farms", "Dumas"],
        ],
    )
    with pytest.raises(UnrecognisedFileError) as caught:
        open_dol_file(path)
    assert caught.value.code == "unsupported_kind"


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_it_fails_clearly_on_a_corrupt_xlsx(tmp_path: Path, damage: str) -> None:
    """A truncated or non-zip .xlsx raises UnreadableFileError, not a crash deep inside."""
    from jornada.directory.dol.kinds import UnreadableFileError

    rows: list[list[object]] = [list(H2A_FY2020)]
    rows += [_h2a_fy2020_row() for _ in range(200)]
    path = write_xlsx(tmp_path / "H-2A_Disclosure_Data_FY2021.xlsx", rows)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"not a workbook" * 50)
    with pytest.raises(UnreadableFileError) as caught:
        open_dol_file(path)
    assert caught.value.code == "unreadable_file"
    assert caught.value.file_name == "H-2A_Disclosure_Data_FY2021.xlsx"
    assert caught.value.params.get("reason")


def test_it_breaks_an_h2a_h2b_tie_with_the_file_name(tmp_path: Path) -> None:
    """A bare legacy header fits both main kinds: the name decides, or the file is ambiguous."""
    from jornada.directory.dol.kinds import UnrecognisedFileError

    rows: list[list[object]] = [
        ["CASE_NO", "CASE_STATUS", "EMPLOYER_NAME", "NBR_WORKERS_CERTIFIED", "ALIEN_WORK_STATE"],
        ["C-10020-00001", "CERTIFIED", "Bunkie Wood Products", 8, "LA"],
    ]
    kind, year, _ = _only_case(write_xlsx(tmp_path / "H-2B_FY2010.xlsx", rows))
    assert (kind, year) == (FileKind.H2B_MAIN, 2010)
    with pytest.raises(UnrecognisedFileError) as caught:
        open_dol_file(write_xlsx(tmp_path / "export.xlsx", rows))
    assert caught.value.code == "ambiguous_kind"


def test_it_takes_the_fiscal_year_from_decision_dates_then_case_numbers(tmp_path: Path) -> None:
    """Without FY in the name, decision dates give the year; failing those, case numbers."""
    main = write_csv(
        tmp_path / "h2a_cases.csv",
        [
            [
                "CASE_NUMBER",
                "CASE_STATUS",
                "EMPLOYER_NAME",
                "NBR_WORKERS_CERTIFIED",
                "WORKSITE_STATE",
                "PRIMARY_CROP",
                "DECISION_DATE",
            ],
            ["H-300-15250-000001", "CERTIFIED", "A Farm", "1", "NC", "Tobacco", "10/15/2015"],
            ["H-300-16020-000002", "CERTIFIED", "B Farm", "1", "NC", "Tobacco", "01-FEB-16"],
        ],
    )
    with open_dol_file(main) as dol:
        assert (dol.info.fiscal_year, dol.info.fiscal_year_source) == (2016, "decision_date")
        assert len(list(dol)) == 2  # the rows sampled for the year are still yielded
    appendix = write_csv(
        tmp_path / "h2b_recruiters.csv",
        [
            ["CASE_NUMBER", "RECRUITER_EMPLOYER_NAME", "RECRUITER_EMPLOYER_COUNTRY"],
            ["H-400-22040-000001", "Agencia Uno", "MEXICO"],
            ["H-400-22051-000002", "Agencia Dos", "GUATEMALA"],
        ],
    )
    with open_dol_file(appendix) as dol:
        assert dol.kind == FileKind.H2B_APPENDIX_C
        assert (dol.info.fiscal_year, dol.info.fiscal_year_source) == (2022, "case_number")


def test_it_detects_csv_encodings_and_delimiters(tmp_path: Path) -> None:
    """UTF-8 with BOM, cp1252 and semicolon-separated CSVs read the same accented names."""
    rows = [
        ["Program", "Entity Debarred", "City", "State", "Start Date", "End Date"],
        ["H-2A", "Agrícola Peñasco", "Yuma", "AZ", "2011-01-06", "2013-01-05"],
    ]
    paths = [
        write_csv(tmp_path / "debarments_bom.csv", rows, encoding="utf-8-sig"),
        write_csv(tmp_path / "debarments_1252.csv", rows, encoding="cp1252"),
        write_csv(tmp_path / "debarments_semicolon.csv", rows, delimiter=";"),
    ]
    for path in paths:
        kind, _, results = _records(path)
        assert kind == FileKind.DEBARMENTS
        (debarment,) = results
        assert not isinstance(debarment, RowError)
        assert getattr(debarment, "name") == "Agrícola Peñasco"  # noqa: B009


def test_it_reads_a_whisard_zip_and_reports_progress(tmp_path: Path) -> None:
    """whd_whisard.csv.zip is read from inside the zip, with progress reported as it goes."""
    header = [
        "case_id",
        "trade_nm",
        "legal_name",
        "cty_nm",
        "st_cd",
        "zip_cd",
        "naic_cd",
        "findings_start_date",
        "findings_end_date",
        "h2a_violtn_cnt",
        "h2a_bw_atp_amt",
        "h2a_ee_atp_cnt",
        "h2a_cmp_assd_amt",
        "mspa_violtn_cnt",
        "flsa_violtn_cnt",
    ]
    lines = [",".join(header)] + [
        f"{1000 + i},Farm {i},Farm {i} LLC,Lyons,GA,30436,111998,2012-01-01,2013-12-31,"
        f"{i % 3},{i * 10}.00,{i % 5},0.00,0,1"
        for i in range(2500)
    ]
    archive = tmp_path / "whd_whisard.csv.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("whd_whisard.csv", "\n".join(lines) + "\n")
    seen: list[tuple[int, int | None]] = []
    with open_dol_file(archive, progress=lambda done, total: seen.append((done, total))) as dol:
        assert dol.kind == FileKind.WHD
        results = list(parse_rows(dol))
    assert len(results) == 2500
    assert not any(isinstance(r, RowError) for r in results)
    assert [done for done, _ in seen] == [1000, 2000, 2500]
    assert seen[-1] == (2500, 2500)
    last = results[-1]
    assert getattr(last, "h2a").back_wages == Decimal("24990.00")  # noqa: B009


def test_it_reports_the_row_total_of_a_workbook_up_front(tmp_path: Path) -> None:
    """For a workbook the progress total is the number of data rows, known before reading."""
    rows = [["CASE_NUMBER", "CROP_AGRICULTURAL_ACTIVITY", "WAGE_OFFER", "PER"]] + [
        [f"H-300-22001-{i:06d}", "Apples", 15.03, "Hour"] for i in range(30)
    ]
    seen: list[tuple[int, int | None]] = []
    path = write_xlsx(tmp_path / "H-2A_Addendum_A_FY2023_Q1.xlsx", rows)
    with open_dol_file(path, progress=lambda d, t: seen.append((d, t)), progress_every=10) as dol:
        assert dol.rows_total == 30
        assert len(list(dol)) == 30
    assert seen == [(10, 30), (20, 30), (30, 30), (30, 30)]
