"""Employer-name normalisation and similarity for entity resolution.

DOL files spell one employer many ways: ``"G & G Farm & Ranch, Inc."``,
``"G&G FARM AND RANCH INC"``; ``"J. M. McLEOD FARMS, LLC"``, ``"J.M.McLEOD FARMS,
LLC"``; ``"Riverview, LLP"`` (FY2017 H-2A) and ``"River View, LLP"`` (FY2022 H-2B
Appendix C).  :func:`normalise_name` removes those differences;
:func:`split_dba` separates a legal name from the trade names published in the same
cell; :func:`blocking_key` groups candidate pairs cheaply; :func:`similarity` scores
a pair.

Why this blend (measured on the shared files; the pairs are in the tests):

* ``token_sort_ratio`` alone punishes a dropped word: ``"autumn ridge landscaping"``
  against ``"autumn ridge landscaping inc"`` is fine once suffixes go, but
  ``"couch application service assistance"`` against a variant with an extra word
  drops below 90.
* ``token_set_ratio`` alone says 100 whenever one name's words are a subset of the
  other's, so ``"stanley farms"`` and ``"stanley brothers farms"`` look identical.
* Both are blind to the one-letter difference that separates real, different
  employers in the same state: ``"B & D FARMS"`` / ``"B & W FARMS"`` (both North
  Carolina, FY2017), ``"TRIPLE B FARMS"`` / ``"TRIPLE T FARMS"``, and to a
  different distinctive word: ``"VIETH ENTERPRISES INC."`` (FY2017 H-2A) /
  ``"Venice Enterprises, Inc."`` (FY2022 Appendix C) scores 88 on
  ``token_sort_ratio``.

So :func:`similarity` averages the two ratios and then applies a *conflict
penalty*: when each name has a word the other lacks and no pair of those words is
a spelling variant (``fuzz.ratio`` ≥ 80), the score is scaled down.  When one name
is the other plus a distinctive word (not a single letter, not a generic word such
as "farms"), the score is lowered a little (×0.93): ``"IMAGESCAPES TWO, INC."`` and
``"IMAGESCAPES, INC."`` (FY2019 H-2B, same address) are two legal entities.  A
spelling variant (``"NURSEY"``/``"NURSERY"``) or a dropped generic word keeps its
score.
Names equal once spaces are removed (``"riverview"``/``"river view"``) score 1.
:data:`LINK_THRESHOLD` is the score at or above which the importer may link two
records automatically.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from .normalise import RowError, parse_state

__all__ = [
    "LEGAL_SUFFIXES",
    "LINK_THRESHOLD",
    "SplitName",
    "blocking_key",
    "fold",
    "normalise_name",
    "similarity",
    "split_dba",
]

LINK_THRESHOLD = 0.92
"""Similarity at or above which two employer names are linked without review."""

LEGAL_SUFFIXES: tuple[tuple[str, ...], ...] = tuple(
    tuple(suffix.split())
    for suffix in (
        # United States (after single letters are joined: "L.L.C." → "llc")
        "llc",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "lp",
        "llp",
        "lllp",
        "pllc",
        "pc",
        "plc",
        "lpa",
        "flc",  # "Farm Labor Contractor", appended to a name in Appendix C
        # Mexico and Central America
        "s de rl de cv",
        "s de rl",
        "srl de cv",
        "srl",
        "sa de cv",
        "sapi de cv",
        "sab de cv",
        "sas de cv",
        "spr de rl",
        "sprl",
        "sa",
        "sc",
        "ac",
        "sas",
        "de cv",
    )
)
"""Legal-form suffixes dropped from the end of a name, as normalised token runs."""

_SUFFIXES_BY_LENGTH = sorted(LEGAL_SUFFIXES, key=len, reverse=True)
# The same, under the word each ends with: a name is compared only with suffixes its last word ends.
_SUFFIXES_BY_LAST_WORD: dict[str, list[tuple[str, ...]]] = {}
for _suffix in _SUFFIXES_BY_LENGTH:
    _SUFFIXES_BY_LAST_WORD.setdefault(_suffix[-1], []).append(_suffix)

GENERIC_WORDS = frozenset(
    {
        "the",
        "and",
        "of",
        "farm",
        "farms",
        "ranch",
        "ranches",
        "harvesting",
        "nursery",
        "nurseries",
        "orchard",
        "orchards",
        "produce",
        "dairy",
        "landscaping",
        "landscape",
        "lawn",
        "services",
        "service",
        "enterprises",
        "enterprise",
        "group",
        "labor",
        "contractor",
        "contractors",
        "agricultural",
        "ag",
        "growers",
        "association",
        "brothers",
        "bros",
        "sons",
        "family",
    }
)
"""Words too common in H-2 employer names to choose a block by."""


def fold(text: str) -> str:
    """Lower case without accents: ``"Peñasco Agrícola"`` → ``"penasco agricola"``."""
    if text.isascii():  # most names: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


_APOSTROPHES = str.maketrans("", "", "'’`´")
_PARENTHESES_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")


def _join_single_letters(tokens: list[str]) -> list[str]:
    """``["j", "m", "mcleod"]`` → ``["jm", "mcleod"]``; ``["l", "l", "c"]`` → ``["llc"]``."""
    joined: list[str] = []
    run: list[str] = []
    for token in tokens:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            joined.append("".join(run))
            run = []
        joined.append(token)
    if run:
        joined.append("".join(run))
    return joined


def _strip_suffixes(tokens: list[str]) -> list[str]:
    changed = True
    while changed and tokens:
        changed = False
        for suffix in _SUFFIXES_BY_LAST_WORD.get(tokens[-1], ()):
            size = len(suffix)
            if len(tokens) > size and tuple(tokens[-size:]) == suffix:
                tokens = tokens[:-size]
                changed = True
                break
    return tokens


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """A comparable form of one name.

    Lower case, accents folded, ``&`` → ``and``, apostrophes dropped (``"Farm's"`` →
    ``"farms"``), bracketed asides dropped (``"(NCGA)"``), other punctuation to
    spaces, runs of single letters joined (``"J. M."`` → ``"jm"``, ``"L.L.C."`` →
    ``"llc"``), legal suffixes removed from the end (LLC, Inc, Corp, Co, Ltd, LP,
    LLP, PLLC, PC, S.A. de C.V., S. de R.L. de C.V., S.C., S.A., SAPI de CV, A.C.…),
    whitespace collapsed.  A name that is nothing but a suffix keeps it.

    This does not split ``DBA`` parts: use :func:`split_dba` first.
    """
    if "&" in name and ";" in name:  # "&ndash;", "&quot;" survive in a few DOL cells
        name = html.unescape(name)
    text = fold(name).translate(_APOSTROPHES).replace("&", " and ").replace("+", " and ")
    text = _PARENTHESES_RE.sub(" ", text)
    tokens = _join_single_letters(_NON_ALNUM_RE.sub(" ", text).split())
    return " ".join(_strip_suffixes(tokens))


@dataclass(frozen=True, slots=True)
class SplitName:
    """A published name split into the legal name and any trade names."""

    legal: str
    trade_names: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        """The legal name followed by the trade names."""
        return (self.legal, *self.trade_names)


_DBA_RE = re.compile(
    r"""[\s,;(]*
    \b(?:
        d\s*/\s*b\s*/\s*a | d\.\s*b\.\s*a\.? | dba
      | a\s*/\s*k\s*/\s*a | a\.\s*k\.\s*a\.? | aka
      | f\s*/\s*k\s*/\s*a | f\.\s*k\.\s*a\.? | fka
      | t\s*/\s*a
      | doing\s+business\s+as | also\s+known\s+as | formerly\s+known\s+as | trading\s+as
    )(?![a-z0-9])
    [\s.:,;]*""",
    re.IGNORECASE | re.VERBOSE,
)


def _clean_part(part: str) -> str:
    part = part.strip(" \t,;:-")
    # "X (DBA Y)" splits into "X" and "Y)": drop only an unbalanced bracket.
    while part.endswith(")") and part.count(")") > part.count("("):
        part = part[:-1].rstrip(" \t,;:-")
    while part.startswith("(") and part.count("(") > part.count(")"):
        part = part[1:].lstrip(" \t,;:-")
    return " ".join(part.split())


def split_dba(name: str) -> SplitName:
    """Split ``"X DBA Y"``, ``"X d/b/a Y"``, ``"X (DBA Y)"``, ``"X, A/K/A Y"``.

    >>> split_dba("Caddo Creek Ranch, dba, Paradise Ranch")
    SplitName(legal='Caddo Creek Ranch', trade_names=('Paradise Ranch',))

    Names are returned as published (trimmed), not normalised.
    """
    parts = [_clean_part(part) for part in _DBA_RE.split(name)]
    parts = [part for part in parts if part]
    if not parts:
        return SplitName(_clean_part(name))
    return SplitName(parts[0], tuple(parts[1:]))


def _state_code(state: str | None) -> str:
    if not state:
        return ""
    try:
        return parse_state(state, "state") or ""
    except RowError:
        return fold(state).strip().upper()


def blocking_key(name: str, state: str | None) -> str:
    """A cheap key for candidate pairs: state code + start of the first distinctive word.

    ``blocking_key("A. Olivarez Harvesting, LLC", "TX")`` → ``"TX|oliv"``: the single
    letter and the generic words (farms, ranch, harvesting, services…) are skipped so
    that spellings which differ only there share a block.  Only names in the same
    block are compared with :func:`similarity`; the importer should block on the
    legal name and on each trade name.
    """
    tokens = normalise_name(split_dba(name).legal).split()
    chosen = next(
        (token for token in tokens if token not in GENERIC_WORDS and len(token) > 1),
        tokens[0] if tokens else "",
    )
    return f"{_state_code(state)}|{chosen[:4]}"


def _pair_score(left: str, right: str, at_least: float = 0.0) -> float:
    if left == right:
        return 1.0
    if not left or not right:
        return 0.0
    if left.replace(" ", "") == right.replace(" ", ""):
        return 1.0
    # The score is at most the mean of the two ratios, and token_set_ratio at most 100: below
    # this token_sort_ratio, the pair cannot reach ``at_least`` (rapidfuzz stops early).
    sort = fuzz.token_sort_ratio(left, right, score_cutoff=max(0.0, 200 * at_least - 100 - 1e-9))
    if at_least and not sort:
        return 0.0
    score = (fuzz.token_set_ratio(left, right) + sort) / 200
    # Multisets, not sets: "j and j farms" / "j and p farms" differ by a "j".
    left_tokens, right_tokens = Counter(left.split()), Counter(right.split())
    only_left, only_right = left_tokens - right_tokens, right_tokens - left_tokens
    if only_left and only_right:
        closest = max(fuzz.ratio(a, b) for a in only_left for b in only_right)
        if closest < 80:
            # Each name has a word the other lacks, and they are not spelling
            # variants: "b and d farms" / "b and w farms".
            score *= 0.5 + closest / 400
    elif any(
        (len(word) > 1 or word.isdigit()) and word not in GENERIC_WORDS for word in only_left + only_right
    ):
        # One name is the other plus a distinctive word: often a sister company
        # ("imagescapes two" / "imagescapes", same address, two legal entities).
        score *= 0.93
    return score


@lru_cache(maxsize=65536)
def _scored_names(name: str) -> tuple[str, ...]:
    return tuple(normalise_name(part) for part in split_dba(name).all)


def similarity(a: str, b: str, *, at_least: float = 0.0) -> float:
    """How alike two published employer names are, from 0.0 to 1.0.

    Both names are split with :func:`split_dba`; the best score over every pair of
    (legal or trade) names is returned, each pair normalised with
    :func:`normalise_name` and scored as the module docstring explains. With ``at_least``,
    a pair that cannot reach it scores 0.0 without being scored in full (entity resolution
    only cares whether a pair reaches :data:`LINK_THRESHOLD`).
    """
    return max(_pair_score(x, y, at_least) for x in _scored_names(a) for y in _scored_names(b))
