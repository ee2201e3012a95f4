"""Cell parsers for DOL records.

Every parser takes the raw cell value (whatever python-calamine or the csv module
produced: ``str``, ``int``, ``float``, ``bool``, ``datetime.date``,
``datetime.datetime``, ``datetime.time`` or ``None``) plus the canonical field name,
and returns a normalised value, ``None`` for a blank cell, or raises
:class:`RowError` with a stable, machine-readable ``code``.  The Django layer
translates the code (and its ``params``) into a message for people; nothing here
is worded for display.

Error codes (stable; see :data:`ERROR_CODES`):

``missing_value``        a required field is blank
``invalid_date``         not a date in any format DOL has used
``invalid_number``       not a number (or not finite)
``not_integer``          a count with a fractional part (``12.5`` workers)
``negative_number``      a count or an amount below zero
``invalid_wage_unit``    a unit of pay we do not know
``invalid_boolean``      not Y/N/Yes/No/1/0/True/False
``invalid_state``        not a US state/territory, and no foreign country given
``invalid_period``       a period whose end is before its beginning
``invalid_case_number``  a case number without any digit
``invalid_programme``    a visa programme other than H-2A / H-2B

The parsers avoid regular expressions on the hot path: a DOL file has tens of
thousands of rows and dozens of cells per row, so type checks, ``str`` methods and
dictionary look-ups do the work.  Only free text (housing notes, special pay
information) goes through the contact scrubber, which uses a regex once a cheap
pre-check suggests an e-mail address or a phone number may be present.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TypeAlias

Cell: TypeAlias = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None
"""A raw cell value as a reader yields it."""

ERROR_CODES = frozenset(
    {
        "missing_value",
        "invalid_date",
        "invalid_number",
        "not_integer",
        "negative_number",
        "invalid_wage_unit",
        "invalid_boolean",
        "invalid_state",
        "invalid_period",
        "invalid_case_number",
        "invalid_programme",
    }
)


class RowError(Exception):
    """A cell or a row that cannot be parsed.

    ``code`` is one of :data:`ERROR_CODES`; ``field`` the canonical field name (or
    ``None`` for a row-level problem); ``params`` extra machine-readable detail such
    as the offending value; ``row_number`` the 1-based spreadsheet row, filled in by
    :mod:`records` when the error leaves a row parser.
    """

    def __init__(
        self,
        code: str,
        field: str | None = None,
        params: Mapping[str, object] | None = None,
        *,
        row_number: int | None = None,
    ) -> None:
        self.code = code
        self.field = field
        self.params: dict[str, object] = dict(params or {})
        self.row_number = row_number
        super().__init__(code, field, self.params)

    def __str__(self) -> str:
        where = f" at row {self.row_number}" if self.row_number is not None else ""
        return f"{self.code} in {self.field or '(row)'}{where}: {self.params}"

    def __repr__(self) -> str:
        return f"RowError({self.code!r}, {self.field!r}, {self.params!r}, row_number={self.row_number!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RowError):
            return NotImplemented
        return (self.code, self.field, self.params, self.row_number) == (
            other.code,
            other.field,
            other.params,
            other.row_number,
        )

    def __hash__(self) -> int:
        return hash((self.code, self.field, self.row_number))

    def at_row(self, row_number: int) -> RowError:
        """Return this error with ``row_number`` set (the original is left alone)."""
        return RowError(self.code, self.field, self.params, row_number=row_number)

    def as_dict(self) -> dict[str, object]:
        """The error as plain data, for logs or JSON."""
        return {
            "code": self.code,
            "field": self.field,
            "params": dict(self.params),
            "row_number": self.row_number,
        }


def _shown(value: object) -> str:
    """A short, safe rendering of a bad value for ``RowError.params``."""
    text_value = str(value)
    return text_value if len(text_value) <= 80 else text_value[:77] + "..."


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------

_NULL_TEXT = frozenset({"n/a", "na", "#n/a", "null", "-", "--", "none given"})


def text(value: Cell, field: str = "") -> str | None:
    """Trim a cell to text; collapse internal runs of whitespace; blank → ``None``.

    Numbers that are whole (calamine returns ``600.0`` for a suite number typed as a
    number) lose their ``.0``.  Placeholders such as ``N/A`` count as blank.
    """
    if type(value) is str:
        s = value.strip()
        if not s:
            return None
        # isprintable() is False for tabs, newlines and no-break spaces.
        if "  " in s or not s.isprintable():
            s = " ".join(s.split())
        if len(s) <= 10 and s.lower() in _NULL_TEXT:
            return None
        return s
    if value is None:
        return None
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return " ".join(str(value).split()) or None


_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*")
# A run of digits with phone punctuation: +52 (55) 1234-5678, 361-972-2005, 9729720.
_PHONE_RE = re.compile(r"(?<![\w/])\+?\(?\d[\d().\s-]{5,}\d(?![\w/])")
_DATE_LIKE_RE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}-\d{1,2}-\d{2,4}")
_ZIP_RE = re.compile(r"\d{5}(?:-\d{4})?")


def _phone_replacement(match: re.Match[str]) -> str:
    candidate = match.group(0).strip()
    digits = _digit_count(candidate)
    if digits < 7 or digits > 15:
        return match.group(0)
    if _DATE_LIKE_RE.fullmatch(candidate) or _ZIP_RE.fullmatch(candidate):
        return match.group(0)
    parts = candidate.split()
    # "12 40 2017"-like runs of plain numbers separated by spaces are rarely phones;
    # "1618 77465" is a street number beside a ZIP code.
    if len(parts) > 1 and all(part.isdigit() and len(part) < 7 for part in parts):
        return match.group(0)
    return " "


_DROP_DIGITS = str.maketrans("", "", "0123456789")


def _digit_count(s: str) -> int:
    return len(s) - len(s.translate(_DROP_DIGITS))


def scrub_contacts(s: str) -> str:
    """Remove e-mail addresses and phone numbers from free text, then tidy spaces.

    DOL free-text columns (housing notes, special pay, job duties) sometimes carry
    a farm's or a person's phone number or e-mail.  Jornada never stores those, so
    every free-text field passes through here.
    """
    if "@" in s:
        s = _EMAIL_RE.sub(" ", s)
    if _digit_count(s) >= 7:
        s = _PHONE_RE.sub(_phone_replacement, s)
    return " ".join(s.split())


def free_text(value: Cell, field: str = "") -> str | None:
    """:func:`text` followed by :func:`scrub_contacts` (phone-free text)."""
    s = text(value, field)
    if s is None:
        return None
    return scrub_contacts(s) or None


def required(value: object, field: str) -> object:
    """Raise ``missing_value`` for ``None``; otherwise return the value unchanged."""
    if value is None:
        raise RowError("missing_value", field)
    return value


def required_text(value: Cell, field: str) -> str:
    """:func:`text`, raising ``missing_value`` when blank."""
    s = text(value, field)
    if s is None:
        raise RowError("missing_value", field)
    return s


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


def _year(part: str) -> int:
    year = int(part)
    if len(part) <= 2:
        # Two-digit years as Python's %y reads them: 69 → 2069 is never a DOL
        # decision date, 70-99 → 1970-1999.
        year += 2000 if year < 70 else 1900
    return year


def _date_from_text(s: str, field: str) -> dt.date:
    raw = s
    # Drop a time part: "2017-03-01 00:00:00", "2017-03-01T08:00", "3/1/2017 8:00 AM".
    if "T" in s and s[:4].isdigit():
        s = s.split("T", 1)[0]
    if " " in s:
        s = s.split(" ", 1)[0]
    try:
        if "-" in s:
            a, b, c = s.split("-")
            if len(a) == 4 and a.isdigit():  # 2017-03-01
                return dt.date(int(a), int(b), int(c))
            if b.isalpha():  # 01-MAR-17, 1-Mar-2017
                month = _MONTHS.get(b.lower()[:4]) or _MONTHS.get(b.lower()[:3])
                if month is None:
                    raise ValueError(b)
                return dt.date(_year(c), month, int(a))
            return dt.date(_year(c), int(a), int(b))  # 03-01-2017 (US order)
        if "/" in s:
            a, b, c = s.split("/")
            if len(a) == 4:  # 2017/03/01
                return dt.date(int(a), int(b), int(c))
            return dt.date(_year(c), int(a), int(b))  # 3/1/2017, 3/1/17
        if s.isdigit():
            if len(s) == 8:  # 20170301
                return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
            if len(s) <= 5:  # an Excel serial number exported as text
                return _date_from_serial(float(s), field)
        if "." in s:  # 01.03.2017 is rare; DOL never used it, but Excel exports may
            a, b, c = s.split(".")
            if len(a) == 4:
                return dt.date(int(a), int(b), int(c))
    except (ValueError, OverflowError):
        pass
    raise RowError("invalid_date", field, {"value": _shown(raw)})


def _date_from_serial(serial: float, field: str) -> dt.date:
    if not (1 <= serial < 2958466):  # Excel's own range: 1900-01-01 .. 9999-12-31
        raise RowError("invalid_date", field, {"value": _shown(serial)})
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date(value: Cell, field: str = "") -> dt.date | None:
    """A date from a calamine date/datetime, an Excel serial number, or text.

    Text forms: ``2017-03-01``, ``2017-03-01 00:00:00``, ``3/1/2017``, ``3/1/17``,
    ``01-MAR-17``, ``1-Mar-2017``, ``20170301``.  Blank → ``None``.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):  # before dt.date: a datetime is a date
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return None
        return _date_from_text(s, field)
    if isinstance(value, float | int) and not isinstance(value, bool):
        return _date_from_serial(float(value), field)
    raise RowError("invalid_date", field, {"value": _shown(value)})


