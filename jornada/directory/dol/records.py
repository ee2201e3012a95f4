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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeAlias, TypeVar

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

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class _Record:
    row_number: int
    """The row's 1-based number in the source spreadsheet (header = its own row)."""
    issues: tuple[RowError, ...] = field(default=(), compare=False)
    """Non-fatal cell problems; each affected field is ``None``."""


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class H2ACase(_Case):
    """One H-2A application (a row of ``H-2A_Disclosure_Data_FY….xlsx``)."""

    primary_crop: str | None
    piece_rate_offer: Decimal | None
    piece_rate_unit: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class H2BCase(_Case):
    """One H-2B application (a row of ``H-2B_Disclosure_Data_FY….xlsx``)."""

    wage_offered_to: Decimal | None
    prevailing_wage: Decimal | None
    prevailing_wage_unit: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
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
        return bool(
            self.violations or self.back_wages or self.employees_owed or self.civil_penalties
        )


@dataclass(frozen=True, slots=True, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True)
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

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _opt(
    parser: Callable[[Cell, str], T], value: Cell, name: str, issues: list[RowError]
) -> T | None:
    """Parse an optional cell; on failure record the issue and return ``None``."""
    try:
        return parser(value, name)
    except RowError as error:
        issues.append(error)
        return None


def _state(
    value: Cell, name: str, issues: list[RowError], country: str | None = None
) -> str | None:
    try:
        return parse_state(value, name, country=country)
    except RowError as error:
        issues.append(error)
        return None


def _case_number(values: dict[str, Cell]) -> str:
    case_number = parse_case_number(values.get("case_number"))
    if case_number is None:
        raise RowError("missing_value", "case_number")
    return case_number


def _issues(issues: list[RowError], row: SourceRow) -> tuple[RowError, ...]:
    if not issues:
        return ()
    return tuple(error.at_row(row.row_number) for error in issues)


def _must(value: str | None, name: str) -> str:
    if value is None:
        raise RowError("missing_value", name)
    return value


def _period(
    begin: dt.date | None, end: dt.date | None, name: str, issues: list[RowError]
) -> tuple[dt.date | None, dt.date | None]:
    if begin is not None and end is not None and end < begin:
        issues.append(
            RowError("invalid_period", name, {"begin": begin.isoformat(), "end": end.isoformat()})
        )
        return None, None
    return begin, end


def _agent_name(values: dict[str, Cell]) -> str | None:
    name = text(values.get("agent_attorney_name"))
    if name is not None:
        return name
    parts = [
        text(values.get("agent_attorney_first_name")),
        text(values.get("agent_attorney_middle_name")),
        text(values.get("agent_attorney_last_name")),
    ]
    joined = " ".join(part for part in parts if part)
    return joined or None


