"""H-2B files: the disclosure file, Appendix A (worksites), C (foreign labour recruiters) and D (employer clients).

What the sources (``fields.SOURCES``) confirm, by kind and fiscal year:

* ``h2b_main`` — FY2009-FY2015 (NB9, H2BV: ``CASE_NO`` to FY2012, ``CASE_NUMBER``
  from FY2013, ``ALIEN_WORK_STATE``, ``RECENT_DECISION_DATE`` in FY2014,
  ``PREVIALING_WAGE`` typo FY2013-FY2014, ``SOC_NAME``, ``DOT_OCCUPATIONAL_CODE``,
  ``NPC_SUBMITTED_DATE``, ``APPLICATION_TYPE``); FY2016-FY2018 partly (CS363:
  ``SUBMIT_DATE_NEW``, ``AGENT_POC_EMP_REP_BY_AGENT``, ``NUM_OF_MONTHS_TRAINING``);
  FY2019 (REAL); FY2020-FY2021 (TRLA: ``TOTAL_WORKERS_REQUESTED``,
  ``WORKSITE_ADDRESS1``, ``ATTORNEY_AGENT_ADDRESS1``); FY2026 Q2 (H2B26: full current
  layout, ``BASIC_WAGE_RATE_FROM/TO``, ``PER``, ``TOTAL_WORKERS_CERTIFIED``).
  FY2022-FY2025 are *inferred* to use the FY2020/FY2026 layout.
* ``h2b_appendix_a`` / ``h2b_appendix_c`` / ``h2b_appendix_d`` — FY2022 Q2 (REAL).
  Other years (FY2020-FY2025) inferred to match; the ``EMP_CLIENT_`` spellings that
  FY2022 Q2 already mixes into Appendix D are accepted for every field.
"""

from __future__ import annotations

from .fields import FileKind, KindSpec
from .fields import field_spec as _f
from .shared import AGENT, CASE_DATES, CASE_NUMBER, EMPLOYER, JOB, STATUS

H2B_MAIN = KindSpec(
    kind=FileKind.H2B_MAIN,
    fields=(
        CASE_NUMBER,
        *STATUS,
        *CASE_DATES,
        *EMPLOYER,
        _f("employer_type", ("TYPE_OF_EMPLOYER", "H2B26,OFLC")),
        *AGENT,
        *JOB,
        _f(
            "workers_requested",
            ("NBR_WORKERS_REQUESTED", "REAL,H2BV,CS363"),
            ("TOTAL_WORKERS_REQUESTED", "TRLA,H2B26,OFLC"),
            ("TOTAL_WORKERS_H-2B_REQUESTED", "INF"),
            ("NUM_ALIENS", "BZF"),
        ),
        _f(
            "workers_certified",
            ("NBR_WORKERS_CERTIFIED", "REAL,NB9,H2BV"),
            ("TOTAL_WORKERS_CERTIFIED", "H2B26,OFLC"),
            ("NBR_CERTIFIED_WORKERS", "CS363"),
            ("TOTAL_WORKERS_H-2B_CERTIFIED", "INF"),
            required=True,
        ),
        _f("workers_needed", ("TOTAL_WORKERS_NEEDED", "TRLA")),
        _f(
            "wage_offered",
            ("BASIC_RATE_OF_PAY", "REAL,NB9,H2BV"),
            ("BASIC_WAGE_RATE_FROM", "H2B26,OFLC"),
            ("BASIC_PAY_RATE_FROM", "INF"),
            ("WAGE_OFFER", "INF"),
        ),
        _f(
            "wage_offered_to",
            ("BASIC_WAGE_RATE_TO", "H2B26,OFLC"),
            ("BASIC_PAY_RATE_TO", "INF"),
        ),
        _f(
            "wage_unit",
            ("PAY_RANGE_UNIT", "REAL,CS363"),
            ("BASIC_UNIT_OF_PAY", "H2BV,OFLC"),
            ("PER", "H2B26"),
            ("WAGE_PER", "INF"),
        ),
        _f(
            "prevailing_wage",
            ("PREVAILING_WAGE", "NB9,OFLC"),
            ("PREVIALING_WAGE", "NB9,H2BV"),
        ),
        _f("prevailing_wage_unit", ("PW_UNIT_OF_PAY", "H2BV,OFLC")),
    ),
    signature=frozenset(
        {
            "prevailingwage",
            "previalingwage",
            "pwunitofpay",
            "payrangeunit",
            "basicwageratefrom",
            "basicwagerateto",
            "capsubjectworkers",
            "capexemptworkers",
            "capexempt",
            "typeofemployer",
            "appendixcattached",
            "appendixdcompleted",
            "foreignlaborrecruiter",
            "dotoccupationalcode",
            "dotname",
            "1stpwdcasenumber",
            "employerappendixbattached",
            "empclientappendixbattached",
            "totalworkersrequested",
            "totalworkerscertified",
        }
    ),
)


