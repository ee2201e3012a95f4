"""Turn canonical rows into typed, frozen records (or a :class:`RowError`).

One parser per file kind (:data:`PARSERS`).  A parser raises :class:`RowError`
only when the row cannot stand as a record: no case number, no employer or
recruiter name, nothing saying what the row is about.  Any other unparseable cell
(a date that is not a date, a state that is not a state) becomes ``None`` and the
problem is kept in the record's ``issues`` tuple, so the importer can report it
without losing the rest of the row.  Every record and every error carries the
row's 1-based spreadsheet row number.

Contact details never reach a record: the readers drop phone, e-mail and contact
person columns before a row dict is built, and free-text fields pass through
:func:`normalise.scrub_contacts`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from decimal import Decimal
from typing import TypeAlias, TypeVar, cast

from .columns import FileKind
from .kinds import FileInfo
from .normalise import (
    Cell,
    RowError,
    case_status_code,
    free_text,
    is_us_country,
    parse_bool,
    parse_case_number,
    parse_code,
    parse_country,
    parse_date,
    parse_decimal,
    parse_int,
    parse_money,
    parse_postal_code,
    parse_programmes,
    parse_state,
    parse_wage_unit,
    text,
)
from .readers import DolFile, SourceRow

__all__ = [
    "PARSERS",
    "AddendumAActivity",
    "AddendumBHousing",
    "AppendixAWorksite",
    "AppendixCRecruiter",
    "AppendixDClient",
    "Debarment",
    "H2ACase",
    "H2BCase",
    "ProgrammeFindings",
    "Record",
    "WhdCase",
    "parse_row",
    "parse_rows",
]


@dataclass(frozen=True, kw_only=True)
class _Record:
    row_number: int
    """The row's 1-based number in the source spreadsheet (header = its own row)."""
    issues: tuple[RowError, ...] = field(default=(), compare=False)
    """Non-fatal cell problems; each affected field is ``None``."""


@dataclass(frozen=True, kw_only=True)
class _Case(_Record):
    case_number: str
    visa_programme: str
    """``"H-2A"`` or ``"H-2B"`` (from the file kind, not from a cell)."""
    fiscal_year: int | None
    """The fiscal year of the file the row came from."""
    case_status: str
    """As published (the wording changed over the years)."""
    status_code: str | None
    """A stable code for ``case_status``: see :func:`normalise.case_status_code`."""
    visa_class: str | None
    received_date: dt.date | None
    decision_date: dt.date | None
    requested_begin_date: dt.date | None
    requested_end_date: dt.date | None
    certified_begin_date: dt.date | None
    """Certified (FY2008-FY2019) or employment (FY2020+) period of need."""
    certified_end_date: dt.date | None
    workers_requested: int | None
    workers_certified: int | None
    workers_needed: int | None
    """FY2020+: all workers needed, H-2A/H-2B and U.S. workers together."""
    job_title: str | None
    soc_code: str | None
    soc_title: str | None
    naics_code: str | None
    job_order_number: str | None
    nature_of_need: str | None
    employer_type: str | None
    wage_offered: Decimal | None
    wage_unit: str | None
    """One of :data:`normalise.WAGE_UNITS`."""
    overtime_rate_from: Decimal | None
    overtime_rate_to: Decimal | None
    hours_per_week: Decimal | None
    worksite_address: str | None
    worksite_city: str | None
    worksite_state: str | None
    worksite_county: str | None
    worksite_postal_code: str | None
    employer_name: str
    employer_trade_name: str | None
    employer_address1: str | None
    employer_address2: str | None
    employer_city: str | None
    employer_state: str | None
    employer_postal_code: str | None
    employer_country: str | None
    employer_province: str | None
    agent_attorney_name: str | None
    law_firm_name: str | None

    @property
    def period_begin(self) -> dt.date | None:
        """Begin of the period of need: the certified period, else the requested one."""
        return self.certified_begin_date or self.requested_begin_date

    @property
    def period_end(self) -> dt.date | None:
        """End of the period of need: the certified period, else the requested one."""
        return self.certified_end_date or self.requested_end_date