def parse_period(begin: Cell, end: Cell, field: str = "period") -> tuple[dt.date | None, dt.date | None]:
    """A (begin, end) period of need; ``invalid_period`` when end < begin."""
    begin_date = parse_date(begin, field + "_begin")
    end_date = parse_date(end, field + "_end")
    if begin_date is not None and end_date is not None and end_date < begin_date:
        raise RowError(
            "invalid_period",
            field,
            {"begin": begin_date.isoformat(), "end": end_date.isoformat()},
        )
    return begin_date, end_date


def fiscal_year_of(day: dt.date) -> int:
    """The US federal fiscal year of a date (FY2017 = 2016-10-01 .. 2017-09-30)."""
    return day.year + 1 if day.month >= 10 else day.year


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


def _number_text(s: str) -> str:
    s = s.strip()
    if s[:1] == "$" or "," in s or "$" in s:
        s = s.replace("$", "").replace(",", "").strip()
    return s


def parse_decimal(value: Cell, field: str = "", *, allow_negative: bool = False) -> Decimal | None:
    """A decimal from a number or text such as ``"$1,234.50"``; blank → ``None``."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise RowError("invalid_number", field, {"value": _shown(value)})
        number = Decimal(repr(value))
    elif isinstance(value, str):
        s = _number_text(value)
        if not s:
            return None
        try:
            number = Decimal(s)
        except InvalidOperation:
            raise RowError("invalid_number", field, {"value": _shown(value)}) from None
        if not number.is_finite():
            raise RowError("invalid_number", field, {"value": _shown(value)})
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    else:
        raise RowError("invalid_number", field, {"value": _shown(value)})
    if number < 0 and not allow_negative:
        raise RowError("negative_number", field, {"value": _shown(value)})
    return number


def parse_money(value: Cell, field: str = "") -> Decimal | None:
    """An amount of money (``"$1,234.50"``, ``12.5``, ``""``); never negative."""
    return parse_decimal(value, field)


def parse_int(value: Cell, field: str = "") -> int | None:
    """A whole, non-negative count from ``12``, ``12.0``, ``"1,200"``; blank → ``None``."""
    if value is None:
        return None
    number: int
    if isinstance(value, float):
        if value != value:
            raise RowError("invalid_number", field, {"value": _shown(value)})
        if not value.is_integer():
            raise RowError("not_integer", field, {"value": _shown(value)})
        number = int(value)
    elif isinstance(value, str):
        s = _number_text(value)
        if not s:
            return None
        if s.isdigit():
            number = int(s)
        else:
            try:
                as_float = float(s)
            except ValueError:
                raise RowError("invalid_number", field, {"value": _shown(value)}) from None
            if as_float != as_float or not as_float.is_integer():
                code = "not_integer" if as_float == as_float else "invalid_number"
                raise RowError(code, field, {"value": _shown(value)})
            number = int(as_float)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raise RowError("invalid_number", field, {"value": _shown(value)})
    if number < 0:
        raise RowError("negative_number", field, {"value": _shown(value)})
    return number


def parse_code(value: Cell, field: str = "") -> str | None:
    """An identifier code kept as text: NAICS ``111219.0`` → ``"111219"``, SOC ``45-2092``."""
    return text(value, field)


def parse_postal_code(value: Cell, field: str = "", *, us: bool = True) -> str | None:
    """A postal code as text; US codes stored as numbers get their leading zeros back.

    ``2554.0`` → ``"02554"``; ``123456789`` → ``"12345-6789"``; foreign codes are kept
    as given.
    """
    s = text(value, field)
    if s is None or not us:
        return s
    if s.isdigit():
        if 3 <= len(s) < 5:
            return s.zfill(5)
        if len(s) == 9:
            return f"{s[:5]}-{s[5:]}"
        if len(s) == 8:  # a ZIP+4 whose leading zero was lost
            return f"0{s[:4]}-{s[4:]}"
    return s


# ---------------------------------------------------------------------------
# Units, booleans, states
# ---------------------------------------------------------------------------

WAGE_UNITS = ("hour", "day", "week", "biweekly", "month", "year", "piece_rate")
"""The stable wage-unit codes :func:`parse_wage_unit` returns."""

_WAGE_UNIT_KEYS: dict[str, str | None] = {}
for _code, _spellings in {
    "hour": ("hour", "hourly", "hr", "hrs", "h", "perhour", "hours"),
    "day": ("day", "daily", "dy", "perday"),
    "week": ("week", "weekly", "wk", "wkly", "perweek"),
    "biweekly": ("biweekly", "bi", "biwk", "biweek", "every2weeks", "fortnightly"),
    "month": ("month", "monthly", "mth", "mo", "mon", "permonth"),
    "year": ("year", "yearly", "yr", "annual", "annually", "peryear"),
    "piece_rate": ("piecerate", "piece", "pc", "pr", "piecerates", "pieces", "perpiece"),
}.items():
    for _spelling in _spellings:
        _WAGE_UNIT_KEYS[_spelling] = _code
# The FY2017 H-2A form default left in 77 rows: no unit was chosen.
_WAGE_UNIT_KEYS["selectpayrange"] = None


def _squash(s: str) -> str:
    """Lowercase letters and digits only: ``"Bi-Weekly "`` → ``"biweekly"``."""
    return "".join(ch for ch in s.lower() if ch.isalnum())


def parse_wage_unit(value: Cell, field: str = "") -> str | None:
    """A unit of pay → one of :data:`WAGE_UNITS`; blank or form default → ``None``."""
    if value is None or value == "":
        return None
    try:
        return _WAGE_UNIT_CACHE[value]  # type: ignore[index]
    except (KeyError, TypeError):
        pass
    unit = _parse_wage_unit(value, field)
    if type(value) is str and len(_WAGE_UNIT_CACHE) < 1024:
        _WAGE_UNIT_CACHE[value] = unit
    return unit


_WAGE_UNIT_CACHE: dict[str, str | None] = {}


def _parse_wage_unit(value: Cell, field: str) -> str | None:
    s = text(value, field)
    if s is None:
        return None
    key = _squash(s)
    try:
        return _WAGE_UNIT_KEYS[key]
    except KeyError:
        raise RowError("invalid_wage_unit", field, {"value": _shown(s)}) from None


_TRUE = frozenset({"y", "yes", "true", "t", "1", "x"})
_FALSE = frozenset({"n", "no", "false", "f", "0"})


def parse_bool(value: Cell, field: str = "") -> bool | None:
    """Y/N, Yes/No, 1/0, True/False → ``bool``; blank or ``N/A`` → ``None``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value == 1:
            return True
        if value == 0:
            return False
        raise RowError("invalid_boolean", field, {"value": _shown(value)})
    s = text(value, field)
    if s is None:
        return None
    key = s.lower().rstrip(".")
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise RowError("invalid_boolean", field, {"value": _shown(s)})


