"""Pure-Python parsing layer for US Department of Labor H-2A/H-2B records.

No Django here: the importer wraps these functions in models, transactions and
management commands.  Typical use::

    from jornada.directory.dol import open_dol_file, parse_rows, RowError

    with open_dol_file(path, progress=report) as dol:   # raises DolFileError subclasses
        for result in parse_rows(dol):                  # a record or the RowError that rejected it
            ...

Modules: :mod:`.kinds` (what a file is), :mod:`.columns` (canonical fields, every
header alias and its source, forbidden columns), :mod:`.readers` (streaming rows),
:mod:`.normalise` (cell parsers and :class:`RowError`), :mod:`.records` (typed
records), :mod:`.names` (entity-resolution helpers).
"""

from .columns import SPECS, FileKind, normalise_header
from .kinds import (
    DolFileError,
    FileInfo,
    MissingColumnsError,
    UnreadableFileError,
    UnrecognisedFileError,
    detect_kind,
    fiscal_period_from_name,
)
from .names import LINK_THRESHOLD, blocking_key, normalise_name, similarity, split_dba
from .normalise import RowError
from .readers import DolFile, SourceRow, detect_file, open_dol_file
from .records import (
    AddendumAActivity,
    AddendumBHousing,
    AppendixAWorksite,
    AppendixCRecruiter,
    AppendixDClient,
    Debarment,
    H2ACase,
    H2BCase,
    ProgrammeFindings,
    Record,
    WhdCase,
    parse_row,
    parse_rows,
)

__all__ = [
    "LINK_THRESHOLD",
    "SPECS",
    "AddendumAActivity",
    "AddendumBHousing",
    "AppendixAWorksite",
    "AppendixCRecruiter",
    "AppendixDClient",
    "Debarment",
    "DolFile",
    "DolFileError",
    "FileInfo",
    "FileKind",
    "H2ACase",
    "H2BCase",
    "MissingColumnsError",
    "ProgrammeFindings",
    "Record",
    "RowError",
    "SourceRow",
    "UnreadableFileError",
    "UnrecognisedFileError",
    "WhdCase",
    "blocking_key",
    "detect_file",
    "detect_kind",
    "fiscal_period_from_name",
    "normalise_header",
    "normalise_name",
    "open_dol_file",
    "parse_row",
    "parse_rows",
    "similarity",
    "split_dba",
]
