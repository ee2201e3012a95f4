"""Recognise a DOL file: its kind (from the header row first, the file name second),
its fiscal year and quarter, and the typed errors raised when a file cannot be used.

Fiscal year, in order of preference:

1. the file name: ``H-2A_Disclosure_Data_FY2024_Q4.xlsx``, ``..._FY17.xlsx``,
   ``H-2A_FY2009.xls``, ``H-2B_FY14_Q4.xlsx``, ``..._FY2018_EOY.xlsx`` (EOY = Q4);
2. the decision dates of the first rows (the fiscal year most of them fall in);
3. the case numbers of the first rows: ``H-300-17097-485527`` was filed on day 097
   of 2017, so in FY2017.  A case is filed some weeks before it is decided, so this
   can come out one year early near the start of a fiscal year; it is the last
   resort and :attr:`FileInfo.fiscal_year_source` says so.

WHISARD extracts and debarment lists are cumulative, not per fiscal year: their
``fiscal_year`` is ``None`` with source ``"not_applicable"``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from .columns import SPECS, FileKind, KindSpec, normalise_header
from .normalise import RowError, case_number_filing_date, fiscal_year_of, parse_date

__all__ = [
    "CUMULATIVE_KINDS",
    "DolFileError",
    "FileInfo",
    "FileKind",
    "MissingColumnsError",
    "UnreadableFileError",
    "UnrecognisedFileError",
    "detect_kind",
    "fiscal_period_from_name",
    "fiscal_year_from_rows",
    "kind_from_name",
]

CUMULATIVE_KINDS = frozenset({FileKind.WHD, FileKind.DEBARMENTS})
"""Kinds published as one cumulative list rather than per fiscal year."""


class DolFileError(Exception):
    """A DOL file that cannot be imported.  ``code`` is stable and machine-readable."""

    code = "dol_file_error"

    def __init__(self, file_name: str, code: str | None = None, **params: object) -> None:
        self.file_name = file_name
        if code is not None:
            self.code = code
        self.params: dict[str, object] = params
        super().__init__(self._message())

    def _message(self) -> str:
        details = ", ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{self.file_name}: {self.code}" + (f" ({details})" if details else "")

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from its attributes (a file read in a child process sends its error back):
        # the subclasses' constructors do not take their own ``args``.
        return (_rebuilt_error, (type(self), self.__dict__))


def _rebuilt_error(cls: type[DolFileError], state: dict[str, object]) -> DolFileError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error._message())
    return error


class UnrecognisedFileError(DolFileError):
    """The file is not one of the kinds we import.

    Codes: ``unrecognised_header`` (no known header row in the first rows),
    ``ambiguous_kind`` (the header fits H-2A and H-2B equally and the name says
    neither), ``unsupported_kind`` (a DOL file we deliberately do not import, such
    as the H-2A Addendum B *employment* records), ``unsupported_format`` (not
    .xlsx/.xlsm/.xls/.xlsb/.ods/.csv/.txt/.zip), ``empty_file``.
    """

    code = "unrecognised_header"


class UnreadableFileError(DolFileError):
    """The file exists but cannot be read (corrupt or truncated workbook, bad zip).

    Codes: ``unreadable_file``, ``zip_without_csv``.  ``params['reason']`` carries
    the underlying library's message.
    """

    code = "unreadable_file"


class MissingColumnsError(DolFileError):
    """A recognised file lacks required columns.

    ``missing`` maps each missing canonical field to the headers that would have
    been accepted for it, so a person can see what to rename.
    """

    code = "missing_columns"

    def __init__(self, file_name: str, kind: FileKind, missing: Mapping[str, Sequence[str]]) -> None:
        self.kind = kind
        self.missing: dict[str, tuple[str, ...]] = {name: tuple(headers) for name, headers in missing.items()}
        super().__init__(file_name, None, kind=kind.value, missing=self.missing)

    def _message(self) -> str:
        parts = [f"{name} (accepted headers: {', '.join(headers)})" for name, headers in self.missing.items()]
        return f"{self.file_name}: {self.kind.value} file is missing " + "; ".join(parts)


@dataclass(frozen=True, slots=True)
class FileInfo:
    """What a file is: kind, fiscal year/quarter and where the year came from."""

    file_name: str
    kind: FileKind
    fiscal_year: int | None
    quarter: int | None
    fiscal_year_source: str
    """``file_name``, ``decision_date``, ``case_number``, ``not_applicable`` or ``unknown``."""


# ---------------------------------------------------------------------------
# File names
# ---------------------------------------------------------------------------

_FY_RE = re.compile(r"fy[\s_-]?(\d{4}|\d{2})(?!\d)", re.IGNORECASE)
_QUARTER_RE = re.compile(r"(?<![a-z])q([1-4])(?![0-9])", re.IGNORECASE)
_EOY_RE = re.compile(r"(?<![a-z])eoy(?![a-z])", re.IGNORECASE)


def fiscal_period_from_name(file_name: str) -> tuple[int | None, int | None]:
    """``(fiscal_year, quarter)`` from a DOL file name; ``None`` where absent.

    >>> fiscal_period_from_name("H-2A_Disclosure_Data_FY2024_Q4.xlsx")
    (2024, 4)
    >>> fiscal_period_from_name("H-2A_Disclosure_Data_FY17.xlsx")
    (2017, None)
    """
    name = PurePath(file_name).name
    match = _FY_RE.search(name)
    if match is None:
        return None, None
    digits = match.group(1)
    year = int(digits) + (2000 if len(digits) == 2 else 0)
    rest = name[match.end() :]
    quarter_match = _QUARTER_RE.search(rest)
    quarter = int(quarter_match.group(1)) if quarter_match else None
    if quarter is None and _EOY_RE.search(rest):
        quarter = 4
    return year, quarter


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


_UNSUPPORTED_NAME_MARKS = (
    ("employment", "H-2A Addendum B employment records"),
    ("lca", "LCA (H-1B) disclosure data"),
    ("perm", "PERM disclosure data"),
    ("pwdisclosure", "prevailing wage disclosure data"),
    ("cw1", "CW-1 disclosure data"),
    ("recordlayout", "an OFLC record layout"),
)


def kind_from_name(file_name: str) -> FileKind | None:
    """The kind a DOL file name suggests, or ``None``.

    Raises :class:`UnrecognisedFileError` (``unsupported_kind``) for names of DOL
    files this package deliberately does not import.
    """
    name = _squash(PurePath(file_name).name)
    h2a, h2b = "h2a" in name, "h2b" in name
    if (h2a or h2b) and "addendumb" in name and "employment" in name:
        raise UnrecognisedFileError(file_name, "unsupported_kind", what="H-2A Addendum B employment records")
    if not (h2a or h2b):
        if "whisard" in name or name.startswith("whd"):
            return FileKind.WHD
        if "debar" in name:
            return FileKind.DEBARMENTS
        for mark, what in _UNSUPPORTED_NAME_MARKS[1:]:
            if name.startswith(mark):
                raise UnrecognisedFileError(file_name, "unsupported_kind", what=what)
        return None
    if h2a:
        if "addendumb" in name or "addb" in name or "housing" in name:
            return FileKind.H2A_ADDENDUM_B
        if "addenduma" in name or "adda" in name:
            return FileKind.H2A_ADDENDUM_A
        return FileKind.H2A_MAIN
    # H-2B: OFLC called the appendices "Addendum" in a few FY2020 file names.
    for letter, kind in (
        ("a", FileKind.H2B_APPENDIX_A),
        ("c", FileKind.H2B_APPENDIX_C),
        ("d", FileKind.H2B_APPENDIX_D),
    ):
        if f"appendix{letter}" in name or f"addendum{letter}" in name:
            return kind
    if "appendixb" in name or "addendumb" in name:
        raise UnrecognisedFileError(file_name, "unsupported_kind", what="H-2B Appendix B")
    return FileKind.H2B_MAIN


# ---------------------------------------------------------------------------
# Header rows
# ---------------------------------------------------------------------------

_MAIN_KINDS = (FileKind.H2A_MAIN, FileKind.H2B_MAIN)


def _matched_fields(spec: KindSpec, keys: set[str]) -> int:
    return sum(1 for field in spec.fields if any(key in keys for key in field.keys))


def header_score(header: Iterable[object]) -> int:
    """How many canonical fields of the best-fitting kind a row names (0 = none)."""
    keys = {normalise_header(cell) for cell in header} - {""}
    if len(keys) < 2:
        return 0
    return max(_matched_fields(spec, keys) for spec in SPECS.values())


def detect_kind(header: Sequence[object], file_name: str) -> FileKind:
    """Decide a file's kind from its header row, using the file name to break ties.

    Raises :class:`UnrecognisedFileError` when neither the header nor the name
    identifies a kind.  A name that identifies a kind with a header that does not
    match it at all yields that kind, so that the caller reports the *missing
    columns* (more useful to a person than "unrecognised").
    """
    keys = {normalise_header(cell) for cell in header} - {""}
    name_kind = kind_from_name(file_name)
    scores: dict[FileKind, tuple[int, int]] = {}
    for kind, spec in SPECS.items():
        if spec.excludes & keys:
            continue
        hits = spec.signature_hits(keys)
        if hits:
            scores[kind] = (hits, _matched_fields(spec, keys))
    if not scores:
        # Legacy main files may carry none of the distinctive columns: a case number
        # and an employer name make it a main file, the name says which programme.
        main = SPECS[FileKind.H2A_MAIN]
        has_case = any(key in keys for key in main.field("case_number").keys)
        has_employer = any(key in keys for key in main.field("employer_name").keys)
        if has_case and has_employer:
            scores = {kind: (0, _matched_fields(SPECS[kind], keys)) for kind in _MAIN_KINDS}
    if not scores:
        if name_kind is not None:
            return name_kind
        raise UnrecognisedFileError(file_name, "unrecognised_header")
    best = max(scores.values())
    leaders = [kind for kind, score in scores.items() if score == best]
    if len(leaders) == 1:
        return leaders[0]
    if name_kind is not None and name_kind in leaders:
        return name_kind
    # A main-file tie (H-2A vs H-2B) is broken by signature hits alone first.
    by_hits = max(score[0] for score in scores.values())
    hit_leaders = [kind for kind, score in scores.items() if score[0] == by_hits]
    if len(hit_leaders) == 1 and by_hits > 0:
        return hit_leaders[0]
    raise UnrecognisedFileError(file_name, "ambiguous_kind", candidates=sorted(k.value for k in leaders))


# ---------------------------------------------------------------------------
# Fiscal year from the data
# ---------------------------------------------------------------------------


def fiscal_year_from_rows(
    rows: Iterable[Mapping[str, object]],
) -> tuple[int | None, str]:
    """The most common fiscal year among decision dates, else among case numbers.

    ``rows`` are canonical row dicts (a sample of the first rows is enough).
    Returns ``(fiscal_year, source)``; ``(None, "unknown")`` when neither is usable.
    """
    decision_years: Counter[int] = Counter()
    filing_years: Counter[int] = Counter()
    for row in rows:
        decided = row.get("decision_date")
        if decided not in (None, ""):
            try:
                day = parse_date(decided, "decision_date")  # type: ignore[arg-type]
            except RowError:  # a bad sample cell must not stop detection
                day = None
            if day is not None:
                decision_years[fiscal_year_of(day)] += 1
        case = row.get("case_number")
        if isinstance(case, str):
            filed = case_number_filing_date(case.strip().upper())
            if filed is not None:
                filing_years[fiscal_year_of(filed)] += 1
    if decision_years:
        return decision_years.most_common(1)[0][0], "decision_date"
    if filing_years:
        return filing_years.most_common(1)[0][0], "case_number"
    return None, "unknown"


def describe(
    file_name: str,
    kind: FileKind,
    sample: Iterable[Mapping[str, object]] = (),
) -> FileInfo:
    """Build the :class:`FileInfo` of a file from its name and a sample of rows."""
    if kind in CUMULATIVE_KINDS:
        return FileInfo(file_name, kind, None, None, "not_applicable")
    year, quarter = fiscal_period_from_name(file_name)
    if year is not None:
        return FileInfo(file_name, kind, year, quarter, "file_name")
    year, source = fiscal_year_from_rows(sample)
    return FileInfo(file_name, kind, year, quarter, source)
