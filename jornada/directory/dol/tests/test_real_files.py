"""The parsing layer against the real DOL files in shared/data/dol (skipped when absent)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import fields
from decimal import Decimal
from pathlib import Path

import pytest
import python_calamine

from jornada.directory.dol.columns import FileKind
from jornada.directory.dol.normalise import RowError
from jornada.directory.dol.readers import detect_file, open_dol_file
from jornada.directory.dol.records import (
    AppendixCRecruiter,
    AppendixDClient,
    H2ACase,
    H2BCase,
    Record,
    WhdCase,
    parse_rows,
)

# file name → (kind, fiscal year, quarter, data rows); row counts from shared/data/README.md
# (the debarment list's 141 rows were counted here: the README gives no figure).
EXPECTED = {
    "H-2A_Disclosure_Data_FY17.xlsx": (FileKind.H2A_MAIN, 2017, None, 12_930),
    "H-2B_Disclosure_Data_FY2019.xlsx": (FileKind.H2B_MAIN, 2019, None, 9_236),
    "H-2A_Addendum_A_Disclosure_Data_FY2022_Q2.xlsx": (FileKind.H2A_ADDENDUM_A, 2022, 2, 28_899),
    "H-2A_Addendum_B_Housing_FY2022_Q2.xlsx": (FileKind.H2A_ADDENDUM_B, 2022, 2, 13_134),
    "H-2B_Appendix_A_FY2022_Q2.xlsx": (FileKind.H2B_APPENDIX_A, 2022, 2, 29_814),
    "H-2B_Appendix_C_FY2022_Q2.xlsx": (FileKind.H2B_APPENDIX_C, 2022, 2, 40_887),
    "H-2B_Appendix_D_FY2022_Q2.xlsx": (FileKind.H2B_APPENDIX_D, 2022, 2, 18),
    "whd_whisard_sample_laborsight_2013.csv": (FileKind.WHD, None, None, 24),
    "buzzfeed_h2_debarments_2010_2014.csv": (FileKind.DEBARMENTS, None, None, 141),
}

# Rows rejected outright, by (code, field).  Each is justified:
# * H-2B FY2019 rows 3, 7440 and 9028 are withdrawn applications published with no
#   employer name at all (nor address): there is nobody to attach the case to.
EXPECTED_REJECTIONS: dict[str, dict[tuple[str, str | None], int]] = {
    "H-2B_Disclosure_Data_FY2019.xlsx": {("missing_value", "employer_name"): 3},
}

# Non-fatal cell problems (the field becomes None; the row is kept), by (code, field):
# * FY2017 H-2A: 7 requested periods end before they begin (typos in the source);
# * FY2019 H-2B: 1 certified period ends before it begins;
# * Appendix C: 9 US recruiters with a misspelt state ("Vriginia");
# * debarments: 2 employers in Canada ("Alberta, Canada") — kept as published.
EXPECTED_ISSUES: dict[str, dict[tuple[str, str | None], int]] = {
    "H-2A_Disclosure_Data_FY17.xlsx": {("invalid_period", "requested_period"): 7},
    "H-2B_Disclosure_Data_FY2019.xlsx": {("invalid_period", "certified_period"): 1},
    "H-2B_Appendix_C_FY2022_Q2.xlsx": {("invalid_state", "state"): 9},
    "buzzfeed_h2_debarments_2010_2014.csv": {("invalid_state", "state"): 2},
}

# Ten or more digits however punctuated (US and Mexican numbers), or a local 555-1234.
_PHONE_LIKE = re.compile(r"(?:\+?\d[\s().-]*){10,}|\b\d{3}-\d{4}\b")


def _parse_all(path: Path) -> tuple[list[Record], list[RowError]]:
    records: list[Record] = []
    rejected: list[RowError] = []
    with open_dol_file(path) as dol:
        for result in parse_rows(dol):
            if isinstance(result, RowError):
                rejected.append(result)
            else:
                records.append(result)
    return records, rejected


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_detects_kind_and_fiscal_year_of_each_real_file(dol_dir: Path, name: str) -> None:
    """Every shared file's kind, fiscal year and quarter come out as published."""
    kind, year, quarter, _ = EXPECTED[name]
    info = detect_file(dol_dir / name)
    assert (info.kind, info.fiscal_year, info.quarter) == (kind, year, quarter)
    expected_source = "not_applicable" if year is None else "file_name"
    assert info.fiscal_year_source == expected_source


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_parses_or_rejects_every_row_of_each_real_file(dol_dir: Path, name: str) -> None:
    """Row counts match the README and every row parses or is rejected with a stated reason."""
    expected_rows = EXPECTED[name][3]
    records, rejected = _parse_all(dol_dir / name)
    rejections = Counter((error.code, error.field) for error in rejected)
    issues = Counter((issue.code, issue.field) for record in records for issue in record.issues)
    print(f"\n{name}: {len(records) + len(rejected)} rows, {len(records)} records")
    print(f"  rejected by code: {dict(rejections) or 'none'}")
    print(f"  kept with issues by code: {dict(issues) or 'none'}")
    assert len(records) + len(rejected) == expected_rows
    assert dict(rejections) == EXPECTED_REJECTIONS.get(name, {})
    assert dict(issues) == EXPECTED_ISSUES.get(name, {})
    assert all(error.row_number is not None and error.row_number >= 2 for error in rejected)
    assert all(issue.row_number == record.row_number for record in records for issue in record.issues)
    numbers = [record.row_number for record in records]
    assert numbers == sorted(numbers)
    assert numbers[0] == 2