@dataclass(frozen=True, kw_only=True)
class H2ACase(_Case):
    """One H-2A application (a row of ``H-2A_Disclosure_Data_FY….xlsx``)."""

    primary_crop: str | None
    piece_rate_offer: Decimal | None
    piece_rate_unit: str | None
    # "PRI" or "SUB" on an association's master application (one case number, many rows).
    primary_sub: str | None

    @property
    def is_sub_employer(self) -> bool:
        """True when this row is a member farm of an association's master application."""
        return (self.primary_sub or "").strip().upper().startswith("SUB")


@dataclass(frozen=True, kw_only=True)
class H2BCase(_Case):
    """One H-2B application (a row of ``H-2B_Disclosure_Data_FY….xlsx``)."""

    wage_offered_to: Decimal | None
    prevailing_wage: Decimal | None
    prevailing_wage_unit: str | None


@dataclass(frozen=True, kw_only=True)
class AddendumAActivity(_Record):
    """A crop or agricultural activity and its wage offer (H-2A Addendum A)."""

    case_number: str
    job_order_number: str | None
    crop_id: str | None
    crop_activity: str
    wage_offer: Decimal | None
    wage_unit: str | None
    special_pay: str | None
    """Piece-rate units / special pay text, contact details removed."""


@dataclass(frozen=True, kw_only=True)
class AddendumBHousing(_Record):
    """One housing site (H-2A Addendum B housing)."""

    case_number: str
    job_order_number: str | None
    housing_type: str | None
    """Blank in a few published rows (41 of 13,134 in FY2022 Q2)."""
    address1: str | None
    address2: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    county: str | None
    additional_info: str | None
    total_units: int | None
    total_occupancy: int | None
    standards_local: bool | None
    standards_state: bool | None
    standards_federal: bool | None


@dataclass(frozen=True, kw_only=True)
class AppendixAWorksite(_Record):
    """A worksite with its period and wage range (H-2B Appendix A)."""

    case_number: str
    worksite_address: str | None
    worksite_city: str | None
    worksite_state: str | None
    worksite_county: str | None
    worksite_postal_code: str | None
    area_title: str | None
    additional_info: str | None
    crew_id: str | None
    total_workers: int | None
    begin_date: dt.date | None
    end_date: dt.date | None
    wage_from: Decimal | None
    wage_to: Decimal | None
    wage_unit: str | None


@dataclass(frozen=True, kw_only=True)
class AppendixCRecruiter(_Record):
    """A foreign labour recruiter (H-2B Appendix C).

    The organisation's name and place, and the recruiter persons' names exactly as
    published; nothing else about the persons.
    """

    case_number: str
    organisation_name: str | None
    """``None`` for an individual recruiter (published as ``N/A``)."""
    city: str | None
    state_or_province: str | None
    country: str | None
    person_last_name: str | None
    person_first_name: str | None
    person_middle_name: str | None


@dataclass(frozen=True, kw_only=True)
class AppendixDClient(_Record):
    """An employer-client (H-2B Appendix D): the business's name and address only."""

    case_number: str
    legal_name: str
    trade_name: str | None
    address1: str | None
    address2: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    country: str | None
    province: str | None


@dataclass(frozen=True, slots=True)
class ProgrammeFindings:
    """What a WHD case found under one law or programme."""

    violations: int | None
    back_wages: Decimal | None
    employees_owed: int | None
    civil_penalties: Decimal | None
    """Civil money penalties assessed (WHISARD publishes none for H-2B: ``None``)."""

    @property
    def any(self) -> bool:
        """True when anything was found."""
        return bool(self.violations or self.back_wages or self.employees_owed or self.civil_penalties)


@dataclass(frozen=True, kw_only=True)
class WhdCase(_Record):
    """A Wage and Hour Division enforcement case (WHISARD)."""

    case_id: str
    legal_name: str
    trade_name: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    naics_code: str | None
    naics_description: str | None
    findings_start_date: dt.date | None
    findings_end_date: dt.date | None
    h2a: ProgrammeFindings
    h2b: ProgrammeFindings
    mspa: ProgrammeFindings
    flsa: ProgrammeFindings


