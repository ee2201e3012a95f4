"""One search box for employers, recruiters and agents: forgiving of case, accents, typos and word order.

How a query is answered, on either database:

1. The query is normalised like the names it is compared with (case, accents, punctuation and
   legal suffixes such as LLC or S.A. de C.V. go) and split into words.
2. Each word is expanded with the vocabulary words within a small edit distance (none for
   words of up to 3 letters, 1 for 4–5, 2 from 6 on); the last word also matches as a prefix,
   so a half-typed name already finds something. PostgreSQL finds the neighbours with pg_trgm,
   SQLite with rapidfuzz over a cached copy of the vocabulary.
3. Full-text search returns the entries holding every word (each through any of its spellings),
   word order ignored — PostgreSQL's tsvector GIN index, SQLite's FTS5. When none hold every
   word, entries holding any word are taken instead.
4. Candidates are ranked the same way on both databases: exact name first, then every word
   found as typed, then by similarity; ties go to recent activity, then to size.
"""

from __future__ import annotations

from jornada.directory.search.engine import SearchFilters, SearchHit, SearchResults, search

__all__ = ["SearchFilters", "SearchHit", "SearchResults", "search"]
