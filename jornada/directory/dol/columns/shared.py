"""Field groups the H-2A and H-2B main files share: case number, status, dates, employer, agent, job."""

from __future__ import annotations

from .fields import field_spec as _f

CASE_NUMBER = _f(
    "case_number",
    ("CASE_NUMBER", "REAL,HRM,QSS,NB9,TRLA,H2B26"),
    ("CASE_NO", "HRM,MAR,LAT,VDP,NB9,BZF,H2BV"),
    ("CASE_NUM", "BZF"),
    required=True,
)

EMPLOYER = (
    _f(
        "employer_name",
        ("EMPLOYER_NAME", "REAL,HRM,LAT,VDP,NB9,TRLA,H2B26"),
        ("EMPLOYER_LEGAL_BUSINESS_NAME", "INF"),
        ("EMP_NAME", "BZF"),
        ("EMP_BUSINESS_NAME", "OFLC"),
        required=True,
    ),
    _f(
        "trade_name",
        ("TRADE_NAME_DBA", "REAL,HRM,TRLA,H2B26"),
        ("EMPLOYER_TRADE_NAME", "INF"),
        ("EMPLOYER_BUSINESS_DBA", "OFLC"),
        ("EMP_TRADE_NAME", "OFLC"),
        ("DBA", "INF"),
    ),
    _f(
        "employer_address1",
        ("EMPLOYER_ADDRESS1", "REAL,HRM,VDP,H2B26"),
        ("EMPLOYER_ADDRESS_1", "HRM,QSS,CS363"),  # same key as ADDRESS1 once normalised
        ("EMP_ADDRESS1", "BZF"),
        ("EMPLOYER_ADDRESS", "OFLC"),
        ("EMP_ADDR1", "OFLC"),
    ),
    _f(
        "employer_address2",
        ("EMPLOYER_ADDRESS2", "REAL,HRM,VDP,H2B26"),
        ("EMP_ADDRESS2", "BZF"),
        ("EMP_ADDR2", "INF"),
    ),
    _f(
        "employer_city",
        ("EMPLOYER_CITY", "REAL,HRM,VDP,H2B26"),
        ("EMP_CITY", "BZF,OFLC"),
    ),
    _f(
        "employer_state",
        ("EMPLOYER_STATE", "REAL,HRM,VDP,NB9,H2B26"),
        ("EMP_STATE", "BZF,OFLC"),
        ("EMPLOYER_STATE_PROVINCE", "OFLC"),
    ),
    _f(
        "employer_postal_code",
        ("EMPLOYER_POSTAL_CODE", "REAL,HRM,VDP,H2B26"),
        ("EMP_POSTAL_CODE", "BZF"),
        ("EMP_POSTCODE", "OFLC"),
        ("EMPLOYER_ZIP", "INF"),
    ),
    _f(
        "employer_country",
        ("EMPLOYER_COUNTRY", "REAL,HRM,H2B26"),
        ("EMP_COUNTRY", "OFLC"),
    ),
    _f(
        "employer_province",
        ("EMPLOYER_PROVINCE", "REAL,HRM,H2B26"),
        ("EMP_PROVINCE", "INF"),
    ),
)

CASE_DATES = (
    _f(
        "received_date",
        ("CASE_RECEIVED_DATE", "REAL,HRM,VDP"),
        ("RECEIVED_DATE", "HRM,TRLA,H2B26"),
        ("SUBMITTED_DATE", "REAL,OFLC"),
        ("NPC_SUBMITTED_DATE", "BZF,H2BV"),
        ("SUBMIT_DATE_NEW", "CS363"),
        ("CASE_SUBMITTED", "OFLC"),
    ),
    _f(
        "decision_date",
        ("DECISION_DATE", "REAL,HRM,VDP,NB9,H2B26"),
        ("RECENT_DECISION_DATE", "NB9,BZF"),
        ("LAST_EVENT_DATE", "INF"),
    ),
    _f(
        "requested_begin_date",
        ("REQUESTED_START_DATE_OF_NEED", "REAL,HRM,VDP,MAR"),
        ("REQUESTED_BEGIN_DATE", "HRM,MAR,H2B26"),
        ("REQUESTED_START_DATE", "INF"),
    ),
    _f(
        "requested_end_date",
        ("REQUESTED_END_DATE_OF_NEED", "REAL,HRM,VDP,MAR"),
        ("REQUESTED_END_DATE", "HRM,MAR,H2B26"),
    ),
    _f(
        "certified_begin_date",
        ("CERTIFICATION_BEGIN_DATE", "REAL,HRM,VDP,LAT,MAR"),
        ("EMPLOYMENT_BEGIN_DATE", "HRM,MAR,H2B26"),
        ("CERTIFICATION_START_DATE", "INF"),
        ("EMPLOYMENT_START_DATE", "OFLC"),
    ),
    _f(
        "certified_end_date",
        ("CERTIFICATION_END_DATE", "REAL,HRM,VDP,MAR"),
        ("EMPLOYMENT_END_DATE", "HRM,MAR,H2B26"),
    ),
)

