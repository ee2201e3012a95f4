"""Canonical fields of every DOL file kind, every header DOL has used for them, and
the columns that must never be read.

Header matching
---------------
Headers are compared after :func:`normalise_header`: lower case, letters and digits
only.  ``"Case Number"``, ``"CASE_NUMBER"``, ``"case_number "`` and ``"Case-Number"``
are one header; so are ``EMPLOYER_ADDRESS1`` and ``EMPLOYER_ADDRESS_1``, and
``TOTAL_WORKERS_H-2A_REQUESTED`` and ``TOTAL_WORKERS_H2A_REQUESTED``.  The aliases
below are therefore listed once per *normalised* spelling, written the way DOL
published them.  When a file has two headers for one field, the alias listed first
wins.

Where each alias comes from
---------------------------
Every alias carries source tags (see :data:`SOURCES`).  The OFLC record-layout
PDFs themselves were not reachable from the search index, so apart from the files
in the shared data folder (tag ``REAL``), years are *confirmed* through third-party
code and documentation that read the real DOL files and name their columns by
year.  ``INF`` marks an alias that no source showed; it is inferred (a sibling of a
confirmed spelling, or the layout of a year we could not see) and is harmless if
DOL never used it.

What the sources confirm, by kind and fiscal year:

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
* ``h2b_main`` — FY2009-FY2015 (NB9, H2BV: ``CASE_NO`` to FY2012, ``CASE_NUMBER``
  from FY2013, ``ALIEN_WORK_STATE``, ``RECENT_DECISION_DATE`` in FY2014,
  ``PREVIALING_WAGE`` typo FY2013-FY2014, ``SOC_NAME``, ``DOT_OCCUPATIONAL_CODE``,
  ``NPC_SUBMITTED_DATE``, ``APPLICATION_TYPE``); FY2016-FY2018 partly (CS363:
  ``SUBMIT_DATE_NEW``, ``AGENT_POC_EMP_REP_BY_AGENT``, ``NUM_OF_MONTHS_TRAINING``);
  FY2019 (REAL); FY2020-FY2021 (TRLA: ``TOTAL_WORKERS_REQUESTED``,
  ``WORKSITE_ADDRESS1``, ``ATTORNEY_AGENT_ADDRESS1``); FY2026 Q2 (H2B26: full current
  layout, ``BASIC_WAGE_RATE_FROM/TO``, ``PER``, ``TOTAL_WORKERS_CERTIFIED``).
  FY2022-FY2025 are *inferred* to use the FY2020/FY2026 layout.
* ``h2a_addendum_a`` — FY2022 Q2 (REAL).  FY2020-FY2025 inferred to match (BZF
  lists the FY2020-FY2022 files but their contents are binary in the index).
* ``h2a_addendum_b`` (housing) — FY2022 Q2 (REAL: ``PHYSICAL_LOCATION_ADDRESS_1``);
  FY2020 Q3 (TRLA: ``PHYSICAL_LOCATION_ADDRESS1``); the main file's own housing
  columns (``HOUSING_ADDRESS_LOCATION``, ``HOUSING_CITY``, HRM/TRLA) are accepted
  too.  Other years inferred.
* ``h2b_appendix_a`` / ``h2b_appendix_c`` / ``h2b_appendix_d`` — FY2022 Q2 (REAL).
  Other years (FY2020-FY2025) inferred to match; the ``EMP_CLIENT_`` spellings that
  FY2022 Q2 already mixes into Appendix D are accepted for every field.
* ``whd`` — the WHISARD layout (REAL sample, 2013 extract; same names as the full
  ``whd_whisard.csv.zip``).
* ``debarments`` — BuzzFeed News' compilation (REAL) plus the OFLC/WHD debarment
  list wording (``Debarment Start Date``…, INF).

Columns never read
------------------
:func:`is_forbidden` names the columns a reader must skip whatever the aliases say:
every phone, fax and e-mail column, every employer point-of-contact and preparer
column (named people), and in Appendix D every client point-of-contact column.
They are removed from the header map before a row is ever turned into a dict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class FileKind(StrEnum):
    """The DOL file kinds the importer understands."""

    H2A_MAIN = "h2a_main"
    H2A_ADDENDUM_A = "h2a_addendum_a"
    H2A_ADDENDUM_B = "h2a_addendum_b"
    H2B_MAIN = "h2b_main"
    H2B_APPENDIX_A = "h2b_appendix_a"
    H2B_APPENDIX_C = "h2b_appendix_c"
    H2B_APPENDIX_D = "h2b_appendix_d"
    WHD = "whd"
    DEBARMENTS = "debarments"


SOURCES: dict[str, str] = {
    "REAL": "The unmodified DOL files in shared/data/dol: H-2A FY2017, H-2B FY2019, "
    "H-2A Addendum A/B and H-2B Appendix A/C/D FY2022 Q2, the WHISARD sample, the "
    "BuzzFeed debarment list.",
    "BZF": "BuzzFeedNews/H-2-certification-data, scripts/combine-oflc-data.py: name "
    "standardiser over H-2A FY2006-FY2015 and H-2B FY2000-FY2015 raw files.",
    "HRM": "Public R script 'H-2A Disclosure Data Harmonization' (search-index file id "
    "52477308455; repository not identified): rename map with per-year comments, "
    "H-2A FY2006-FY2025.",
    "MAR": "Public marimo notebook reading every H-2A file FY2008-FY2024 with per-year "
    "added/removed column lists (search-index file id 10215397605).",
    "LAT": "Workflow write-up of datadesk/california-h2a-visas-analysis (Los Angeles "
    "Times, 2017): schema-drift table H-2A FY2008-FY2017 (search-index file id "
    "52673015817).",
    "VDP": "visa-dump README (search-index file id 47581448585): H-2A FY2010/FY2012 header with sample rows.",
    "NB9": "Public notebook script reading H-2A and H-2B FY2009-FY2015 from "
    "foreignlaborcert.doleta.gov (search-index file id 18881936606).",
    "H2BV": "stephanie-lw-zhang/h2bvisa, README.md and proposal/proposal.md: H-2B FY2000-FY2013 field list.",
    "QSS": "DOL Summer Data Challenge H-2A script renaming FY2014-FY2021 columns "
    "(search-index file id 19552757296; cf. camguage/dol_equity).",
    "TRLA": "TRLegalAid/trla-H2Data-backend, scripts/merge_dol.py, merge_dol_h2b.py, "
    "add_housing.py, helpers.py: H-2A/H-2B FY2020-FY2021 and the FY2020 Q3 housing "
    "addendum.",
    "OFLC": "Public 'us_dol_oflc' alias module covering all OFLC programmes "
    "(search-index file id 66791563909; repository not identified).",
    "H2B26": "Public H-2B FY2026 Q2 loader full_reload.py reading "
    "H-2B_Disclosure_Data_FY2026_Q2.xlsx with python-calamine (search-index file id "
    "56197890130).",
    "CS363": "CS363D-Final-Project README (search-index file id 13376158076): H-2B "
    "FY2016-FY2018 column list.",
    "INF": "Inferred: not seen in any source; a sibling spelling of a confirmed alias "
    "or the assumed layout of a year we could not see.",
}


def normalise_header(header: object) -> str:
    """Case-, space- and punctuation-insensitive key: ``" Case-Number"`` → ``"casenumber"``."""
    if header is None:
        return ""
    return "".join(ch for ch in str(header).lower() if ch.isalnum())


@dataclass(frozen=True, slots=True)
class Alias:
    """One published header and the sources (:data:`SOURCES` tags) that show it."""

    header: str
    sources: str
    key: str = field(init=False, repr=False, compare=False)
    """The header normalised (:func:`normalise_header`), worked out once: every header row read
    is compared with every alias."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", normalise_header(self.header))


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A canonical field: its name, its aliases (first match wins), whether required."""

    name: str
    aliases: tuple[Alias, ...]
    required: bool = False

    keys: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """Every alias's key, in order."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", tuple(alias.key for alias in self.aliases))

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(alias.header for alias in self.aliases)


