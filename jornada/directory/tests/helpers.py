"""Small DOL-shaped files for tests, imported through the real importer."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from jornada.directory.services.imports import ImportResult, dol_file_import

H2A_HEADER = [
    "CASE_NUMBER", "CASE_STATUS", "DECISION_DATE", "REQUESTED_START_DATE_OF_NEED", "REQUESTED_END_DATE_OF_NEED",
    "PRIMARY/SUB", "EMPLOYER_NAME", "TRADE_NAME_DBA", "EMPLOYER_CITY", "EMPLOYER_STATE", "EMPLOYER_COUNTRY",
    "AGENT_ATTORNEY_NAME", "LAWFIRM_NAME", "JOB_TITLE", "SOC_TITLE", "PRIMARY_CROP", "NBR_WORKERS_REQUESTED",
    "NBR_WORKERS_CERTIFIED", "BASIC_NUMBER_OF_HOURS", "BASIC_RATE_OF_PAY", "BASIC_UNIT_OF_PAY", "WORKSITE_CITY",
    "WORKSITE_STATE",
]  # fmt: skip


def h2a_row(number: str, employer: str, state: str = "GA", **values: Any) -> dict[str, Any]:
    return {
        "CASE_NUMBER": number,
        "CASE_STATUS": "Determination Issued - Certification",
        "DECISION_DATE": "2017-03-01",
        "REQUESTED_START_DATE_OF_NEED": "2017-04-01",
        "REQUESTED_END_DATE_OF_NEED": "2017-10-31",
        "PRIMARY/SUB": "PRI",
        "EMPLOYER_NAME": employer,
        "TRADE_NAME_DBA": "",
        "EMPLOYER_CITY": "Tifton",
        "EMPLOYER_STATE": state,
        "EMPLOYER_COUNTRY": "UNITED STATES OF AMERICA",
        "AGENT_ATTORNEY_NAME": "",
        "LAWFIRM_NAME": "",
        "JOB_TITLE": "Farmworker",
        "SOC_TITLE": "Farmworkers and Laborers, Crop",
        "PRIMARY_CROP": "Apples",
        "NBR_WORKERS_REQUESTED": 10,
        "NBR_WORKERS_CERTIFIED": 10,
        "BASIC_NUMBER_OF_HOURS": 40,
        "BASIC_RATE_OF_PAY": "11.46",
        "BASIC_UNIT_OF_PAY": "Hour",
        "WORKSITE_CITY": "Tifton",
        "WORKSITE_STATE": state,
        **values,
    }


def write_csv(path: Path, header: list[str], rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def import_h2a(folder: Path, year: int, rows: list[dict[str, Any]], *, quarter: int = 4) -> ImportResult:
    path = write_csv(folder / f"H-2A_Disclosure_Data_FY{year}_Q{quarter}.csv", H2A_HEADER, rows)
    return dol_file_import(path=path)


WHD_HEADER = [
    "case_id", "trade_nm", "legal_name", "cty_nm", "st_cd", "zip_cd", "naic_cd", "naics_code_description",
    "case_violtn_cnt", "findings_start_date", "findings_end_date", "flsa_violtn_cnt", "flsa_bw_atp_amt",
    "flsa_ee_atp_cnt", "flsa_cmp_assd_amt", "mspa_violtn_cnt", "mspa_bw_atp_amt", "mspa_ee_atp_cnt",
    "mspa_cmp_assd_amt", "h2a_violtn_cnt", "h2a_bw_atp_amt", "h2a_ee_atp_cnt", "h2a_cmp_assd_amt",
    "h2b_violtn_cnt", "h2b_bw_atp_amt", "h2b_ee_atp_cnt",
]  # fmt: skip


def whd_row(case_id: str, employer: str, state: str = "GA", **values: Any) -> dict[str, Any]:
    """A WHISARD row with an H-2A finding: 31 workers owed $12,400."""
    return {
        **dict.fromkeys(WHD_HEADER, "0"),
        "case_id": case_id,
        "trade_nm": "",
        "legal_name": employer,
        "cty_nm": "Tifton",
        "st_cd": state,
        "zip_cd": "31794",
        "naic_cd": "111219",
        "naics_code_description": "Other Vegetable Farming",
        "findings_start_date": "2013-01-01",
        "findings_end_date": "2013-12-31",
        "case_violtn_cnt": "31",
        "h2a_violtn_cnt": "31",
        "h2a_bw_atp_amt": "12400.00",
        "h2a_ee_atp_cnt": "31",
        **values,
    }


def import_whd(folder: Path, rows: list[dict[str, Any]], *, name: str = "whd_whisard.csv") -> ImportResult:
    return dol_file_import(path=write_csv(folder / name, WHD_HEADER, rows))


DEBARMENT_HEADER = [
    "Program",
    "Entity Debarred",
    "City",
    "State",
    "Start Date",
    "End Date",
    "Sources",
    "Notes",
]


def import_debarments(folder: Path, rows: list[dict[str, Any]]) -> ImportResult:
    return dol_file_import(path=write_csv(folder / "h2_debarments.csv", DEBARMENT_HEADER, rows))
