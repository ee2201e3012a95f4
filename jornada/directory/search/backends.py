"""The database-specific half of search: expanding a word with its neighbours, finding candidates."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection
from django.db.models import Count, Max
from rapidfuzz import process
from rapidfuzz.distance import OSA

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


def max_edits(word: str) -> int:
    """How many typos a word of this length may carry and still match.

    Typos are counted as optimal string alignment: a swapped pair of letters is one typo.
    """
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 5 else 2


COLUMNS = "e.kind, e.object_id, e.slug, e.name, e.text, e.place, e.programmes, e.last_fiscal_year, e.weight, e.is_fictional"


class Backend(Protocol):
    def expand(self, word: str, *, prefix: bool) -> Expansion: ...

    def candidates(
        self, expansions: list[Expansion], filters: object, *, require_all: bool, limit: int
    ) -> list[Candidate]: ...


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


def _vocabulary_version() -> tuple[int, int]:
    """Changes whenever words are added (or the table is rebuilt): cheap enough for every search."""
    found = SearchWord.objects.aggregate(count=Count("id"), last=Max("id"))
    return (found["count"] or 0, found["last"] or 0)


class _Vocabulary:
    """A per-process copy of the search vocabulary, reloaded when it grows (SQLite only)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.version: tuple[int, int] | None = None
        self.by_length: dict[int, list[str]] = {}

    def neighbours(self, word: str, edits: int) -> list[str]:
        version = _vocabulary_version()
        with self.lock:
            if version != self.version:
                by_length: dict[int, list[str]] = {}
                for known in SearchWord.objects.values_list("word", flat=True).iterator(chunk_size=10000):
                    by_length.setdefault(len(known), []).append(known)
                self.by_length, self.version = by_length, version
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

    def expand(self, word: str, *, prefix: bool) -> Expansion:
        edits = max_edits(word)
        neighbours = self.vocabulary.neighbours(word, edits) if edits else []
        return Expansion(word, tuple(sorted(set(neighbours) - {word})), prefix and len(word) >= 2)

    @staticmethod
    def _match(expansions: list[Expansion], require_all: bool) -> str:
        groups = []
        for expansion in expansions:
            terms = [f'"{expansion.word}"' + ("*" if expansion.prefix else "")]
            terms += [f'"{neighbour}"' for neighbour in expansion.neighbours]
            groups.append("(" + " OR ".join(terms) + ")")
        return (" AND " if require_all else " OR ").join(groups)

    def candidates(
        self, expansions: list[Expansion], filters: object, *, require_all: bool, limit: int
    ) -> list[Candidate]:
        where, params = _filters_sql(filters)
        # With every word required, all candidates are relevant: keep the most recent. With any
        # word allowed, keep the entries that match the most (and rarest) words.
        order = "" if require_all else "f.rank, "
        sql = (
            f"SELECT {COLUMNS} FROM directory_searchentry_fts f "  # noqa: S608 - only placeholders vary
            "JOIN directory_searchentry e ON e.id = f.rowid "
            f"WHERE directory_searchentry_fts MATCH %s{where} "
            f"ORDER BY {order}e.last_fiscal_year IS NULL, e.last_fiscal_year DESC, e.weight DESC LIMIT %s"
        )
        return _rows(sql, [self._match(expansions, require_all), *params, limit])


class PostgresBackend:
    """A GIN full-text index over the entries; a pg_trgm index over the vocabulary."""

    def expand(self, word: str, *, prefix: bool) -> Expansion:
        edits = max_edits(word)
        neighbours: list[str] = []
        if edits:
            with connection.cursor() as cursor:
                # The default threshold (0.3) misses one typo in a short word; 0.2 keeps the index useful.
                cursor.execute("SET pg_trgm.similarity_threshold = 0.2")
                cursor.execute(
                    "SELECT word FROM directory_searchword WHERE word %% %s AND length(word) BETWEEN %s AND %s",
                    [word, len(word) - edits, len(word) + edits],
                )
                found = [row[0] for row in cursor.fetchall()]
            neighbours = [known for known in found if OSA.distance(word, known, score_cutoff=edits) <= edits]
        return Expansion(word, tuple(sorted(set(neighbours) - {word})), prefix and len(word) >= 2)

    @staticmethod
    def _tsquery(expansions: list[Expansion], require_all: bool) -> str:
        groups = []
        for expansion in expansions:
            terms = [expansion.word + (":*" if expansion.prefix else ""), *expansion.neighbours]
            groups.append("(" + " | ".join(terms) + ")")
        return (" & " if require_all else " | ").join(groups)

    def candidates(
        self, expansions: list[Expansion], filters: object, *, require_all: bool, limit: int
    ) -> list[Candidate]:
        where, params = _filters_sql(filters)
        query = self._tsquery(expansions, require_all)
        order = (
            "" if require_all else "ts_rank(to_tsvector('simple', e.text), to_tsquery('simple', %s)) DESC, "
        )
        sql = (
            f"SELECT {COLUMNS} FROM directory_searchentry e "  # noqa: S608 - only placeholders vary
            "WHERE to_tsvector('simple', e.text) @@ to_tsquery('simple', %s)"
            f"{where} ORDER BY {order}e.last_fiscal_year DESC NULLS LAST, e.weight DESC LIMIT %s"
        )
        return _rows(sql, [query, *params, *([] if require_all else [query]), limit])


_BACKENDS: dict[str, Backend] = {"sqlite": SQLiteBackend(), "postgresql": PostgresBackend()}


def for_vendor(vendor: str) -> Backend:
    return _BACKENDS[vendor]