@dataclass(frozen=True, slots=True)
class KindSpec:
    """Everything the readers need to know about one file kind."""

    kind: FileKind
    fields: tuple[FieldSpec, ...]
    signature: frozenset[str]
    """Normalised headers found only in this kind (detection evidence)."""
    signature_prefixes: tuple[str, ...] = ()
    """Normalised header prefixes that count as signature headers."""
    excludes: frozenset[str] = frozenset()
    """Normalised headers this kind never has (an employer name in an appendix)."""
    forbidden_substrings: tuple[str, ...] = ()
    """Extra forbidden fragments for this kind, on top of the global ones."""

    @property
    def required(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.fields if f.required)

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def signature_hits(self, keys: Iterable[str]) -> int:
        hits = 0
        for key in keys:
            if key in self.signature or (self.signature_prefixes and key.startswith(self.signature_prefixes)):
                hits += 1
        return hits


def _f(name: str, *aliases: tuple[str, str], required: bool = False) -> FieldSpec:
    return FieldSpec(name, tuple(Alias(h, s) for h, s in aliases), required)


# ---------------------------------------------------------------------------
# Forbidden columns
# ---------------------------------------------------------------------------

FORBIDDEN_SUBSTRINGS = ("phone", "email", "fax")
"""Any header containing one of these (after normalisation) is never read."""

