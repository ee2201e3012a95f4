"""Fictional directory data for `make run`: invented employers and recruiters shaped like DOL's files.

The generator writes CSV files with the real files' headers into the data folder and imports
them through the real importer (marked fictional), so the demo exercises the same code as
production. It is deterministic: running it again finds the same files and changes nothing.
Every name carries "(demo)" or an obviously invented word, and pages mark them fictional.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

from django.conf import settings

from jornada.directory.services.imports import dol_file_import

SEED = 20261123
YEARS = (2022, 2023, 2024)
EMPLOYERS = [
    "Rancho Los Pinos Ficticio (demo)",
    "Huertas del Valle Inventado (demo)",
    "Paisajismo Imaginario LLC (demo)",
    "Granja La Esperanza de Muestra (demo)",
    "Viveros Sierra Ejemplo (demo)",
    "Mariscos Simulados Inc (demo)",
    "Cosechas del Sur Ficticias (demo)",
    "Campos Verdes Inventados (demo)",
    "Hotel Playa Imaginaria (demo)",
    "Frutales El Roble de Muestra (demo)",
    "Tabacos Ejemplo Farms (demo)",
    "Jardines Simulados Co (demo)",
]
PLACES = [
    ("Tifton", "GA"),
    ("Yakima", "WA"),
    ("Salinas", "CA"),
    ("Kinston", "NC"),
    ("Immokalee", "FL"),
    ("Hood River", "OR"),
]
CROPS = ["Apples", "Blueberries", "Tobacco", "Sweet Potatoes", "Strawberries", "Cherries"]
H2B_JOBS = [
    ("Landscaping and Groundskeeping Workers", "37-3011"),
    ("Meat, Poultry, and Fish Cutters", "51-3022"),
    ("Maids and Housekeeping Cleaners", "37-2012"),
]
RECRUITERS = [
    ("Reclutadora Ficticia del Norte (demo)", "Monterrey", "NUEVO LEON", "MEXICO"),
    ("Agencia Inventada de Empleo (demo)", "Oaxaca", "OAXACA", "MEXICO"),
    ("Contrataciones Simuladas (demo)", "Quetzaltenango", "QUETZALTENANGO", "GUATEMALA"),
]
PEOPLE = ["Ana Ejemplo", "Luis Muestra", "Rosa Demo", "Jorge Ficticio"]


def _write(path: Path, header: list[str], rows: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def demo_files(folder: Path) -> list[Path]:
    """Write the fictional files (the same bytes every time) and return their paths."""
    rng = random.Random(SEED)  # noqa: S311 - invented data, not security
    employers = EMPLOYERS
    files = []
    h2a_header = [
        "CASE_NUMBER",
        "CASE_STATUS",
        "DECISION_DATE",
        "REQUESTED_START_DATE_OF_NEED",
        "REQUESTED_END_DATE_OF_NEED",
        "PRIMARY/SUB",
        "EMPLOYER_NAME",
        "TRADE_NAME_DBA",
        "EMPLOYER_CITY",
        "EMPLOYER_STATE",
        "EMPLOYER_COUNTRY",
        "AGENT_ATTORNEY_NAME",
        "LAWFIRM_NAME",
        "JOB_TITLE",
        "SOC_CODE",
        "SOC_TITLE",
        "PRIMARY_CROP",
        "NBR_WORKERS_REQUESTED",
        "NBR_WORKERS_CERTIFIED",
        "BASIC_NUMBER_OF_HOURS",
        "BASIC_RATE_OF_PAY",
        "BASIC_UNIT_OF_PAY",
        "WORKSITE_CITY",
        "WORKSITE_COUNTY",
        "WORKSITE_STATE",
        "WORKSITE_POSTAL_CODE",
    ]
    h2b_header = [
        "CASE_NUMBER",
        "CASE_STATUS",
        "DECISION_DATE",
        "CERTIFICATION_BEGIN_DATE",
        "CERTIFICATION_END_DATE",
        "EMPLOYER_NAME",
        "TRADE_NAME_DBA",
        "EMPLOYER_CITY",
        "EMPLOYER_STATE",
        "EMPLOYER_COUNTRY",
        "AGENT_ATTORNEY_NAME",
        "LAWFIRM_NAME",
        "JOB_TITLE",
        "SOC_CODE",
        "SOC_TITLE",
        "NBR_WORKERS_REQUESTED",
        "NBR_WORKERS_CERTIFIED",
        "BASIC_NUMBER_OF_HOURS",
        "BASIC_RATE_OF_PAY",
        "PAY_RANGE_UNIT",
        "WORKSITE_CITY",
        "WORKSITE_COUNTY",
        "WORKSITE_STATE",
        "WORKSITE_POSTAL_CODE",
        "VISA_CLASS",
    ]
    for year in YEARS:
        h2a_rows, h2b_rows, activities, housing, recruiters = [], [], [], [], []
        for index, employer in enumerate(employers):
            city, state = PLACES[index % len(PLACES)]
            number = f"H-300-{year % 100}{index:03d}-{year}{index:02d}"
            requested = rng.randint(4, 60)
            begin_month = rng.randint(3, 6)
            if index % 3 != 2:  # two in three are farms (H-2A)
                crop = CROPS[index % len(CROPS)]
                h2a_rows.append(
                    {
                        "CASE_NUMBER": number,
                        "CASE_STATUS": "Determination Issued - Certification",
                        "DECISION_DATE": f"{year}-0{begin_month - 1}-15",
                        "REQUESTED_START_DATE_OF_NEED": f"{year}-0{begin_month}-01",
                        "REQUESTED_END_DATE_OF_NEED": f"{year}-{begin_month + 5:02d}-30",
                        "PRIMARY/SUB": "PRI",
                        "EMPLOYER_NAME": employer,
                        "TRADE_NAME_DBA": "",
                        "EMPLOYER_CITY": city,
                        "EMPLOYER_STATE": state,
                        "EMPLOYER_COUNTRY": "UNITED STATES OF AMERICA",
                        "AGENT_ATTORNEY_NAME": "Abogada Inventada (demo)",
                        "LAWFIRM_NAME": "Despacho Ficticio (demo)",
                        "JOB_TITLE": "Farmworker",
                        "SOC_CODE": "45-2092",
                        "SOC_TITLE": "Farmworkers and Laborers, Crop, Nursery, and Greenhouse",
                        "PRIMARY_CROP": crop,
                        "NBR_WORKERS_REQUESTED": requested,
                        "NBR_WORKERS_CERTIFIED": requested - rng.randint(0, 3),
                        "BASIC_NUMBER_OF_HOURS": 40,
                        "BASIC_RATE_OF_PAY": f"{14 + year - 2022 + index * 0.1:.2f}",
                        "BASIC_UNIT_OF_PAY": "Hour",
                        "WORKSITE_CITY": city,
                        "WORKSITE_COUNTY": "Demo County",
                        "WORKSITE_STATE": state,
                        "WORKSITE_POSTAL_CODE": "00000",
                    }
                )
                activities.append(
                    {
                        "CASE_NUMBER": number,
                        "JOB_ORDER_NUMBER": f"JO-A-{number[2:]}",
                        "CROP_ID": "",
                        "CROP_AGRICULTURAL_ACTIVITY": crop,
                        "WAGE_OFFER": "15.00",
                        "PER": "Hour",
                        "PIECE_RATE_UNITS_SPECIAL_PAY": "",
                    }
                )
                housing.append(
                    {
                        "CASE_NUMBER": number,
                        "JO_ORDER_NUMBER": f"JO-A-{number[2:]}",
                        "TYPE_OF_HOUSING": "Mobile home",
                        "PHYSICAL_LOCATION_CITY": city,
                        "PHYSICAL_LOCATION_STATE": state,
                        "PHYSICAL_LOCATION_COUNTY": "Demo County",
                        "TOTAL_UNITS": 3,
                        "TOTAL_OCCUPANCY": 12,
                    }
                )
            else:
                job, soc = H2B_JOBS[index % len(H2B_JOBS)]
                number = number.replace("H-300", "H-400")
                h2b_rows.append(
                    {
                        "CASE_NUMBER": number,
                        "CASE_STATUS": "Determination Issued - Certification",
                        "DECISION_DATE": f"{year}-0{begin_month - 1}-15",
                        "CERTIFICATION_BEGIN_DATE": f"{year}-0{begin_month}-01",
                        "CERTIFICATION_END_DATE": f"{year}-{begin_month + 6:02d}-30",
                        "EMPLOYER_NAME": employer,
                        "TRADE_NAME_DBA": "",
                        "EMPLOYER_CITY": city,
                        "EMPLOYER_STATE": state,
                        "EMPLOYER_COUNTRY": "UNITED STATES OF AMERICA",
                        "AGENT_ATTORNEY_NAME": "",
                        "LAWFIRM_NAME": "",
                        "JOB_TITLE": job,
                        "SOC_CODE": soc,
                        "SOC_TITLE": job,
                        "NBR_WORKERS_REQUESTED": requested,
                        "NBR_WORKERS_CERTIFIED": requested,
                        "BASIC_NUMBER_OF_HOURS": 40,
                        "BASIC_RATE_OF_PAY": "16.50",
                        "PAY_RANGE_UNIT": "Hour",
                        "WORKSITE_CITY": city,
                        "WORKSITE_COUNTY": "Demo County",
                        "WORKSITE_STATE": state,
                        "WORKSITE_POSTAL_CODE": "00000",
                        "VISA_CLASS": "H-2B",
                    }
                )
                name, rcity, rstate, country = RECRUITERS[(index // 3) % len(RECRUITERS)]
                last, first = PEOPLE[index % len(PEOPLE)].split()[::-1]
                recruiters.append(
                    {
                        "CASE_NUMBER": number,
                        "RECRUITER_LAST_NAME": last,
                        "RECRUITER_FIRST_NAME": first,
                        "RECRUITER_MIDDLE_NAME": "",
                        "RECRUITER_EMPLOYER_NAME": name,
                        "RECRUITER_EMPLOYER_CITY": rcity,
                        "RECRUITER_EMPLOYER_STATE": "",
                        "RECRUITER_EMPLOYER_POSTAL_CODE": "",
                        "RECRUITER_EMPLOYER_COUNTRY": country,
                        "RECRUITER_EMPLOYER_PROVINCE": rstate,
                    }
                )
        files.append(_write(folder / f"H-2A_Disclosure_Data_FY{year}_Q4.csv", h2a_header, h2a_rows))
        files.append(_write(folder / f"H-2B_Disclosure_Data_FY{year}_Q4.csv", h2b_header, h2b_rows))
        files.append(
            _write(
                folder / f"H-2A_Addendum_A_Disclosure_Data_FY{year}_Q4.csv", list(activities[0]), activities
            )
        )
        files.append(_write(folder / f"H-2A_Addendum_B_Housing_FY{year}_Q4.csv", list(housing[0]), housing))
        files.append(_write(folder / f"H-2B_Appendix_C_FY{year}_Q4.csv", list(recruiters[0]), recruiters))
    whd = [
        {
            "case_id": "DEMO-1",
            "trade_nm": "",
            "legal_name": employers[0],
            "cty_nm": PLACES[0][0],
            "st_cd": PLACES[0][1],
            "zip_cd": "00000",
            "naic_cd": "111339",
            "naics_code_description": "Other Noncitrus Fruit Farming",
            "findings_start_date": "2022-06-01",
            "findings_end_date": "2023-05-31",
            "h2a_violtn_cnt": 7,
            "h2a_bw_atp_amt": "12400.00",
            "h2a_ee_atp_cnt": 31,
            "h2a_cmp_assd_amt": "5000.00",
            "h2b_violtn_cnt": 0,
            "h2b_bw_atp_amt": "0.00",
            "h2b_ee_atp_cnt": 0,
            "h2b_cmp_assd_amt": "0.00",
            "mspa_violtn_cnt": 0,
            "mspa_bw_atp_amt": "0.00",
            "mspa_ee_atp_cnt": 0,
            "mspa_cmp_assd_amt": "0.00",
            "flsa_violtn_cnt": 0,
            "flsa_bw_atp_amt": "0.00",
            "flsa_ee_atp_cnt": 0,
            "flsa_cmp_assd_amt": "0.00",
        }
    ]
    files.append(_write(folder / "whd_whisard_demo.csv", list(whd[0]), whd))
    debarments = [
        {
            "Program": "H-2A",
            "Entity Debarred": employers[3],
            "City": PLACES[3][0],
            "State": PLACES[3][1],
            "Start Date": "2023-03-01",
            "End Date": "2026-02-28",
            "Sources": "fictional",
            "Notes": "demo",
        }
    ]
    files.append(_write(folder / "debarments_demo.csv", list(debarments[0]), debarments))
    return files


def create_demo_data(stdout: Any = None) -> None:
    """Write and import the fictional DOL files (idempotent)."""
    folder = Path(settings.DATA_DIR) / "demo-dol"
    created = 0
    for path in demo_files(folder):
        result = dol_file_import(path=path, fictional=True)
        created += result.created
    if stdout is not None:
        stdout.write(f"Fictional directory: {created} records created from {folder}.")