def test_it_reads_the_first_fy2017_h2a_case_faithfully(dol_dir: Path) -> None:
    """Row 2 of H-2A FY2017 becomes the case DOL published, typed."""
    records, _ = _parse_all(dol_dir / "H-2A_Disclosure_Data_FY17.xlsx")
    case = records[0]
    assert isinstance(case, H2ACase)
    assert case.row_number == 2
    assert case.case_number == "H-300-17097-485527"
    assert case.employer_name == "G & G Farm & Ranch, Inc."
    assert (case.employer_city, case.employer_state, case.employer_postal_code) == (
        "Palacios",
        "TX",
        "77465",
    )
    assert case.status_code == "certified"
    assert case.fiscal_year == 2017
    assert case.decision_date == dt.date(2017, 6, 8)
    assert (case.period_begin, case.period_end) == (dt.date(2017, 5, 1), dt.date(2018, 2, 1))
    assert (case.workers_requested, case.workers_certified) == (15, 15)
    assert (case.wage_offered, case.wage_unit) == (Decimal("11.59"), "hour")
    assert case.hours_per_week == Decimal("40.0")
    assert (case.soc_code, case.naics_code, case.primary_crop) == ("45-2093", "1121", "Livestock")
    assert (case.worksite_city, case.worksite_county, case.worksite_state) == (
        "Palacios",
        "Matagorda",
        "TX",
    )
    assert case.agent_attorney_name == "Elizabeth Reed"
    assert case.law_firm_name == "ELIZABETH REED LAW FIRM, PLLC"
    assert "361-972-2005" not in vars(case).values()


def test_it_turns_fy2019_h2b_state_names_into_codes(dol_dir: Path) -> None:
    """H-2B FY2019 spells states out ("KENTUCKY"); records carry USPS codes and ZIPs as text."""
    records, _ = _parse_all(dol_dir / "H-2B_Disclosure_Data_FY2019.xlsx")
    case = records[0]
    assert isinstance(case, H2BCase)
    assert (case.employer_state, case.worksite_state) == ("KY", "FL")
    assert (case.employer_postal_code, case.worksite_postal_code) == ("40505", "33009")
    assert case.employer_address2 is None  # published as "N/A"
    states = {r.worksite_state for r in records if isinstance(r, H2BCase)} - {None}
    assert all(isinstance(s, str) and len(s) == 2 for s in states)
    assert "MP" in states  # Northern Mariana Islands


