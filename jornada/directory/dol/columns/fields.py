"""What a file kind's columns are described with: kinds, source tags, aliases, fields."""

from __future__ import annotations

from collections.abc import Iterable
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


def field_spec(name: str, *aliases: tuple[str, str], required: bool = False) -> FieldSpec:
    """A field from its name and ``(header, sources)`` pairs, in the order they are tried."""
    return FieldSpec(name, tuple(Alias(h, s) for h, s in aliases), required)