US_STATES: dict[str, str] = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "PR": "Puerto Rico",
    "GU": "Guam",
    "VI": "U.S. Virgin Islands",
    "MP": "Northern Mariana Islands",
    "AS": "American Samoa",
}
"""US states, DC and the territories DOL files use, by USPS code."""

_EXTRA_US_NAMES = {
    "WASHINGTON DC": "DC",
    "VIRGIN ISLANDS": "VI",
    "US VIRGIN ISLANDS": "VI",
    "COMMONWEALTH OF THE NORTHERN MARIANA ISLANDS": "MP",
    "NORTHERN MARIANAS": "MP",
    "CNMI": "MP",
    "COMMONWEALTH OF PUERTO RICO": "PR",
}

# Mexican states and Guatemalan departments (and Canadian provinces, which appear
# for a handful of Canadian employers): kept as published, only trimmed.
FOREIGN_REGIONS = frozenset(
    {
        # Mexico (32 federal entities, with and without accents, common short forms)
        "AGUASCALIENTES",
        "BAJA CALIFORNIA",
        "BAJA CALIFORNIA SUR",
        "CAMPECHE",
        "CHIAPAS",
        "CHIHUAHUA",
        "CIUDAD DE MEXICO",
        "CDMX",
        "DISTRITO FEDERAL",
        "COAHUILA",
        "COAHUILA DE ZARAGOZA",
        "COLIMA",
        "DURANGO",
        "ESTADO DE MEXICO",
        "MEXICO",
        "GUANAJUATO",
        "GUERRERO",
        "HIDALGO",
        "JALISCO",
        "MICHOACAN",
        "MICHOACAN DE OCAMPO",
        "MORELOS",
        "NAYARIT",
        "NUEVO LEON",
        "OAXACA",
        "PUEBLA",
        "QUERETARO",
        "QUERETARO DE ARTEAGA",
        "QUINTANA ROO",
        "SAN LUIS POTOSI",
        "SINALOA",
        "SONORA",
        "TABASCO",
        "TAMAULIPAS",
        "TLAXCALA",
        "VERACRUZ",
        "VERACRUZ DE IGNACIO DE LA LLAVE",
        "YUCATAN",
        "ZACATECAS",
        # Guatemala (22 departments)
        "ALTA VERAPAZ",
        "BAJA VERAPAZ",
        "CHIMALTENANGO",
        "CHIQUIMULA",
        "EL PROGRESO",
        "ESCUINTLA",
        "GUATEMALA",
        "HUEHUETENANGO",
        "IZABAL",
        "JALAPA",
        "JUTIAPA",
        "PETEN",
        "QUETZALTENANGO",
        "QUICHE",
        "EL QUICHE",
        "RETALHULEU",
        "SACATEPEQUEZ",
        "SAN MARCOS",
        "SANTA ROSA",
        "SOLOLA",
        "SUCHITEPEQUEZ",
        "TOTONICAPAN",
        "ZACAPA",
        # Canada
        "ALBERTA",
        "BRITISH COLUMBIA",
        "MANITOBA",
        "NEW BRUNSWICK",
        "NEWFOUNDLAND AND LABRADOR",
        "NOVA SCOTIA",
        "ONTARIO",
        "PRINCE EDWARD ISLAND",
        "QUEBEC",
        "SASKATCHEWAN",
        "NORTHWEST TERRITORIES",
        "NUNAVUT",
        "YUKON",
    }
)


