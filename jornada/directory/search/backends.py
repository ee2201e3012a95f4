"""The database-specific half of search: expanding a word with its neighbours, finding candidates."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import Max
from rapidfuzz import process
from rapidfuzz.distance import OSA

from jornada.core import generations
from jornada.directory.caching import VOCABULARY
from jornada.directory.models import SearchWord


@dataclass(frozen=True)
class Candidate:
    kind: str
    object_id: int
    slug: str
    name: str
    text: str
    place: str
    programmes: str
    last_fiscal_year: int | None
    weight: int
    is_fictional: bool


@dataclass(frozen=True)
class Expansion:
    word: str
    neighbours: tuple[str, ...]
    prefix: bool
    known: bool  # the word, one of its neighbours, or (as a prefix) some word is in the vocabulary


def max_edits(word: str) -> int:
    """How many typos a word of this length may carry and still match.

    Typos are counted as optimal string alignment: a swapped pair of letters is one typo.
    """
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 5 else 2


COLUMNS = "e.kind, e.object_id, e.slug, e.name, e.text, e.place, e.programmes, e.last_fiscal_year, e.weight, e.is_fictional"


class Backend(Protocol):
    def expand(self, words: Sequence[tuple[str, bool]]) -> list[Expansion]:
        """Expand each ``(word, as_prefix)`` of one query, in order."""
        ...

    def candidates(self, expansions: list[Expansion], filters: object, *, limit: int) -> list[Candidate]: ...


def _filters_sql(filters: object) -> tuple[str, list[object]]:
    clauses, params = [], []
    kinds = getattr(filters, "kinds", ())
    if kinds:
        clauses.append(f"e.kind IN ({', '.join(['%s'] * len(kinds))})")
        params.extend(kinds)
    for column, value in (
        ("programmes", getattr(filters, "programme", "")),
        ("states", getattr(filters, "state", "")),
        ("activities", getattr(filters, "activity", "")),
    ):
        value = " ".join(str(value).lower().split())
        if value:
            clauses.append(f"e.{column} LIKE %s")
            params.append(f"% {value} %")
    return (" AND " + " AND ".join(clauses)) if clauses else "", params


def _rows(sql: str, params: list[Any]) -> list[Candidate]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Candidate(*row) for row in cursor.fetchall()]


def _vocabulary_version() -> tuple[str, int]:
    """Changes whenever words are added: a generation token and the last id (one index lookup).

    The last id alone is not enough: after a rolled-back transaction SQLite hands out the same
    ids again, to other words. The token is renewed when new words commit; the id still tells a
    server whose cache is not shared that words were added.
    """
    return generations.current(VOCABULARY), SearchWord.objects.aggregate(last=Max("id"))["last"] or 0


class _Vocabulary:
    """A per-process copy of the search vocabulary, reloaded when it grows (SQLite only)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.version: tuple[str, int] | None = None
        self.by_length: dict[int, list[str]] = {}
        self.words: set[str] = set()

    def refresh(self) -> None:
        """Reload the vocabulary when words have been added since it was read."""
        version = _vocabulary_version()
        with self.lock:
            if version != self.version:
                by_length: dict[int, list[str]] = {}
                for known in SearchWord.objects.values_list("word", flat=True).iterator(chunk_size=10000):
                    by_length.setdefault(len(known), []).append(known)
                self.by_length, self.version = by_length, version
                self.words = {word for words in by_length.values() for word in words}

    def contains(self, word: str, *, prefix: bool) -> bool:
        """Is the word in the vocabulary (or, as a prefix, the start of a word in it)?"""
        if word in self.words:
            return True
        return prefix and any(
            known.startswith(word)
            for size, words in self.by_length.items()
            if size > len(word)
            for known in words
        )

    def neighbours(self, word: str, edits: int) -> list[str]:
        with self.lock:
            pool = [
                known
                for size in range(len(word) - edits, len(word) + edits + 1)
                for known in self.by_length.get(size, ())
            ]
        return [
            match
            for match, _distance, _index in process.extract(
                word, pool, scorer=OSA.distance, score_cutoff=edits, limit=None
            )
        ]