def _case_fields(
    values: dict[str, Cell], info: FileInfo, programme: str, issues: list[RowError]
) -> dict[str, object]:
    """The fields H-2A and H-2B cases share."""
    case_number = _case_number(values)
    employer_name = _must(text(values.get("employer_name")), "employer_name")
    status = _must(text(values.get("case_status")), "case_status")
    get = values.get
    requested = _period(
        _opt(parse_date, get("requested_begin_date"), "requested_begin_date", issues),
        _opt(parse_date, get("requested_end_date"), "requested_end_date", issues),
        "requested_period",
        issues,
    )
    certified = _period(
        _opt(parse_date, get("certified_begin_date"), "certified_begin_date", issues),
        _opt(parse_date, get("certified_end_date"), "certified_end_date", issues),
        "certified_period",
        issues,
    )
    country = parse_country(get("employer_country"))
    us_employer = is_us_country(country)
    return {
        "case_number": case_number,
        "visa_programme": programme,
        "fiscal_year": info.fiscal_year,
        "case_status": status,
        "status_code": case_status_code(status),
        "visa_class": text(get("visa_class")),
        "received_date": _opt(parse_date, get("received_date"), "received_date", issues),
        "decision_date": _opt(parse_date, get("decision_date"), "decision_date", issues),
        "requested_begin_date": requested[0],
        "requested_end_date": requested[1],
        "certified_begin_date": certified[0],
        "certified_end_date": certified[1],
        "workers_requested": _opt(parse_int, get("workers_requested"), "workers_requested", issues),
        "workers_certified": _opt(parse_int, get("workers_certified"), "workers_certified", issues),
        "workers_needed": _opt(parse_int, get("workers_needed"), "workers_needed", issues),
        "job_title": free_text(get("job_title")),
        "soc_code": parse_code(get("soc_code")),
        "soc_title": text(get("soc_title")),
        "naics_code": parse_code(get("naics_code")),
        "job_order_number": parse_code(get("job_order_number")),
        "nature_of_need": text(get("nature_of_need")),
        "employer_type": text(get("employer_type")),
        "wage_offered": _opt(parse_money, get("wage_offered"), "wage_offered", issues),
        "wage_unit": _opt(parse_wage_unit, get("wage_unit"), "wage_unit", issues),
        "overtime_rate_from": _opt(
            parse_money, get("overtime_rate_from"), "overtime_rate_from", issues
        ),
        "overtime_rate_to": _opt(parse_money, get("overtime_rate_to"), "overtime_rate_to", issues),
        "hours_per_week": _opt(parse_decimal, get("hours_per_week"), "hours_per_week", issues),
        "worksite_address": free_text(get("worksite_address")),
        "worksite_city": text(get("worksite_city")),
        "worksite_state": _state(get("worksite_state"), "worksite_state", issues),
        "worksite_county": text(get("worksite_county")),
        "worksite_postal_code": parse_postal_code(get("worksite_postal_code")),
        "employer_name": employer_name,
        "employer_trade_name": text(get("trade_name")),
        "employer_address1": free_text(get("employer_address1")),
        "employer_address2": free_text(get("employer_address2")),
        "employer_city": text(get("employer_city")),
        "employer_state": _state(get("employer_state"), "employer_state", issues, country),
        "employer_postal_code": parse_postal_code(get("employer_postal_code"), us=us_employer),
        "employer_country": country,
        "employer_province": text(get("employer_province")),
        "agent_attorney_name": _agent_name(values),
        "law_firm_name": text(get("law_firm_name")),
    }


# ---------------------------------------------------------------------------
# Parsers, one per kind
# ---------------------------------------------------------------------------


def parse_h2a_case(row: SourceRow, info: FileInfo) -> H2ACase:
    """An :class:`H2ACase` from a canonical ``h2a_main`` row, or :class:`RowError`."""
    issues: list[RowError] = []
    values = row.values
    common = _case_fields(values, info, "H-2A", issues)
    return H2ACase(
        row_number=row.row_number,
        primary_crop=text(values.get("primary_crop")),
        piece_rate_offer=_opt(
            parse_money, values.get("piece_rate_offer"), "piece_rate_offer", issues
        ),
        piece_rate_unit=text(values.get("piece_rate_unit")),
        issues=_issues(issues, row),
        **common,  # type: ignore[arg-type]
    )


def parse_h2b_case(row: SourceRow, info: FileInfo) -> H2BCase:
    """An :class:`H2BCase` from a canonical ``h2b_main`` row, or :class:`RowError`."""
    issues: list[RowError] = []
    values = row.values
    common = _case_fields(values, info, "H-2B", issues)
    return H2BCase(
        row_number=row.row_number,
        wage_offered_to=_opt(parse_money, values.get("wage_offered_to"), "wage_offered_to", issues),
        prevailing_wage=_opt(parse_money, values.get("prevailing_wage"), "prevailing_wage", issues),
        prevailing_wage_unit=_opt(
            parse_wage_unit, values.get("prevailing_wage_unit"), "prevailing_wage_unit", issues
        ),
        issues=_issues(issues, row),
        **common,  # type: ignore[arg-type]
    )