@dataclass(frozen=True, kw_only=True)
class Debarment(_Record):
    """An employer or person debarred from H-2A and/or H-2B."""

    name: str
    city: str | None
    state: str | None
    programmes: tuple[str, ...]
    start_date: dt.date
    end_date: dt.date | None
    """``None`` for a permanent debarment (or an end not published)."""
    violation: str | None
    notes: str | None


Record: TypeAlias = (
    H2ACase
    | H2BCase
    | AddendumAActivity
    | AddendumBHousing
    | AppendixAWorksite
    | AppendixCRecruiter
    | AppendixDClient
    | WhdCase
    | Debarment
)

R = TypeVar("R", bound=_Record)
_FIELD_COUNT: dict[type, int] = {}


def _build(cls: type[R], fields: dict[str, object]) -> R:
    """Make a frozen record from a complete field dict without running ``__init__``.

    A frozen dataclass's generated ``__init__`` sets every field through
    ``object.__setattr__``; for a 60-field case that measured ~12 µs a row, more than
    converting the row's cells.  Filling the instance dict in one call is ~1 µs.
    The result is the same frozen object (assignment still raises).  A dict that
    does not have exactly the dataclass's fields goes through ``__init__`` instead,
    which raises the usual ``TypeError``; the tests also check every kind's records
    carry exactly their declared fields.
    """
    expected = _FIELD_COUNT.get(cls)
    if expected is None:
        expected = _FIELD_COUNT[cls] = len(dataclass_fields(cls))
    if len(fields) != expected:
        return cls(**fields)  # type: ignore[arg-type]
    record = object.__new__(cls)
    record.__dict__.update(fields)
    return record


# ---------------------------------------------------------------------------
# Conversion plans
# ---------------------------------------------------------------------------
#
# A row is converted by walking a per-kind *plan*: (canonical field, parser,
# memoise?).  Blank cells never reach a parser; failures become issues; text
# values of low-cardinality fields (statuses, states, cities, SOC titles) are
# memoised per parser, so a 13,000-row file parses each distinct value once.
# This keeps the per-row cost a small fraction of python-calamine's own read time.

Parser: TypeAlias = Callable[[Cell, str], object]


@dataclass(frozen=True, slots=True)
class Plan:
    """How to convert one kind's canonical row: fields in order, parser, memo."""

    names: tuple[str, ...]
    steps: tuple[tuple[str, Parser, dict[object, object] | None], ...]

    def __add__(self, other: Plan) -> Plan:
        return Plan(self.names + other.names, self.steps + other.steps)


_MEMO_LIMIT = 20_000
_memos: dict[Parser, dict[object, object]] = {}
_MEMO_TYPES = (str, float, int)  # never bool: True == 1 would share a memo slot


def _plan(*fields: tuple[str, Parser] | tuple[str, Parser, bool]) -> Plan:
    steps: list[tuple[str, Parser, dict[object, object] | None]] = []
    for entry in fields:
        name, parser = entry[0], entry[1]
        memo = _memos.setdefault(parser, {}) if len(entry) > 2 and entry[2] else None
        steps.append((name, parser, memo))
    return Plan(tuple(step[0] for step in steps), tuple(steps))


Bound: TypeAlias = tuple[tuple[str, int, Parser, "dict[object, object] | None"], ...]
_BOUND: dict[tuple[int, int], tuple[Mapping[str, int], Bound]] = {}


def _bind(plan: Plan, columns: Mapping[str, int]) -> Bound:
    """The plan restricted to the columns a file has, with their cell indexes (cached)."""
    key = (id(plan), id(columns))
    hit = _BOUND.get(key)
    if hit is not None and hit[0] is columns:
        return hit[1]
    bound = tuple((name, columns[name], parser, memo) for name, parser, memo in plan.steps if name in columns)
    if len(_BOUND) >= 256:
        _BOUND.clear()
    _BOUND[key] = (columns, bound)
    return bound


def _convert(row: SourceRow, plan: Plan, issues: list[RowError]) -> dict[str, object]:
    out: dict[str, object] = dict.fromkeys(plan.names)
    cells = row.cells
    for name, index, parser, memo in _bind(plan, row.columns):
        value = cells[index]
        if value is None or value == "":
            continue
        if memo is not None and type(value) in _MEMO_TYPES:
            try:
                out[name] = memo[value]
                continue
            except KeyError:
                pass
            try:
                result = parser(value, name)
            except RowError as error:
                issues.append(error)
                continue
            if len(memo) < _MEMO_LIMIT:
                memo[value] = result
            out[name] = result
            continue
        try:
            out[name] = parser(value, name)
        except RowError as error:
            issues.append(error)
    return out


