"""H-2A files: the disclosure file, Addendum A (crops, activities, wages) and Addendum B (housing).

What the sources (``fields.SOURCES``) confirm, by kind and fiscal year:

* ``h2a_main`` — FY2008 (HRM, MAR, LAT: ``CASE_NO``, ``NBR_WORKERS_REQUSTED`` typo,
  ``BASIC_NBR_HOURS``, ``WAGE_RATE_PER``, ``ALIEN_WORK_CITY/STATE``); FY2009 (HRM:
  ``BASIC_HOURS_PER_WEEK``; NB9); FY2010-FY2012 (VDP header with rows, LAT, NB9,
  MAR); FY2013 (LAT, MAR, NB9); FY2014 (LAT, QSS, MAR: ``WORKSITE_LOCATION_*``,
  ``SOC_CODE_ID``); FY2015-FY2016 (HRM, QSS, MAR: ``CASE_NUMBER``, ``NAIC_CODE``,
  ``PRIMARY/SUB``); FY2017 (REAL); FY2018 (HRM, QSS, MAR: ``CASE_NO`` again,
  ``PRIMARY_SUB``, ``FULL_TIME``); FY2019 (HRM, QSS, MAR: ``PRMARY/SUB``,
  ``EMPLOYER_REP_BY_AGENT``); FY2020 (TRLA, HRM, MAR, QSS: the redesigned ETA-9142A
  layout, ``TOTAL_WORKERS_H-2A_REQUESTED``, ``EMPLOYMENT_BEGIN_DATE``,
  ``WAGE_OFFER``/``PER``, ``ATTORNEY_AGENT_*``, ``HOURLY_WORK_SCHEDULE_START``);
  FY2021 (HRM, QSS: ``HOURLY_SCHEDULE_BEGIN``, ``MEALS_CHARGE``,
  ``TOTAL_WORKSITES_RECORDS``); FY2022-FY2025 (HRM, MAR: same layout,
  ``TOTAL_WORKSITE_RECORDS`` from FY2024, ``AG_ASSN_OR_AGENCY_STATUS`` from FY2024).
* ``h2a_addendum_a`` — FY2022 Q2 (REAL).  FY2020-FY2025 inferred to match (BZF
  lists the FY2020-FY2022 files but their contents are binary in the index).
* ``h2a_addendum_b`` (housing) — FY2022 Q2 (REAL: ``PHYSICAL_LOCATION_ADDRESS_1``);
  FY2020 Q3 (TRLA: ``PHYSICAL_LOCATION_ADDRESS1``); the main file's own housing
  columns (``HOUSING_ADDRESS_LOCATION``, ``HOUSING_CITY``, HRM/TRLA) are accepted
  too.  Other years inferred.
"""

from __future__ import annotations

from .fields import FileKind, KindSpec
from .fields import field_spec as _f
from .shared import AGENT, CASE_DATES, CASE_NUMBER, EMPLOYER, JOB, STATUS

H2A_MAIN = KindSpec(
    kind=FileKind.H2A_MAIN,
    fields=(
        CASE_NUMBER,
        *STATUS,
        *CASE_DATES,
        *EMPLOYER,
        _f(
            "employer_type",
            ("ORGANIZATION_FLAG", "REAL,HRM,VDP,MAR"),
            ("TYPE_OF_EMPLOYER_APPLICATION", "HRM,MAR"),
        ),
        _f("primary_sub", ("PRIMARY/SUB", "REAL,HRM"), ("PRMARY/SUB", "HRM,MAR")),
        *AGENT,
        *JOB,
        _f("primary_crop", ("PRIMARY_CROP", "REAL,HRM,LAT,VDP")),
        _f(
            "workers_requested",
            ("NBR_WORKERS_REQUESTED", "REAL,HRM,VDP"),
            ("TOTAL_WORKERS_H-2A_REQUESTED", "HRM,MAR,TRLA"),
            ("NBR_WORKERS_REQUSTED", "HRM,BZF"),
            ("NUM_ALIENS", "BZF"),
        ),
        _f(
            "workers_certified",
            ("NBR_WORKERS_CERTIFIED", "REAL,HRM,VDP,LAT,NB9"),
            ("TOTAL_WORKERS_H-2A_CERTIFIED", "HRM,MAR,TRLA"),
            required=True,
        ),
        _f("workers_needed", ("TOTAL_WORKERS_NEEDED", "HRM,MAR")),
        _f(
            "wage_offered",
            ("BASIC_RATE_OF_PAY", "REAL,HRM,VDP,NB9"),
            ("WAGE_OFFER", "HRM,MAR"),
            ("BASIC_PAY_RATE_FROM", "LAT"),
        ),
        _f(
            "wage_unit",
            ("BASIC_UNIT_OF_PAY", "REAL,HRM,VDP,NB9"),
            ("PER", "HRM,MAR"),
            ("WAGE_RATE_PER", "HRM"),
        ),
        _f("piece_rate_offer", ("PIECE_RATE_OFFER", "HRM")),
        _f("piece_rate_unit", ("PIECE_RATE_UNIT", "HRM")),
    ),
    signature=frozenset(
        {
            "primarycrop",
            "organizationflag",
            "totalworkersh2arequested",
            "totalworkersh2acertified",
            "h2alaborcontractor",
            "agassnoragencystatus",
            "primarysub",
            "prmarysub",
            "790aaddendumaattached",
            "790aaddendumbattached",
            "typeofemployerapplication",
            "addendumbhousingattached",
            "housingcompliancefederal",
            "nbrworkersrequsted",
        }
    ),
)


