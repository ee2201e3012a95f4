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

Each kind's fields are in a module of its own (``h2a``, ``h2b``, ``enforcement``; the groups
the main files share in ``shared``), whose docstring says what the sources confirm for it; the
classes they are written with, and the source tags, are in ``fields``.

Columns never read
------------------
:func:`is_forbidden` names the columns a reader must skip whatever the aliases say:
every phone, fax and e-mail column, every employer point-of-contact and preparer
column (named people), and in Appendix D every client point-of-contact column.
They are removed from the header map before a row is ever turned into a dict.
"""

from __future__ import annotations

from collections.abc import Sequence

from .enforcement import DEBARMENTS, WHD
from .fields import SOURCES, Alias, FieldSpec, FileKind, KindSpec, normalise_header
from .h2a import H2A_ADDENDUM_A, H2A_ADDENDUM_B, H2A_MAIN
from .h2b import H2B_APPENDIX_A, H2B_APPENDIX_C, H2B_APPENDIX_D, H2B_MAIN

__all__ = [
    "FORBIDDEN_PREFIXES",
    "FORBIDDEN_SUBSTRINGS",
    "SOURCES",
    "SPECS",
    "Alias",
    "FieldSpec",
    "FileKind",
    "KindSpec",
    "build_column_map",
    "is_forbidden",
    "missing_required",
    "normalise_header",
]


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