def _us_state(value: Cell, name: str) -> str | None:
    return parse_state(value, name)


def _case_number(row: SourceRow) -> str:
    case_number = parse_case_number(row.get("case_number"))
    if case_number is None:
        raise RowError("missing_value", "case_number")
    return case_number


def _issues(issues: list[RowError], row: SourceRow) -> tuple[RowError, ...]:
    if not issues:
        return ()
    return tuple(error.at_row(row.row_number) for error in issues)


def _must(value: object, name: str) -> str:
    if value is None:
        raise RowError("missing_value", name)
    return value  # type: ignore[return-value]


def _period(
    out: dict[str, object], begin_name: str, end_name: str, name: str, issues: list[RowError]
) -> None:
    begin, end = out[begin_name], out[end_name]
    if isinstance(begin, dt.date) and isinstance(end, dt.date) and end < begin:
        issues.append(RowError("invalid_period", name, {"begin": begin.isoformat(), "end": end.isoformat()}))
        out[begin_name] = out[end_name] = None


def _state_for(value: Cell, name: str, country: str | None, issues: list[RowError]) -> str | None:
    try:
        return parse_state(value, name, country=country)
    except RowError as error:
        issues.append(error)
        return None


def _agent_name(out: dict[str, object]) -> str | None:
    name = out.pop("agent_attorney_name")
    first = out.pop("agent_attorney_first_name")
    middle = out.pop("agent_attorney_middle_name")
    last = out.pop("agent_attorney_last_name")
    if name is not None:
        return name  # type: ignore[return-value]
    joined = " ".join(part for part in (first, middle, last) if part)  # type: ignore[misc]
    return joined or None


_CASE_PLAN: Plan = _plan(
    ("case_status", text, True),
    ("visa_class", text, True),
    ("received_date", parse_date),
    ("decision_date", parse_date),
    ("requested_begin_date", parse_date),
    ("requested_end_date", parse_date),
    ("certified_begin_date", parse_date),
    ("certified_end_date", parse_date),
    ("workers_requested", parse_int, True),
    ("workers_certified", parse_int, True),
    ("workers_needed", parse_int),
    ("job_title", free_text, True),
    ("soc_code", parse_code, True),
    ("soc_title", text, True),
    ("naics_code", parse_code, True),
    ("job_order_number", parse_code),
    ("nature_of_need", text, True),
    ("employer_type", text, True),
    ("wage_offered", parse_money, True),
    ("wage_unit", parse_wage_unit, True),
    ("overtime_rate_from", parse_money, True),
    ("overtime_rate_to", parse_money, True),
    ("hours_per_week", parse_decimal, True),
    ("worksite_address", free_text),
    ("worksite_city", text, True),
    ("worksite_state", _us_state, True),
    ("worksite_county", text, True),
    ("worksite_postal_code", parse_postal_code, True),
    ("employer_name", text),
    ("trade_name", text),
    ("employer_address1", free_text),
    ("employer_address2", free_text),
    ("employer_city", text, True),
    ("employer_state", _us_state, True),
    ("employer_postal_code", parse_postal_code, True),
    ("employer_country", parse_country, True),
    ("employer_province", text, True),
    ("agent_attorney_name", text, True),
    ("agent_attorney_first_name", text, True),
    ("agent_attorney_middle_name", text, True),
    ("agent_attorney_last_name", text, True),
    ("law_firm_name", text, True),
)

_H2A_PLAN: Plan = _CASE_PLAN + _plan(
    ("primary_crop", text, True),
    ("piece_rate_offer", parse_money),
    ("piece_rate_unit", text, True),
    ("primary_sub", text, True),
)

_H2B_PLAN: Plan = _CASE_PLAN + _plan(
    ("wage_offered_to", parse_money),
    ("prevailing_wage", parse_money),
    ("prevailing_wage_unit", parse_wage_unit, True),
)