H2A_ADDENDUM_A = KindSpec(
    kind=FileKind.H2A_ADDENDUM_A,
    fields=(
        CASE_NUMBER,
        _f("job_order_number", ("JOB_ORDER_NUMBER", "REAL"), ("JO_ORDER_NUMBER", "INF")),
        _f("crop_id", ("CROP_ID", "REAL")),
        _f(
            "crop_activity",
            ("CROP_AGRICULTURAL_ACTIVITY", "REAL"),
            ("CROP_ACTIVITY", "INF"),
            ("AGRICULTURAL_ACTIVITY", "INF"),
            ("CROP", "INF"),
            required=True,
        ),
        _f("wage_offer", ("WAGE_OFFER", "REAL"), ("WAGE_RATE", "INF"), required=True),
        _f("wage_unit", ("PER", "REAL"), ("WAGE_PER", "INF"), ("UNIT_OF_PAY", "INF")),
        _f(
            "special_pay",
            ("PIECE_RATE_UNITS_SPECIAL_PAY", "REAL"),
            ("PIECE_RATE_UNITS", "INF"),
            ("SPECIAL_PAY_INFORMATION", "INF"),
            ("ADDITIONAL_WAGE_INFORMATION", "INF"),
        ),
    ),
    signature=frozenset(
        {
            "cropagriculturalactivity",
            "cropid",
            "pieceratesunitsspecialpay",
            "pieceratesunitspecialpay",
            "piecerateunitsspecialpay",
            "cropactivity",
            "agriculturalactivity",
        }
    ),
    excludes=frozenset({"employername"}),
)


H2A_ADDENDUM_B = KindSpec(
    kind=FileKind.H2A_ADDENDUM_B,
    fields=(
        CASE_NUMBER,
        _f("job_order_number", ("JO_ORDER_NUMBER", "REAL"), ("JOB_ORDER_NUMBER", "INF")),
        _f(
            "housing_type",
            ("TYPE_OF_HOUSING", "REAL,TRLA"),
            ("HOUSING_TYPE", "INF"),
            required=True,
        ),
        _f(
            "address1",
            ("PHYSICAL_LOCATION_ADDRESS_1", "REAL"),  # ...ADDRESS1 (TRLA) is the same key
            ("HOUSING_ADDRESS_LOCATION", "HRM,TRLA"),
            ("HOUSING_ADDRESS_1", "INF"),
            ("HOUSING_ADDRESS", "INF"),
        ),
        _f(
            "address2",
            ("PHYSICAL_LOCATION_ADDRESS_2", "REAL"),
            ("HOUSING_ADDRESS_2", "INF"),
        ),
        _f(
            "city",
            ("PHYSICAL_LOCATION_CITY", "REAL,TRLA"),
            ("HOUSING_CITY", "HRM,TRLA"),
            required=True,
        ),
        _f(
            "state",
            ("PHYSICAL_LOCATION_STATE", "REAL,TRLA"),
            ("HOUSING_STATE", "HRM,TRLA"),
            required=True,
        ),
        _f(
            "postal_code",
            ("PHYSICAL_LOCATION_POSTAL_CODE", "REAL,TRLA"),
            ("HOUSING_POSTAL_CODE", "HRM,TRLA"),
        ),
        _f(
            "county",
            ("PHYSICAL_LOCATION_COUNTY", "REAL,TRLA"),
            ("HOUSING_COUNTY", "HRM"),
        ),
        _f(
            "additional_info",
            ("ADDITIONAL_HOUSING_INFORMATION", "REAL"),
            ("ADDITIONAL_HOUSING_INFO", "INF"),
        ),
        _f("total_units", ("TOTAL_UNITS", "REAL,HRM"), ("HOUSING_TOTAL_UNITS", "INF")),
        _f(
            "total_occupancy",
            ("TOTAL_OCCUPANCY", "REAL,HRM,TRLA"),
            ("HOUSING_TOTAL_OCCUPANCY", "INF"),
        ),
        _f(
            "standards_local",
            ("HOUSING_STANDARDS_LOCAL", "REAL"),
            ("HOUSING_COMPLIANCE_LOCAL", "HRM"),
        ),
        _f(
            "standards_state",
            ("HOUSING_STANDARDS_STATE", "REAL"),
            ("HOUSING_COMPLIANCE_STATE", "HRM"),
        ),
        _f(
            "standards_federal",
            ("HOUSING_STANDARDS_FEDERAL", "REAL"),
            ("HOUSING_COMPLIANCE_FEDERAL", "HRM"),
        ),
    ),
    signature=frozenset(
        {
            "typeofhousing",
            "physicallocationaddress1",
            "physicallocationcity",
            "physicallocationstate",
            "totaloccupancy",
            "housingstandardslocal",
            "housingstandardsfederal",
            "additionalhousinginformation",
        }
    ),
    excludes=frozenset({"employername"}),
)