AGENT = (
    _f(
        "agent_attorney_name",
        ("AGENT_ATTORNEY_NAME", "REAL,VDP,H2BV,BZF"),
        ("ATTORNEY_AGENT_NAME", "QSS"),
        ("AGENT_NAME", "INF"),
        ("ATT_AGENT_NAME", "BZF"),
    ),
    _f(
        "agent_attorney_first_name",
        ("ATTORNEY_AGENT_FIRST_NAME", "HRM,QSS,H2B26"),
        ("AGENT_ATTORNEY_FIRST", "BZF"),
        ("AGENT_ATTORNEY_FIRST_NAME", "INF"),
    ),
    _f(
        "agent_attorney_middle_name",
        ("ATTORNEY_AGENT_MIDDLE_NAME", "HRM,QSS,H2B26"),
        ("AGENT_ATTORNEY_MIDDLE_NAME", "INF"),
    ),
    _f(
        "agent_attorney_last_name",
        ("ATTORNEY_AGENT_LAST_NAME", "HRM,QSS,H2B26"),
        ("AGENT_ATTORNEY_LAST", "BZF"),
        ("AGENT_ATTORNEY_LAST_NAME", "INF"),
    ),
    _f(
        "law_firm_name",
        ("LAWFIRM_NAME", "REAL,HRM,BZF"),
        ("LAWFIRM_NAME_BUSINESS_NAME", "HRM,H2B26"),
        ("AGENT_ATTORNEY_FIRM", "BZF"),
        ("AGENT_ATTORNEY_FIRM_NAME", "BZF,OFLC"),
        ("AGENT_FIRM_NAME", "OFLC"),
        ("AGENT_ATTORNEY_LAW_FIRM_BUSINESS_NAME", "OFLC"),
        ("LAW_FIRM_BUSINESS_NAME", "INF"),
    ),
)

JOB = (
    _f(
        "job_title",
        ("JOB_TITLE", "REAL,HRM,VDP,NB9,H2B26"),
        ("OCC_TITLE", "BZF"),
    ),
    _f("soc_code", ("SOC_CODE", "REAL,HRM,H2B26"), ("SOC_CODE_ID", "HRM,QSS")),
    _f(
        "soc_title",
        ("SOC_TITLE", "REAL,HRM,H2B26"),
        ("SOC_NAME", "NB9,H2BV"),
        ("SOC_OCCUPATION_TITLE", "INF"),
    ),
    _f(
        "naics_code",
        ("NAICS_CODE", "REAL,HRM,H2B26"),
        ("NAIC_CODE", "HRM,QSS"),
        ("EMPLOYER_NAICS_CODE", "INF"),
        ("NAICS", "INF"),
    ),
    _f(
        "job_order_number",
        ("JOB_ORDER_NUMBER", "HRM,MAR"),
        ("JOB_IDNUMBER", "REAL,HRM"),
        ("JOB_ORDER_ID", "INF"),
    ),
    _f(
        "nature_of_need",
        ("NATURE_OF_TEMPORARY_NEED", "REAL,HRM,H2B26"),
    ),
    _f(
        "hours_per_week",
        ("BASIC_NUMBER_OF_HOURS", "REAL,HRM,VDP"),
        ("ANTICIPATED_NUMBER_OF_HOURS", "HRM,MAR,H2B26"),
        ("BASIC_NBR_HOURS", "HRM"),
        ("BASIC_HOURS_PER_WEEK", "HRM"),
        ("NUMBER_OF_HOURS", "OFLC"),
    ),
    _f("overtime_rate_from", ("OVERTIME_RATE_FROM", "REAL,HRM,H2B26")),
    _f("overtime_rate_to", ("OVERTIME_RATE_TO", "REAL,HRM,H2B26")),
    _f(
        "worksite_address",
        ("WORKSITE_ADDRESS", "HRM,TRLA"),
        ("WORKSITE_ADDRESS1", "TRLA,H2B26"),
        ("WORKSITE_ADDRESS_1", "CS363"),
    ),
    _f(
        "worksite_city",
        ("WORKSITE_CITY", "REAL,HRM,LAT,H2B26"),
        ("ALIEN_WORK_CITY", "HRM,LAT,VDP,MAR"),
        ("WORKSITE_LOCATION_CITY", "HRM,LAT,QSS"),
        ("EMPLOYEE_WORKSITE_CITY", "OFLC"),
        ("WORK_CITY", "INF"),
    ),
    _f(
        "worksite_state",
        ("WORKSITE_STATE", "REAL,HRM,LAT,H2B26"),
        ("ALIEN_WORK_STATE", "HRM,LAT,VDP,NB9,H2BV"),
        ("WORKSITE_LOCATION_STATE", "HRM,LAT,QSS,NB9"),
        ("EMPLOYEE_WORK_STATE", "OFLC"),
        ("WORK_STATE", "INF"),
        required=True,
    ),
    _f(
        "worksite_county",
        ("WORKSITE_COUNTY", "REAL,HRM,H2B26"),
        ("EMPLOYEE_WORKSITE_COUNTY", "OFLC"),
        ("ALIEN_WORK_COUNTY", "INF"),
    ),
    _f(
        "worksite_postal_code",
        ("WORKSITE_POSTAL_CODE", "REAL,HRM,H2B26"),
        ("EMPLOYEE_POSTAL_CODE", "OFLC"),
        ("ALIEN_WORK_POSTAL_CODE", "INF"),
        ("WORKSITE_ZIP", "INF"),
    ),
)

STATUS = (
    _f(
        "case_status",
        ("CASE_STATUS", "REAL,HRM,VDP,NB9,H2B26"),
        ("LAST_SIG_EVENT", "BZF"),
        ("STATUS", "OFLC"),
        required=True,
    ),
    _f(
        "visa_class",
        ("VISA_CLASS", "REAL,HRM,NB9"),
        ("VISA_TYPE", "BZF"),
        ("CASE_TYPE", "BZF"),
    ),
)