def _case_fields(
    row: SourceRow, info: FileInfo, programme: str, plan: Plan, issues: list[RowError]
) -> dict[str, object]:
    """Convert a main-file row; the fields H-2A and H-2B cases share are finished here."""
    case_number = _case_number(row)
    out = _convert(row, plan, issues)
    employer_name = _must(out["employer_name"], "employer_name")
    status = _must(out["case_status"], "case_status")
    _period(out, "requested_begin_date", "requested_end_date", "requested_period", issues)
    _period(out, "certified_begin_date", "certified_end_date", "certified_period", issues)
    country = cast(str | None, out["employer_country"])
    if not is_us_country(country):
        # The plan parsed these as US values; a foreign employer keeps them as given.
        out["employer_state"] = _state_for(row.get("employer_state"), "employer_state", country, issues)
        out["employer_postal_code"] = parse_postal_code(
            row.get("employer_postal_code"), "employer_postal_code", us=False
        )
    out["employer_trade_name"] = out.pop("trade_name")
    out["agent_attorney_name"] = _agent_name(out)
    out["row_number"] = row.row_number
    out["case_number"] = case_number
    out["visa_programme"] = programme
    out["fiscal_year"] = info.fiscal_year
    out["case_status"] = status
    out["status_code"] = case_status_code(status)
    out["employer_name"] = employer_name
    out["issues"] = _issues(issues, row)
    return out


# ---------------------------------------------------------------------------
# Parsers, one per kind
# ---------------------------------------------------------------------------


def parse_h2a_case(row: SourceRow, info: FileInfo) -> H2ACase:
    """An :class:`H2ACase` from a canonical ``h2a_main`` row, or :class:`RowError`."""
    return _build(H2ACase, _case_fields(row, info, "H-2A", _H2A_PLAN, []))


def parse_h2b_case(row: SourceRow, info: FileInfo) -> H2BCase:
    """An :class:`H2BCase` from a canonical ``h2b_main`` row, or :class:`RowError`."""
    return _build(H2BCase, _case_fields(row, info, "H-2B", _H2B_PLAN, []))


def _finish(row: SourceRow, out: dict[str, object], issues: list[RowError]) -> dict[str, object]:
    out["row_number"] = row.row_number
    out["issues"] = _issues(issues, row)
    return out


_ADDENDUM_A_PLAN: Plan = _plan(
    ("job_order_number", parse_code),
    ("crop_id", parse_code, True),
    ("crop_activity", text, True),
    ("wage_offer", parse_money, True),
    ("wage_unit", parse_wage_unit, True),
    ("special_pay", free_text, True),
)


def parse_addendum_a(row: SourceRow, info: FileInfo) -> AddendumAActivity:
    """An :class:`AddendumAActivity` from a canonical ``h2a_addendum_a`` row."""
    issues: list[RowError] = []
    case_number = _case_number(row)
    out = _convert(row, _ADDENDUM_A_PLAN, issues)
    _must(out["crop_activity"], "crop_activity")
    out["case_number"] = case_number
    return _build(AddendumAActivity, _finish(row, out, issues))


_ADDENDUM_B_PLAN: Plan = _plan(
    ("job_order_number", parse_code),
    ("housing_type", text, True),
    ("address1", free_text),
    ("address2", free_text),
    ("city", text, True),
    ("state", _us_state, True),
    ("postal_code", parse_postal_code, True),
    ("county", text, True),
    ("additional_info", free_text),
    ("total_units", parse_int, True),
    ("total_occupancy", parse_int, True),
    ("standards_local", parse_bool, True),
    ("standards_state", parse_bool, True),
    ("standards_federal", parse_bool, True),
)


def parse_addendum_b(row: SourceRow, info: FileInfo) -> AddendumBHousing:
    """An :class:`AddendumBHousing` from a canonical ``h2a_addendum_b`` row."""
    issues: list[RowError] = []
    case_number = _case_number(row)
    out = _convert(row, _ADDENDUM_B_PLAN, issues)
    if out["address1"] is None and out["city"] is None:
        raise RowError("missing_value", "city")  # a housing site nobody could find
    out["case_number"] = case_number
    return _build(AddendumBHousing, _finish(row, out, issues))


