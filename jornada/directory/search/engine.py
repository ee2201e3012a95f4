from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db import connection
from rapidfuzz import fuzz

from jornada.directory.dol.names import GENERIC_WORDS, normalise_name
from jornada.directory.search import backends
from jornada.directory.services.refresh import SPELLING_SEPARATOR

CANDIDATES = 300
# Words that half the directory shares: they still rank results, but finding candidates by them
# would pull tens of thousands of rows, so a query keeps them only when it has nothing rarer.
COMMON_WORDS = GENERIC_WORDS | {
    "de",
    "del",
    "la",
    "las",
    "los",
    "el",
    "y",
    "en",
    "inc",
    "co",
    "company",
    "llc",
}
MAX_QUERY_WORDS = 8
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class SearchFilters:
    kinds: tuple[str, ...] = ("employer", "recruiter", "agent")
    programme: str = ""  # "h2a" or "h2b"
    state: str = ""  # a two-letter code, or a Mexican state as published
    activity: str = ""  # a crop or activity word ("apples", "landscaping")


@dataclass(frozen=True)
class SearchHit:
    kind: str
    object_id: int
    slug: str
    name: str
    place: str
    programmes: tuple[str, ...]
    last_fiscal_year: int | None
    weight: int
    is_fictional: bool
    tier: int
    score: float


@dataclass
class SearchResults:
    query: str
    words: tuple[str, ...]
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    more: bool = False  # more candidates existed than were ranked
    relaxed: bool = False  # no entry had every word; these have some

    @property
    def corrected(self) -> bool:
        return any(hit.tier == 2 for hit in self.hits)


def query_words(query: str) -> tuple[str, ...]:
    """The searchable words of a query, normalised like names (at most a few, each short)."""
    words = normalise_name(query[:MAX_QUERY_LENGTH]).split()
    unique = list(dict.fromkeys(word for word in words if word))
    return tuple(word[:40] for word in unique[:MAX_QUERY_WORDS])


def _tier(query: str, words: tuple[str, ...], spellings: list[str]) -> int:
    if query in spellings:
        return 0
    vocabulary = {word for spelling in spellings for word in spelling.split()}
    if all(word in vocabulary for word in words[:-1]) and any(
        word.startswith(words[-1]) for word in vocabulary
    ):
        return 1
    return 2


def _score(query: str, spellings: list[str]) -> float:
    return max(
        (fuzz.token_sort_ratio(query, spelling) + fuzz.token_set_ratio(query, spelling)) / 200
        for spelling in spellings
    )


def search(
    query: str, *, filters: SearchFilters | None = None, limit: int = 20, offset: int = 0
) -> SearchResults:
    """Find employers, recruiters and agents for a query; see the package docstring for how."""
    filters = filters or SearchFilters()
    words = query_words(query)
    results = SearchResults(query=query, words=words)
    if not words:
        return results
    backend = backends.for_vendor(connection.vendor)
    last = len(words) - 1
    required = [
        (position, word)
        for position, word in enumerate(words)
        if word not in COMMON_WORDS or position == last
    ]
    if len(required) == 1 and required[0][1] in COMMON_WORDS and len(words) > 1:
        required = list(enumerate(words))  # nothing rarer to search by: keep every word
    expansions = backend.expand([(word, position == last) for position, word in required])
    # A word nothing in the directory resembles cannot find anything: search by the others.
    expansions = [expansion for expansion in expansions if expansion.known]
    if not expansions:
        return results
    rows = backend.candidates(expansions, filters, limit=CANDIDATES + 1)
    if not rows and len(expansions) > 1:
        # No entry has every word: accept entries missing any one of them (a wrong or extra word).
        seen: dict[tuple[str, int], backends.Candidate] = {}
        for left_out in range(len(expansions)):
            subset = expansions[:left_out] + expansions[left_out + 1 :]
            for row in backend.candidates(subset, filters, limit=CANDIDATES + 1):
                seen.setdefault((row.kind, row.object_id), row)
        rows = list(seen.values())
        results.relaxed = bool(rows)
    results.more = len(rows) > CANDIDATES
    normalised = " ".join(words)
    hits = []
    for row in rows[:CANDIDATES]:
        spellings = row.text.split(SPELLING_SEPARATOR)
        hits.append(
            SearchHit(
                kind=row.kind,
                object_id=row.object_id,
                slug=row.slug,
                name=row.name,
                place=row.place,
                programmes=tuple(code.upper().replace("H2", "H-2") for code in row.programmes.split()),
                last_fiscal_year=row.last_fiscal_year,
                weight=row.weight,
                is_fictional=row.is_fictional,
                tier=_tier(normalised, words, spellings),
                score=_score(normalised, spellings),
            )
        )
    # Every word found: what matters is how recent and how big. Some words only alike: how alike.
    hits.sort(
        key=lambda hit: (
            hit.tier,
            -math.floor(hit.score * 20) / 20 if hit.tier == 2 else 0,
            -(hit.last_fiscal_year or 0),
            -hit.weight,
            -hit.score,
            hit.name,
        )
    )
    results.total = len(hits)
    results.hits = hits[offset : offset + limit]
    return results