def _state_key(s: str) -> str:
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    s = s.upper().replace(".", "").replace(",", " ").replace("-", " ")
    return " ".join(s.split())


_US_STATE_LOOKUP: dict[str, str] = {}
for _state_code, _state_name in US_STATES.items():
    _US_STATE_LOOKUP[_state_code] = _state_code
    _US_STATE_LOOKUP[_state_key(_state_name)] = _state_code
_US_STATE_LOOKUP.update(_EXTRA_US_NAMES)

_US_COUNTRY_KEYS = frozenset({"UNITED STATES OF AMERICA", "UNITED STATES", "USA", "US", "AMERICA"})


@lru_cache(maxsize=1024)
def is_us_country(country: str | None) -> bool:
    """True for blank (DOL leaves US rows blank at times) or any spelling of the USA."""
    return country is None or _state_key(country) in _US_COUNTRY_KEYS


@lru_cache(maxsize=4096)
def _state_cached(value: Cell, field: str, country: str | None) -> str | None:
    return _parse_state(value, field, country)


def parse_state(value: Cell, field: str = "", *, country: str | None = None) -> str | None:
    """A US state or territory → its 2-letter code; foreign regions kept as given.

    ``"NORTH CAROLINA"``, ``"nc"``, ``"N.C."`` → ``"NC"``.  When ``country`` names a
    country other than the USA, or the value is a known Mexican state, Guatemalan
    department or Canadian province, the trimmed value is returned unchanged.
    Anything else raises ``invalid_state``.  Results are memoised (a file has a few
    dozen distinct states; errors are not cached).
    """
    if value is None or value == "":
        return None
    return _state_cached(value, field, country)


