"""Enforcement files: Wage and Hour Division cases (WHISARD) and the H-2A/H-2B debarment lists.

What the sources (``fields.SOURCES``) confirm, by kind and fiscal year:

* ``whd`` — the WHISARD layout (REAL sample, 2013 extract; same names as the full
  ``whd_whisard.csv.zip``).
* ``debarments`` — BuzzFeed News' compilation (REAL) plus the OFLC/WHD debarment
  list wording (``Debarment Start Date``…, INF).
"""

from __future__ import annotations

from .fields import FieldSpec, FileKind, KindSpec
from .fields import field_spec as _f


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
