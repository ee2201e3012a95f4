"""Entity resolution: deciding which record a published spelling belongs to.

A spelling already linked (by an import or by staff) keeps its link: that is how merges and
splits survive re-imports. A new spelling is compared only with spellings in the same place
(state for employers, country for recruiters) that share the start of a distinctive word,
then scored with ``names.similarity``; at or above ``LINK_THRESHOLD`` it joins that record,
otherwise it starts a new one. Every link records its reason and score.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from jornada.directory.dol.names import GENERIC_WORDS, LINK_THRESHOLD, normalise_name, similarity
from jornada.directory.models import LinkReason, NameKind

BLOCK_PREFIX = 4
# How many candidate spellings are scored at most: blocks are small, this bounds the worst case.
MAX_CANDIDATES = 60


@lru_cache(maxsize=65536)
def block_keys(normalised: str, place: str) -> tuple[str, ...]:
    """Keys of the candidate blocks for a normalised name in a place.

    The first word, and the two longest distinctive words, each give a key: a typo at the start
    of one word still meets another, and names made of initials and generic words ("g and g
    farm and ranch") still meet their variants through the first word. Generic words (farms,
    ranch, services…) never choose a block on their own.
    """
    all_words = normalised.split()
    words = [word for word in all_words if len(word) > 1 and word not in GENERIC_WORDS]
    longest = sorted(set(words), key=lambda word: (-len(word), word))[:2]
    chosen = dict.fromkeys([*(all_words[:1] or [""]), *longest])
    return tuple(f"{place}|{word[:BLOCK_PREFIX]}" for word in chosen)


@dataclass(frozen=True)
class Resolution:
    """Where a spelling belongs: an existing record (``key``) or none (a new record is needed)."""

    key: Hashable | None
    reason: str
    score: float


class NameIndex:
    """Every known spelling of one kind of record, in memory for the length of an import.

    Keys are record ids, or any hashable placeholder for a record created in this import.
    """

    def __init__(self) -> None:
        self._exact: dict[tuple[str, str, str], Hashable] = {}
        self._blocks: dict[str, list[tuple[str, Hashable]]] = defaultdict(list)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str, Hashable]]) -> NameIndex:
        """Build from ``(normalised, place, kind, record key)`` rows."""
        index = cls()
        for normalised, place, kind, key in rows:
            index.add(normalised, place, kind, key)
        return index

    def add(self, normalised: str, place: str, kind: str, key: Hashable) -> None:
        if (normalised, place, kind) in self._exact:
            return
        self._exact[(normalised, place, kind)] = key
        if kind == NameKind.LEGAL:
            for block in block_keys(normalised, place):
                self._blocks[block].append((normalised, key))

    def known(self, normalised: str, place: str, kind: str) -> Hashable | None:
        return self._exact.get((normalised, place, kind))

    def resolve(self, published: str, place: str, *, normalised: str | None = None) -> Resolution:
        """Find the record a published legal name belongs to, or say that none does."""
        normalised = normalised if normalised is not None else normalise_name(published)
        exact = self._exact.get((normalised, place, NameKind.LEGAL))
        if exact is not None:
            return Resolution(exact, LinkReason.SAME_NAME, 1.0)
        seen: set[str] = set()
        best: tuple[float, Hashable | None] = (0.0, None)
        for block in block_keys(normalised, place):
            for candidate, key in self._blocks.get(block, ())[:MAX_CANDIDATES]:
                if candidate in seen:
                    continue
                seen.add(candidate)
                score = similarity(normalised, candidate, at_least=LINK_THRESHOLD)
                if score > best[0]:
                    best = (score, key)
        if best[1] is not None and best[0] >= LINK_THRESHOLD:
            return Resolution(best[1], LinkReason.SIMILAR, round(best[0], 4))
        return Resolution(None, LinkReason.FIRST_SEEN, 1.0)