def _parse_state(value: Cell, field: str, country: str | None) -> str | None:
    s = text(value, field)
    if s is None:
        return None
    key = _state_key(s)
    code = _US_STATE_LOOKUP.get(key)
    if code is not None and is_us_country(country):
        return code
    if not is_us_country(country) or key in FOREIGN_REGIONS:
        return s
    if code is not None:
        return code
    raise RowError("invalid_state", field, {"value": _shown(s)})


@lru_cache(maxsize=1024)
def parse_country(value: Cell, field: str = "") -> str | None:
    """A country name, trimmed; the USA's spellings → ``"UNITED STATES OF AMERICA"``."""
    s = text(value, field)
    if s is None:
        return None
    if _state_key(s) in _US_COUNTRY_KEYS:
        return "UNITED STATES OF AMERICA"
    return s


# ---------------------------------------------------------------------------
# DOL identifiers
# ---------------------------------------------------------------------------


def parse_case_number(value: Cell, field: str = "case_number") -> str | None:
    """An OFLC case number, upper-cased with inner spaces removed.

    Formats seen: ``H-300-17097-485527`` (H-2A, FY2015+), ``H-400-21251-572444``
    (H-2B), ``C-11046-27747`` (FY2008-FY2014).  A value without any digit raises
    ``invalid_case_number``.
    """
    if type(value) is str:
        cached = _CASE_NUMBERS.get(value)
        if cached is not None:
            return cached
    s = text(value, field)
    if s is None:
        return None
    s = s.upper()
    if " " in s:
        s = s.replace(" ", "")
    if len(s.translate(_DROP_DIGITS)) == len(s):
        raise RowError("invalid_case_number", field, {"value": _shown(s)})
    if type(value) is str:
        if len(_CASE_NUMBERS) >= 50_000:  # appendix rows repeat a case; keep it bounded
            _CASE_NUMBERS.clear()
        _CASE_NUMBERS[value] = s
    return s