def test_it_keeps_appendix_c_recruiters_and_their_named_persons_only(dol_dir: Path) -> None:
    """Appendix C records hold the organisation, its place and the persons' names, nothing else."""
    records, _ = _parse_all(dol_dir / "H-2B_Appendix_C_FY2022_Q2.xlsx")
    first = records[0]
    assert isinstance(first, AppendixCRecruiter)
    assert (first.organisation_name, first.city, first.state_or_province) == (
        "ADNIL SERVICES, INC",
        "NORTH VENICE",
        "FL",
    )
    assert (first.person_last_name, first.person_first_name) == ("TURNER", "LINDA")
    assert {f.name for f in fields(AppendixCRecruiter)} == {
        "row_number",
        "issues",
        "case_number",
        "organisation_name",
        "city",
        "state_or_province",
        "country",
        "person_last_name",
        "person_first_name",
        "person_middle_name",
    }
    individuals = [r for r in records if isinstance(r, AppendixCRecruiter) and not r.organisation_name]
    assert individuals
    assert all(r.person_last_name for r in individuals)
    mexican = [r for r in records if isinstance(r, AppendixCRecruiter) and r.country == "MEXICO"]
    assert len(mexican) > 30_000


def _published_contacts(path: Path) -> set[str]:
    """Every phone number and e-mail printed in a workbook, read straight from the file."""
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = iter(workbook.get_sheet_by_index(0).iter_rows())
    header = [str(cell).upper() for cell in next(rows)]
    wanted = [i for i, name in enumerate(header) if "PHONE" in name or "EMAIL" in name]
    contacts: set[str] = set()
    for row in rows:
        for index in wanted:
            cell = row[index]
            if cell not in ("", None):
                text = (str(int(cell)) if isinstance(cell, float) else str(cell)).strip()
                if "@" in text or len(text) >= 7:  # not the short phone extensions
                    contacts.add(text)
    workbook.close()
    return contacts


def test_it_never_outputs_appendix_d_phones_or_emails(dol_dir: Path) -> None:
    """No Appendix D record value contains an '@', a phone-like digit run or a published contact."""
    path = dol_dir / "H-2B_Appendix_D_FY2022_Q2.xlsx"
    records, rejected = _parse_all(path)
    contacts = _published_contacts(path)
    assert len(records) == 18
    assert not rejected
    assert len(contacts) >= 18  # the file does carry phones and e-mails
    for record in records:
        assert isinstance(record, AppendixDClient)
        for name, value in vars(record).items():
            if not isinstance(value, str) or name == "case_number":
                continue  # a case number is an identifier, not a phone
            assert "@" not in value, value
            assert not _PHONE_LIKE.search(value), value
            assert not any(contact in value for contact in contacts), value
    first = records[0]
    assert isinstance(first, AppendixDClient)
    assert (first.legal_name, first.city, first.state, first.postal_code) == (
        "MCNULTY & CO",
        "SWARTHMORE",
        "PA",
        "19081",
    )
    second = records[1]
    assert isinstance(second, AppendixDClient)
    assert second.address2 == "600"  # a suite number stored as a number


def test_it_reads_whisard_findings_per_programme(dol_dir: Path) -> None:
    """WHISARD rows become cases with H-2A, H-2B, MSPA and FLSA findings."""
    records, rejected = _parse_all(dol_dir / "whd_whisard_sample_laborsight_2013.csv")
    assert len(records) == 24
    assert not rejected
    first = records[0]
    assert isinstance(first, WhdCase)
    assert (first.case_id, first.trade_name, first.legal_name) == (
        "1424600",
        "Burger King",
        "Mastoran, Inc.",
    )
    assert (first.state, first.postal_code, first.naics_code) == ("NH", "03561", "722110")
    assert first.findings_start_date == dt.date(2003, 11, 4)
    assert first.flsa.back_wages == Decimal("0.00")
    assert first.h2b.civil_penalties is None
    assert any(r.h2a.any or r.mspa.any for r in records if isinstance(r, WhdCase))