def parse_addendum_a(row: SourceRow, info: FileInfo) -> AddendumAActivity:
    """An :class:`AddendumAActivity` from a canonical ``h2a_addendum_a`` row."""
    issues: list[RowError] = []
    get = row.values.get
    return AddendumAActivity(
        row_number=row.row_number,
        case_number=_case_number(row.values),
        job_order_number=parse_code(get("job_order_number")),
        crop_id=parse_code(get("crop_id")),
        crop_activity=_must(text(get("crop_activity")), "crop_activity"),
        wage_offer=_opt(parse_money, get("wage_offer"), "wage_offer", issues),
        wage_unit=_opt(parse_wage_unit, get("wage_unit"), "wage_unit", issues),
        special_pay=free_text(get("special_pay")),
        issues=_issues(issues, row),
    )


def parse_addendum_b(row: SourceRow, info: FileInfo) -> AddendumBHousing:
    """An :class:`AddendumBHousing` from a canonical ``h2a_addendum_b`` row."""
    issues: list[RowError] = []
    get = row.values.get
    case_number = _case_number(row.values)
    address1 = free_text(get("address1"))
    city = text(get("city"))
    if address1 is None and city is None:
        raise RowError("missing_value", "city")  # a housing site nobody can find
    return AddendumBHousing(
        row_number=row.row_number,
        case_number=case_number,
        job_order_number=parse_code(get("job_order_number")),
        housing_type=text(get("housing_type")),
        address1=address1,
        address2=free_text(get("address2")),
        city=city,
        state=_state(get("state"), "state", issues),
        postal_code=parse_postal_code(get("postal_code")),
        county=text(get("county")),
        additional_info=free_text(get("additional_info")),
        total_units=_opt(parse_int, get("total_units"), "total_units", issues),
        total_occupancy=_opt(parse_int, get("total_occupancy"), "total_occupancy", issues),
        standards_local=_opt(parse_bool, get("standards_local"), "standards_local", issues),
        standards_state=_opt(parse_bool, get("standards_state"), "standards_state", issues),
        standards_federal=_opt(parse_bool, get("standards_federal"), "standards_federal", issues),
        issues=_issues(issues, row),
    )


def parse_appendix_a(row: SourceRow, info: FileInfo) -> AppendixAWorksite:
    """An :class:`AppendixAWorksite` from a canonical ``h2b_appendix_a`` row."""
    issues: list[RowError] = []
    get = row.values.get
    begin, end = _period(
        _opt(parse_date, get("begin_date"), "begin_date", issues),
        _opt(parse_date, get("end_date"), "end_date", issues),
        "period",
        issues,
    )
    return AppendixAWorksite(
        row_number=row.row_number,
        case_number=_case_number(row.values),
        worksite_address=free_text(get("worksite_address")),
        worksite_city=text(get("worksite_city")),
        worksite_state=_state(get("worksite_state"), "worksite_state", issues),
        worksite_county=text(get("worksite_county")),
        worksite_postal_code=parse_postal_code(get("worksite_postal_code")),
        area_title=text(get("area_title")),
        additional_info=free_text(get("additional_info")),
        crew_id=parse_code(get("crew_id")),
        total_workers=_opt(parse_int, get("total_workers"), "total_workers", issues),
        begin_date=begin,
        end_date=end,
        wage_from=_opt(parse_money, get("wage_from"), "wage_from", issues),
        wage_to=_opt(parse_money, get("wage_to"), "wage_to", issues),
        wage_unit=_opt(parse_wage_unit, get("wage_unit"), "wage_unit", issues),
        issues=_issues(issues, row),
    )