_CASE_NUMBERS: dict[str, str] = {}


def case_number_filing_date(case_number: str) -> dt.date | None:
    """The filing date a case number encodes, or ``None``.

    The first all-digit group of five (``17097`` in ``H-300-17097-485527``,
    ``11046`` in ``C-11046-27747``) is two digits of calendar year and three of day
    of year.
    """
    for part in case_number.split("-"):
        if len(part) == 5 and part.isdigit():
            year, day = 2000 + int(part[:2]), int(part[2:])
            if 1 <= day <= 366:
                try:
                    return dt.date(year, 1, 1) + dt.timedelta(days=day - 1)
                except OverflowError:  # pragma: no cover - guarded by the bounds above
                    return None
            return None
    return None


CASE_STATUS_CODES = (
    "certified",
    "partial_certification",
    "denied",
    "withdrawn",
    "certified_withdrawn",
    "rejected",
    "other",
)
"""Stable codes for :func:`case_status_code`."""


@lru_cache(maxsize=256)
def case_status_code(status: str | None) -> str | None:
    """Map a published status (its wording changed every few years) to a stable code.

    ``DETERMINATION ISSUED - CERTIFICATION EXPIRED`` and ``Certified - Full`` →
    ``certified``; ``... PARTIAL CERTIFICATION`` → ``partial_certification``;
    ``Certified - Withdrawn`` → ``certified_withdrawn``; ``Withdrawn`` →
    ``withdrawn``; ``... Denied`` → ``denied``; ``... Rejected`` → ``rejected``.
    """
    if status is None:
        return None
    s = status.lower()
    if "withdraw" in s:
        return "certified_withdrawn" if "certif" in s else "withdrawn"
    if "denied" in s or "denial" in s:
        return "denied"
    if "reject" in s:
        return "rejected"
    if "partial" in s:
        return "partial_certification"
    if "certif" in s:
        return "certified"
    return "other"


PROGRAMMES = ("H-2A", "H-2B")


def parse_programmes(value: Cell, field: str = "programme") -> tuple[str, ...]:
    """``"H-2A"``, ``"H2B"``, ``"H-2A/H-2B"``, ``"H-2A and H-2B"`` → programme codes."""
    s = text(value, field)
    if s is None:
        raise RowError("missing_value", field)
    key = _squash(s)
    found = tuple(code for code in PROGRAMMES if _squash(code) in key)
    if not found:
        raise RowError("invalid_programme", field, {"value": _shown(s)})
    return found