class SQLiteBackend:
    """FTS5 (unicode61, prefix indexes) over the entries; rapidfuzz over the vocabulary."""

    vocabulary = _Vocabulary()

    def expand(self, words: Sequence[tuple[str, bool]]) -> list[Expansion]:
        self.vocabulary.refresh()  # once a query: it costs a cache read and an index lookup
        return [self._expand(word, prefix=prefix) for word, prefix in words]

    def _expand(self, word: str, *, prefix: bool) -> Expansion:
        edits = max_edits(word)
        prefix = prefix and len(word) >= 2
        neighbours = tuple(sorted(set(self.vocabulary.neighbours(word, edits) if edits else []) - {word}))
        known = bool(neighbours) or self.vocabulary.contains(word, prefix=prefix)
        return Expansion(word, neighbours, prefix, known)

    @staticmethod
    def _match(expansions: list[Expansion]) -> str:
        groups = []
        for expansion in expansions:
            terms = [f'"{expansion.word}"' + ("*" if expansion.prefix else "")]
            terms += [f'"{neighbour}"' for neighbour in expansion.neighbours]
            groups.append("(" + " OR ".join(terms) + ")")
        return " AND ".join(groups)

    def candidates(self, expansions: list[Expansion], filters: object, *, limit: int) -> list[Candidate]:
        where, params = _filters_sql(filters)
        # Every word is required, so every candidate is relevant: keep the most recent.
        sql = (
            f"SELECT {COLUMNS} FROM directory_searchentry_fts f "  # noqa: S608 - only placeholders vary
            "JOIN directory_searchentry e ON e.id = f.rowid "
            f"WHERE directory_searchentry_fts MATCH %s{where} "
            f"ORDER BY e.last_fiscal_year IS NULL, e.last_fiscal_year DESC, e.weight DESC LIMIT %s"
        )
        return _rows(sql, [self._match(expansions), *params, limit])


class PostgresBackend:
    """A GIN full-text index over the entries; a pg_trgm index over the vocabulary."""

    def expand(self, words: Sequence[tuple[str, bool]]) -> list[Expansion]:
        # The default threshold (0.3) misses one typo in a short word; 0.2 keeps the index useful.
        # SET LOCAL ends with the transaction: a plain SET would stay on the connection and change
        # every later similarity query made through it (pooled and persistent connections).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL pg_trgm.similarity_threshold = 0.2")
            return [self._expand(cursor, word, prefix=prefix) for word, prefix in words]

    @staticmethod
    def _expand(cursor: Any, word: str, *, prefix: bool) -> Expansion:
        edits = max_edits(word)
        neighbours: list[str] = []
        if edits:
            cursor.execute(
                "SELECT word FROM directory_searchword WHERE word %% %s AND length(word) BETWEEN %s AND %s",
                [word, len(word) - edits, len(word) + edits],
            )
            found = [row[0] for row in cursor.fetchall()]
            neighbours = [known for known in found if OSA.distance(word, known, score_cutoff=edits) <= edits]
        prefix = prefix and len(word) >= 2
        others = tuple(sorted(set(neighbours) - {word}))
        if others:
            return Expansion(word, others, prefix, True)
        lookup = (
            SearchWord.objects.filter(word__startswith=word)
            if prefix
            else SearchWord.objects.filter(word=word)
        )
        return Expansion(word, others, prefix, lookup.exists())

    @staticmethod
    def _tsquery(expansions: list[Expansion]) -> str:
        groups = []
        for expansion in expansions:
            terms = [expansion.word + (":*" if expansion.prefix else ""), *expansion.neighbours]
            groups.append("(" + " | ".join(terms) + ")")
        return " & ".join(groups)

    def candidates(self, expansions: list[Expansion], filters: object, *, limit: int) -> list[Candidate]:
        where, params = _filters_sql(filters)
        query = self._tsquery(expansions)
        sql = (
            f"SELECT {COLUMNS} FROM directory_searchentry e "  # noqa: S608 - only placeholders vary
            "WHERE to_tsvector('simple', e.text) @@ to_tsquery('simple', %s)"
            f"{where} ORDER BY e.last_fiscal_year DESC NULLS LAST, e.weight DESC LIMIT %s"
        )
        return _rows(sql, [query, *params, limit])


_BACKENDS: dict[str, Backend] = {"sqlite": SQLiteBackend(), "postgresql": PostgresBackend()}


def for_vendor(vendor: str) -> Backend:
    return _BACKENDS[vendor]