H2B_APPENDIX_A = KindSpec(
    kind=FileKind.H2B_APPENDIX_A,
    fields=(
        CASE_NUMBER,
        _f("worksite_address", ("WORKSITE_ADDRESS_1", "INF"), ("WORKSITE_ADDRESS", "INF")),
        _f("worksite_city", ("WORKSITE_CITY", "REAL"), required=True),
        _f("worksite_state", ("WORKSITE_STATE", "REAL"), required=True),
        _f("worksite_county", ("WORKSITE_COUNTY", "REAL")),
        _f("worksite_postal_code", ("WORKSITE_POSTAL_CODE", "INF")),
        _f(
            "area_title",
            ("MSA_NAME_OES_AREA_TITLE", "REAL,H2B26"),
            ("MSA_NAME", "INF"),
            ("OES_AREA_TITLE", "INF"),
        ),
        _f(
            "additional_info",
            ("ADDITIONAL_EMPLOYMENT_INFORMATION", "REAL"),
            ("ADDITIONAL_EMPLOYMENT_INFO", "INF"),
        ),
        _f("crew_id", ("CREW_ID", "REAL")),
        _f("total_workers", ("TOTAL_WORKERS", "REAL"), ("NUMBER_OF_WORKERS", "INF")),
        _f(
            "begin_date",
            ("BEGIN_DATE", "REAL"),
            ("EMPLOYMENT_BEGIN_DATE", "INF"),
            ("START_DATE", "INF"),
        ),
        _f("end_date", ("END_DATE", "REAL"), ("EMPLOYMENT_END_DATE", "INF")),
        _f(
            "wage_from",
            ("BASIC_WAGE_RATE_FROM", "REAL"),
            ("WAGE_RATE_FROM", "INF"),
            ("BASIC_RATE_OF_PAY", "INF"),
        ),
        _f("wage_to", ("BASIC_WAGE_RATE_TO", "REAL"), ("WAGE_RATE_TO", "INF")),
        _f("wage_unit", ("PER", "REAL"), ("PAY_RANGE_UNIT", "INF"), ("WAGE_PER", "INF")),
    ),
    signature=frozenset({"crewid", "msanameoesareatitle", "additionalemploymentinformation"}),
    excludes=frozenset({"employername", "tradenamedba"}),
)


H2B_APPENDIX_C = KindSpec(
    kind=FileKind.H2B_APPENDIX_C,
    fields=(
        CASE_NUMBER,
        _f("person_last_name", ("RECRUITER_LAST_NAME", "REAL")),
        _f("person_first_name", ("RECRUITER_FIRST_NAME", "REAL")),
        _f("person_middle_name", ("RECRUITER_MIDDLE_NAME", "REAL")),
        _f(
            "organisation_name",
            ("RECRUITER_EMPLOYER_NAME", "REAL"),
            ("RECRUITER_ORGANIZATION_NAME", "INF"),
            ("RECRUITER_BUSINESS_NAME", "INF"),
            ("FOREIGN_LABOR_RECRUITER_NAME", "INF"),
            required=True,
        ),
        _f("city", ("RECRUITER_EMPLOYER_CITY", "REAL"), ("RECRUITER_CITY", "INF")),
        _f("state", ("RECRUITER_EMPLOYER_STATE", "REAL"), ("RECRUITER_STATE", "INF")),
        _f(
            "province",
            ("RECRUITER_EMPLOYER_PROVINCE", "REAL"),
            ("RECRUITER_PROVINCE", "INF"),
        ),
        _f(
            "country",
            ("RECRUITER_EMPLOYER_COUNTRY", "REAL"),
            ("RECRUITER_COUNTRY", "INF"),
        ),
    ),
    signature=frozenset(
        {
            "recruiteremployername",
            "recruiterlastname",
            "recruiterfirstname",
            "recruiteremployercountry",
            "recruiteremployercity",
            "recruiterorganizationname",
        }
    ),
    excludes=frozenset({"employername"}),
)


H2B_APPENDIX_D = KindSpec(
    kind=FileKind.H2B_APPENDIX_D,
    fields=(
        CASE_NUMBER,
        _f(
            "legal_name",
            ("EMPLOYER_CLIENT_LEGAL_BUSINESS_NAME", "REAL"),
            ("EMP_CLIENT_LEGAL_BUSINESS_NAME", "INF"),
            ("EMPLOYER_CLIENT_NAME", "INF"),
            required=True,
        ),
        _f(
            "trade_name",
            ("EMPLOYER_CLIENT_TRADE_NAME_DBA", "REAL"),
            ("EMP_CLIENT_TRADE_NAME_DBA", "INF"),
        ),
        _f(
            "address1",
            ("EMPLOYER_CLIENT_ADDRESS1", "REAL"),
            ("EMP_CLIENT_ADDRESS1", "INF"),
        ),
        _f(
            "address2",
            ("EMPLOYER_CLIENT_ADDRESS2", "REAL"),
            ("EMP_CLIENT_ADDRESS2", "INF"),
        ),
        _f("city", ("EMPLOYER_CLIENT_CITY", "REAL"), ("EMP_CLIENT_CITY", "INF")),
        _f("state", ("EMPLOYER_CLIENT_STATE", "REAL"), ("EMP_CLIENT_STATE", "INF")),
        _f(
            "postal_code",
            ("EMPLOYER_CLIENT_POSTAL_CODE", "REAL"),
            ("EMP_CLIENT_POSTAL_CODE", "INF"),
        ),
        _f(
            "country",
            ("EMPLOYER_CLIENT_COUNTRY", "REAL"),
            ("EMP_CLIENT_COUNTRY", "INF"),
        ),
        _f(
            "province",
            ("EMPLOYER_CLIENT_PROVINCE", "REAL"),
            ("EMP_CLIENT_PROVINCE", "INF"),
        ),
    ),
    signature=frozenset({"employerclientlegalbusinessname"}),
    signature_prefixes=("employerclient", "empclient"),
    excludes=frozenset({"employername"}),
    # Every client point-of-contact column names a person: never read any of them.
    forbidden_substrings=("poc",),
)