_APPENDIX_A_PLAN: Plan = _plan(
    ("worksite_address", free_text),
    ("worksite_city", text, True),
    ("worksite_state", _us_state, True),
    ("worksite_county", text, True),
    ("worksite_postal_code", parse_postal_code, True),
    ("area_title", text, True),
    ("additional_info", free_text, True),
    ("crew_id", parse_code, True),
    ("total_workers", parse_int, True),
    ("begin_date", parse_date),
    ("end_date", parse_date),
    ("wage_from", parse_money, True),
    ("wage_to", parse_money, True),
    ("wage_unit", parse_wage_unit, True),
)


def parse_appendix_a(row: SourceRow, info: FileInfo) -> AppendixAWorksite:
    """An :class:`AppendixAWorksite` from a canonical ``h2b_appendix_a`` row."""
    issues: list[RowError] = []
    case_number = _case_number(row)
    out = _convert(row, _APPENDIX_A_PLAN, issues)
    _period(out, "begin_date", "end_date", "period", issues)
    out["case_number"] = case_number
    return _build(AppendixAWorksite, _finish(row, out, issues))


_APPENDIX_C_PLAN: Plan = _plan(
    ("organisation_name", text, True),
    ("city", text, True),
    ("province", text, True),
    ("country", parse_country, True),
    ("person_last_name", text, True),
    ("person_first_name", text, True),
    ("person_middle_name", text, True),
)


def parse_appendix_c(row: SourceRow, info: FileInfo) -> AppendixCRecruiter:
    """An :class:`AppendixCRecruiter` from a canonical ``h2b_appendix_c`` row."""
    issues: list[RowError] = []
    case_number = _case_number(row)
    out = _convert(row, _APPENDIX_C_PLAN, issues)
    if out["organisation_name"] is None and out["person_last_name"] is None:
        raise RowError("missing_value", "organisation_name")  # no recruiter named at all
    country = cast(str | None, out["country"])
    state = _state_for(row.get("state"), "state", country, issues)
    province = out.pop("province")
    out["state_or_province"] = state or province
    out["case_number"] = case_number
    return _build(AppendixCRecruiter, _finish(row, out, issues))


_APPENDIX_D_PLAN: Plan = _plan(
    ("legal_name", text),
    ("trade_name", text),
    ("address1", free_text),
    ("address2", free_text),
    ("city", text, True),
    ("country", parse_country, True),
    ("province", text, True),
)


def parse_appendix_d(row: SourceRow, info: FileInfo) -> AppendixDClient:
    """An :class:`AppendixDClient` from a canonical ``h2b_appendix_d`` row."""
    issues: list[RowError] = []
    case_number = _case_number(row)
    out = _convert(row, _APPENDIX_D_PLAN, issues)
    _must(out["legal_name"], "legal_name")
    country = cast(str | None, out["country"])
    out["state"] = _state_for(row.get("state"), "state", country, issues)
    out["postal_code"] = parse_postal_code(row.get("postal_code"), "postal_code", us=is_us_country(country))
    out["case_number"] = case_number
    return _build(AppendixDClient, _finish(row, out, issues))


def _programme_plan(prefix: str) -> Plan:
    return _plan(
        (f"{prefix}_violations", parse_int, True),
        (f"{prefix}_back_wages", parse_money, True),
        (f"{prefix}_employees_owed", parse_int, True),
        (f"{prefix}_civil_penalties", parse_money, True),
    )


_WHD_PROGRAMMES = ("h2a", "h2b", "mspa", "flsa")
_WHD_PLAN: Plan = _plan(
    ("case_id", parse_code),
    ("trade_name", text),
    ("legal_name", text),
    ("city", text, True),
    ("state", _us_state, True),
    ("postal_code", parse_postal_code, True),
    ("naics_code", parse_code, True),
    ("naics_description", text, True),
    ("findings_start_date", parse_date),
    ("findings_end_date", parse_date),
)
for _prefix in _WHD_PROGRAMMES:
    _WHD_PLAN = _WHD_PLAN + _programme_plan(_prefix)