FORBIDDEN_PREFIXES = (
    "employerpoc",  # employer point of contact: a named person (FY2020+ main files)
    "emppoc",
    "employerclientpoc",  # Appendix D client contact person
    "empclientpoc",
    "clientpoc",
    "preparer",  # the person who prepared the form
)
"""Any header starting with one of these is never read."""


def is_forbidden(kind: FileKind | None, header_key: str) -> bool:
    """True when a (normalised) header must never be read for ``kind``."""
    if any(part in header_key for part in FORBIDDEN_SUBSTRINGS):
        return True
    if header_key.startswith(FORBIDDEN_PREFIXES):
        return True
    if kind is not None:
        extra = SPECS[kind].forbidden_substrings
        if extra and any(part in header_key for part in extra):
            return True
    return False


# ---------------------------------------------------------------------------
# Shared field groups
# ---------------------------------------------------------------------------

_CASE_NUMBER = _f(
    "case_number",
    ("CASE_NUMBER", "REAL,HRM,QSS,NB9,TRLA,H2B26"),
    ("CASE_NO", "HRM,MAR,LAT,VDP,NB9,BZF,H2BV"),
    ("CASE_NUM", "BZF"),
    required=True,
)

_EMPLOYER = (
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

_CASE_DATES = (
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

_AGENT = (
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

_JOB = (
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

_STATUS = (
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

# ---------------------------------------------------------------------------
# Kinds
# ---------------------------------------------------------------------------

H2A_MAIN = KindSpec(
    kind=FileKind.H2A_MAIN,
    fields=(
        _CASE_NUMBER,
        *_STATUS,
        *_CASE_DATES,
        *_EMPLOYER,
        _f(
            "employer_type",
            ("ORGANIZATION_FLAG", "REAL,HRM,VDP,MAR"),
            ("TYPE_OF_EMPLOYER_APPLICATION", "HRM,MAR"),
        ),
        _f("primary_sub", ("PRIMARY/SUB", "REAL,HRM"), ("PRMARY/SUB", "HRM,MAR")),
        *_AGENT,
        *_JOB,
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

H2B_MAIN = KindSpec(
    kind=FileKind.H2B_MAIN,
    fields=(
        _CASE_NUMBER,
        *_STATUS,
        *_CASE_DATES,
        *_EMPLOYER,
        _f("employer_type", ("TYPE_OF_EMPLOYER", "H2B26,OFLC")),
        *_AGENT,
        *_JOB,
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

H2A_ADDENDUM_A = KindSpec(
    kind=FileKind.H2A_ADDENDUM_A,
    fields=(
        _CASE_NUMBER,
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
        _CASE_NUMBER,
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

H2B_APPENDIX_A = KindSpec(
    kind=FileKind.H2B_APPENDIX_A,
    fields=(
        _CASE_NUMBER,
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
        _CASE_NUMBER,
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
        _CASE_NUMBER,
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


def _whd_programme(prefix: str, sources: str, *, cmp: bool = True) -> tuple[FieldSpec, ...]:
    upper = prefix.upper()
    fields = [
        _f(f"{prefix}_violations", (f"{upper}_VIOLTN_CNT", sources)),
        _f(f"{prefix}_back_wages", (f"{upper}_BW_ATP_AMT", sources)),
        _f(f"{prefix}_employees_owed", (f"{upper}_EE_ATP_CNT", sources)),
    ]
    if cmp:
        fields.append(_f(f"{prefix}_civil_penalties", (f"{upper}_CMP_ASSD_AMT", sources)))
    else:  # WHISARD publishes no H-2B civil money penalty column; accept one if it appears
        fields.append(_f(f"{prefix}_civil_penalties", (f"{upper}_CMP_ASSD_AMT", "INF")))
    return tuple(fields)


WHD = KindSpec(
    kind=FileKind.WHD,
    fields=(
        _f("case_id", ("case_id", "REAL"), required=True),
        _f("trade_name", ("trade_nm", "REAL")),
        _f("legal_name", ("legal_name", "REAL"), required=True),
        _f("city", ("cty_nm", "REAL")),
        _f("state", ("st_cd", "REAL")),
        _f("postal_code", ("zip_cd", "REAL")),
        _f("naics_code", ("naic_cd", "REAL"), ("naics_code", "INF")),
        _f("naics_description", ("naics_code_description", "REAL")),
        _f("findings_start_date", ("findings_start_date", "REAL")),
        _f("findings_end_date", ("findings_end_date", "REAL")),
        *_whd_programme("h2a", "REAL"),
        *_whd_programme("h2b", "REAL", cmp=False),
        *_whd_programme("mspa", "REAL"),
        *_whd_programme("flsa", "REAL"),
    ),
    signature=frozenset(
        {
            "tradenm",
            "ctynm",
            "stcd",
            "naiccd",
            "caseviolatncnt",
            "h2aviolatncnt",
            "h2bviolatncnt",
            "mspaviolatncnt",
            "flsaviolatncnt",
            "findingsstartdate",
        }
    ),
)

DEBARMENTS = KindSpec(
    kind=FileKind.DEBARMENTS,
    fields=(
        _f(
            "name",
            ("Entity Debarred", "REAL"),
            ("Debarred Entity", "INF"),
            ("Employer Name", "INF"),
            ("Name", "INF"),
            required=True,
        ),
        _f("city", ("City", "REAL")),
        _f("state", ("State", "REAL")),
        _f("city_state", ("City, State", "INF"), ("Location", "INF")),
        _f(
            "programme",
            ("Program", "REAL"),
            ("Programme", "INF"),
            ("Visa Program", "INF"),
            required=True,
        ),
        _f(
            "start_date",
            ("Start Date", "REAL"),
            ("Debarment Start Date", "INF"),
            ("Effective Date", "INF"),
            required=True,
        ),
        _f(
            "end_date",
            ("End Date", "REAL"),
            ("Debarment End Date", "INF"),
            ("Expiration Date", "INF"),
        ),
        _f("violation", ("Violation", "INF"), ("Violations", "INF"), ("Reason", "INF")),
        _f("notes", ("Notes", "REAL")),
    ),
    signature=frozenset({"entitydebarred", "debarredentity"}),
    signature_prefixes=("debar",),
)


SPECS: dict[FileKind, KindSpec] = {
    spec.kind: spec
    for spec in (
        H2A_MAIN,
        H2A_ADDENDUM_A,
        H2A_ADDENDUM_B,
        H2B_MAIN,
        H2B_APPENDIX_A,
        H2B_APPENDIX_C,
        H2B_APPENDIX_D,
        WHD,
        DEBARMENTS,
    )
}
"""The :class:`KindSpec` of every :class:`FileKind`."""


def build_column_map(kind: FileKind, header: Sequence[object]) -> tuple[dict[str, int], dict[str, str]]:
    """Map canonical field → column index for one header row.

    Returns ``(indexes, matched)`` where ``matched`` maps canonical field → the
    header text actually found.  Forbidden columns are skipped before matching, so
    no alias can ever reach them.  The first alias (in the order listed) present in
    the header wins; among duplicate headers the leftmost wins.
    """
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = normalise_header(cell)
        if not key or key in positions or is_forbidden(kind, key):
            continue
        positions[key] = index
    indexes: dict[str, int] = {}
    matched: dict[str, str] = {}
    for spec in SPECS[kind].fields:
        for key in spec.keys:
            found = positions.get(key)
            if found is not None:
                indexes[spec.name] = found
                matched[spec.name] = str(header[found])
                break
    return indexes, matched


def missing_required(kind: FileKind, indexes: dict[str, int]) -> dict[str, tuple[str, ...]]:
    """Required canonical fields absent from ``indexes``, each with its accepted headers."""
    return {spec.name: spec.headers for spec in SPECS[kind].required if spec.name not in indexes}
