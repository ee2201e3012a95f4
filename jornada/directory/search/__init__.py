"""One search box for employers, recruiters and agents: forgiving of case, accents, typos and word order.

How a query is answered, on either database:

1. The query is normalised like the names it is compared with (case, accents, punctuation and
   legal suffixes such as LLC or S.A. de C.V. go) and split into words.
2. Each word is expanded with the vocabulary words within a small edit distance (none for
   words of up to 3 letters, 1 for 4–5, 2 from 6 on); the last word also matches as a prefix,
   so a half-typed name already finds something. PostgreSQL finds the neighbours with pg_trgm,
   SQLite with rapidfuzz over a cached copy of the vocabulary.
   Words that half the directory shares (farms, ranch, de, la, inc…) are not searched by when
   the query has a rarer word, and a word that resembles nothing in the vocabulary is dropped:
   it could only make the answer empty.
3. Full-text search returns the entries holding every remaining word (each through any of its
   spellings), word order ignored — PostgreSQL's tsvector GIN index, SQLite's FTS5 — the most
   recently active 300 first. When none hold every word, each word is left out in turn and the
   entries holding all the others are taken (one wrong or extra word is forgiven); the results
   then say they are approximate.
4. Candidates are ranked the same way on both databases: exact name first, then every word
   found as typed, then by similarity; ties go to recent activity, then to size.
"""

from __future__ import annotations

from jornada.directory.search.engine import SearchFilters, SearchHit, SearchResults, search

__all__ = ["SearchFilters", "SearchHit", "SearchResults", "search"]