def parse_appendix_c(row: SourceRow, info: FileInfo) -> AppendixCRecruiter:
    """An :class:`AppendixCRecruiter` from a canonical ``h2b_appendix_c`` row."""
    issues: list[RowError] = []
    get = row.values.get
    case_number = _case_number(row.values)
    organisation = text(get("organisation_name"))
    last_name = text(get("person_last_name"))
    if organisation is None and last_name is None:
        raise RowError("missing_value", "organisation_name")  # no recruiter named at all
    country = parse_country(get("country"))
    state = _state(get("state"), "state", issues, country)
    return AppendixCRecruiter(
        row_number=row.row_number,
        case_number=case_number,
        organisation_name=organisation,
        city=text(get("city")),
        state_or_province=state or text(get("province")),
        country=country,
        person_last_name=last_name,
        person_first_name=text(get("person_first_name")),
        person_middle_name=text(get("person_middle_name")),
        issues=_issues(issues, row),
    )


def parse_appendix_d(row: SourceRow, info: FileInfo) -> AppendixDClient:
    """An :class:`AppendixDClient` from a canonical ``h2b_appendix_d`` row."""
    issues: list[RowError] = []
    get = row.values.get
    country = parse_country(get("country"))
    return AppendixDClient(
        row_number=row.row_number,
        case_number=_case_number(row.values),
        legal_name=_must(text(get("legal_name")), "legal_name"),
        trade_name=text(get("trade_name")),
        address1=free_text(get("address1")),
        address2=free_text(get("address2")),
        city=text(get("city")),
        state=_state(get("state"), "state", issues, country),
        postal_code=parse_postal_code(get("postal_code"), us=is_us_country(country)),
        country=country,
        province=text(get("province")),
        issues=_issues(issues, row),
    )


def _findings(values: dict[str, Cell], prefix: str, issues: list[RowError]) -> ProgrammeFindings:
    get = values.get
    return ProgrammeFindings(
        violations=_opt(parse_int, get(f"{prefix}_violations"), f"{prefix}_violations", issues),
        back_wages=_opt(parse_money, get(f"{prefix}_back_wages"), f"{prefix}_back_wages", issues),
        employees_owed=_opt(
            parse_int, get(f"{prefix}_employees_owed"), f"{prefix}_employees_owed", issues
        ),
        civil_penalties=_opt(
            parse_money, get(f"{prefix}_civil_penalties"), f"{prefix}_civil_penalties", issues
        ),
    )


def parse_whd_case(row: SourceRow, info: FileInfo) -> WhdCase:
    """A :class:`WhdCase` from a canonical WHISARD row."""
    issues: list[RowError] = []
    values = row.values
    get = values.get
    case_id = _must(parse_code(get("case_id")), "case_id")
    trade_name = text(get("trade_name"))
    legal_name = text(get("legal_name")) or trade_name
    return WhdCase(
        row_number=row.row_number,
        case_id=case_id,
        legal_name=_must(legal_name, "legal_name"),
        trade_name=trade_name,
        city=text(get("city")),
        state=_state(get("state"), "state", issues),
        postal_code=parse_postal_code(get("postal_code")),
        naics_code=parse_code(get("naics_code")),
        naics_description=text(get("naics_description")),
        findings_start_date=_opt(
            parse_date, get("findings_start_date"), "findings_start_date", issues
        ),
        findings_end_date=_opt(parse_date, get("findings_end_date"), "findings_end_date", issues),
        h2a=_findings(values, "h2a", issues),
        h2b=_findings(values, "h2b", issues),
        mspa=_findings(values, "mspa", issues),
        flsa=_findings(values, "flsa", issues),
        issues=_issues(issues, row),
    )


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
    get = row.values.get
    name = _must(text(get("name")), "name")
    programmes = parse_programmes(get("programme"), "programme")
    start = parse_date(get("start_date"), "start_date")
    if start is None:
        raise RowError("missing_value", "start_date")
    end = _opt(parse_date, get("end_date"), "end_date", issues)
    if end is not None and end < start:
        issues.append(
            RowError(
                "invalid_period", "period", {"begin": start.isoformat(), "end": end.isoformat()}
            )
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