def parse_whd_case(row: SourceRow, info: FileInfo) -> WhdCase:
    """A :class:`WhdCase` from a canonical WHISARD row."""
    issues: list[RowError] = []
    out = _convert(row, _WHD_PLAN, issues)
    for prefix in _WHD_PROGRAMMES:
        out[prefix] = ProgrammeFindings(
            violations=out.pop(f"{prefix}_violations"),  # type: ignore[arg-type]
            back_wages=out.pop(f"{prefix}_back_wages"),  # type: ignore[arg-type]
            employees_owed=out.pop(f"{prefix}_employees_owed"),  # type: ignore[arg-type]
            civil_penalties=out.pop(f"{prefix}_civil_penalties"),  # type: ignore[arg-type]
        )
    out["case_id"] = _must(out["case_id"], "case_id")
    out["legal_name"] = _must(out["legal_name"] or out["trade_name"], "legal_name")
    return _build(WhdCase, _finish(row, out, issues))


def _split_city_state(value: Cell) -> tuple[str | None, str | None]:
    combined = text(value)
    if combined is None:
        return None, None
    city, sep, state = combined.rpartition(",")
    if not sep:
        return combined, None
    return city.strip() or None, state.strip() or None


def parse_debarment(row: SourceRow, info: FileInfo) -> Debarment:
    """A :class:`Debarment` from a canonical debarment-list row."""
    issues: list[RowError] = []
    get = row.get
    name = _must(text(get("name")), "name")
    programmes = parse_programmes(get("programme"), "programme")
    start = parse_date(get("start_date"), "start_date")
    if start is None:
        raise RowError("missing_value", "start_date")
    end: dt.date | None = None
    try:
        end = parse_date(get("end_date"), "end_date")
    except RowError as error:
        issues.append(error)
    if end is not None and end < start:
        issues.append(
            RowError("invalid_period", "period", {"begin": start.isoformat(), "end": end.isoformat()})
        )
        end = None
    city, state_text = text(get("city")), text(get("state"))
    if city is None and state_text is None:
        city, state_text = _split_city_state(get("city_state"))
    state: str | None = None
    if state_text is not None:
        try:
            state = parse_state(state_text, "state")
        except RowError as error:
            # A debarred employer abroad ("Saskatchewan, Canada"): keep the published
            # place, and say it is not a US state.
            issues.append(error)
            state = state_text
    return Debarment(
        row_number=row.row_number,
        name=name,
        city=city,
        state=state,
        programmes=programmes,
        start_date=start,
        end_date=end,
        violation=free_text(get("violation")),
        notes=free_text(get("notes")),
        issues=_issues(issues, row),
    )


RowParser: TypeAlias = Callable[[SourceRow, FileInfo], Record]

PARSERS: dict[FileKind, RowParser] = {
    FileKind.H2A_MAIN: parse_h2a_case,
    FileKind.H2B_MAIN: parse_h2b_case,
    FileKind.H2A_ADDENDUM_A: parse_addendum_a,
    FileKind.H2A_ADDENDUM_B: parse_addendum_b,
    FileKind.H2B_APPENDIX_A: parse_appendix_a,
    FileKind.H2B_APPENDIX_C: parse_appendix_c,
    FileKind.H2B_APPENDIX_D: parse_appendix_d,
    FileKind.WHD: parse_whd_case,
    FileKind.DEBARMENTS: parse_debarment,
}
"""The row parser of each file kind."""


def parse_row(row: SourceRow, info: FileInfo) -> Record:
    """Parse one row of a file described by ``info``; a :class:`RowError` carries the row number."""
    try:
        return PARSERS[info.kind](row, info)
    except RowError as error:
        raise error.at_row(row.row_number) from None


def parse_rows(
    rows: Iterable[SourceRow] | DolFile, info: FileInfo | None = None
) -> Iterator[Record | RowError]:
    """Parse every row, yielding a record or the :class:`RowError` that rejected it.

    ``rows`` is usually an open :class:`readers.DolFile` (then ``info`` may be left
    out).
    """
    if isinstance(rows, DolFile):
        info = info or rows.info
    if info is None:
        raise TypeError("parse_rows needs a FileInfo when given plain rows")
    parser = PARSERS[info.kind]
    for row in rows:
        try:
            yield parser(row, info)
        except RowError as error:
            yield error.at_row(row.row_number)
