"""Every public table of the evidence, built from the sources and suppressed together.

All the tables the site, the downloads and the API publish come from one ``Publication``: the
same cut by year, by state and by programme share their category totals, each source's table
of records by year shares its total with the table by employer, and so on; suppressing them in
one pass (``disclosure.suppress_tables``) is what keeps a hidden cell hidden whichever two of
them a reader puts side by side. Every page shows a part of this object and nothing else, so
no request can ask for a cut that was not protected.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache

from jornada.evidence import sources
from jornada.evidence.disclosure import ALL, THRESHOLD, Key, Mark, Suppression, Table, suppress_tables
from jornada.evidence.sources import NONE, RECORDS, Facts

SOURCES = ("reviews", "warnings", "intakes", "cases")
OTHER = "other"
NOT_CLOSED = "not_closed"
CACHE_KEY = "evidence:publication"
# Kept until replaced: a change to a counted record, or a new day, has a background task rebuild
# it while readers keep the last one (the cache's own timeout only frees a long-forgotten copy).
CACHE_SECONDS = 30 * 24 * 3600
# Set while a rebuild waits in the task queue, so a burst of changes queues one rebuild, not one
# each; the task clears it when it starts, so a change during the build queues the next one.
REBUILD_QUEUED_KEY = "evidence:rebuild-queued"
REBUILD_QUEUED_SECONDS = 3600  # frees the flag if a queued task is ever lost


@dataclass(frozen=True)
class Published:
    """One table as published: its rows, columns and each cell as a count or a mark."""

    table: Table
    source: str
    kind: str
    years: tuple[int, int] | None
    records: int | None  # how many records stand behind it (None when hidden)
    cells: dict[tuple[str, str], int | Mark]
    row_totals: dict[str, int | Mark]
    column_totals: dict[str, int | Mark]
    total: int | Mark

    @property
    def slug(self) -> str:
        return f"{self.source}-{self.kind}"

    def is_one_way(self) -> bool:
        return self.table.columns == (ALL,)


@dataclass(frozen=True)
class MoneyRecovered:
    currency: str
    kind: str
    cases: int | Mark  # Mark.PRIMARY when fewer than THRESHOLD cases stand behind the amount
    amount: str | None  # None when fewer than THRESHOLD cases stand behind it


@dataclass
class Publication:
    built_on: dt.date
    tables: dict[str, Published] = field(default_factory=dict)
    money: list[MoneyRecovered] = field(default_factory=list)
    records: dict[str, int | Mark] = field(default_factory=dict)
    years: dict[str, tuple[int, int] | None] = field(default_factory=dict)

    def for_source(self, source: str) -> list[Published]:
        return [t for t in self.tables.values() if t.source == source]

    def visible_values(self) -> Iterable[int]:
        """Every count this publication shows (for the test that no 1-10 escapes)."""
        for table in self.tables.values():
            for value in (
                *table.cells.values(),
                *table.row_totals.values(),
                *table.column_totals.values(),
                table.total,
            ):
                if isinstance(value, int):
                    yield value
        for value in self.records.values():
            if isinstance(value, int):
                yield value
        for money in self.money:
            if isinstance(money.cases, int):
                yield money.cases


def _ordered(values: Iterable[str]) -> tuple[str, ...]:
    found = set(values)
    return tuple(sorted(found - {NONE})) + ((NONE,) if NONE in found else ())


def _cross(scope: str, kind: str, counts: Counter[Facts], dimension: str) -> Table | None:
    mentions = {f: n for f, n in counts.items() if f.category != RECORDS}
    cells: Counter[tuple[str, str]] = Counter()
    for facts, n in mentions.items():
        column = str(getattr(facts, dimension))
        cells[(facts.category, column)] += n
    if not cells:
        return None
    columns = _ordered(c for _, c in cells)
    if dimension != "year" and columns == (NONE,):
        return None
    rows = _ordered(r for r, _ in cells)
    return Table(kind, scope, "category", dimension, rows, columns, dict(cells))


def _cut(scope: str, kind: str, dimension: str, mentions: Counter[tuple[str, str]]) -> Table | None:
    """Problems by industry, crop or season: one more cut sharing the category totals of its source.

    None when no record gives the dimension (a table of "not given" alone tells nothing).
    """
    cells = Counter({key: n for key, n in mentions.items() if n})
    columns = _ordered(c for _, c in cells)
    if not cells or columns == (NONE,):
        return None
    rows = _ordered(r for r, _ in cells)
    return Table(kind, scope, "category", dimension, rows, columns, dict(cells))


def _one_way(scope: str, kind: str, dimension: str, counts: Counter[str]) -> Table:
    rows = tuple(counts) if counts else ()
    return Table(kind, scope, dimension, "none", rows, (ALL,), {(r, ALL): n for r, n in counts.items()})


def _top(counts: Counter[int], total: int) -> Counter[str]:
    """Keep the directory records with at least THRESHOLD behind them; the rest is one "other" row."""
    kept = Counter({str(pk): n for pk, n in counts.most_common() if n >= THRESHOLD})
    kept[OTHER] = total - sum(kept.values())
    return kept


def publication_build(*, today: dt.date | None = None) -> Publication:
    """Read every source, build every public table and suppress them together."""
    today = today or dt.date.today()
    readers = {
        "reviews": sources.review_counts,
        "warnings": sources.warning_counts,
        "intakes": sources.intake_counts,
        "cases": sources.case_counts,
    }
    tables: list[tuple[str, str, Table]] = []
    same: list[tuple[Key, Key]] = []
    years: dict[str, tuple[int, int] | None] = {}
    for source, read in readers.items():
        counts = read()
        # The current year is still filling up; a finished month is the finest time unit anyway.
        records_by_year: Counter[str] = Counter()
        records_by_state: Counter[str] = Counter()
        for facts, n in counts.items():
            if facts.category == RECORDS:
                records_by_year[str(facts.year)] += n
                records_by_state[facts.state] += n
        all_years = sorted(int(y) for y in records_by_year)
        years[source] = (all_years[0], all_years[-1]) if all_years else None
        records_scope = f"{source}:records"
        by_year = _one_way(records_scope, "records-year", "year", records_by_year)
        tables.append((source, "records-year", by_year))
        if set(records_by_state) - {NONE}:
            tables.append(
                (source, "records-state", _one_way(records_scope, "records-state", "state", records_by_state))
            )
        for kind, dimension in (
            ("category-year", "year"),
            ("category-state", "state"),
            ("category-programme", "programme"),
            ("category-origin", "origin"),
        ):
            table = _cross(source, kind, counts, dimension)
            if table is not None:
                tables.append((source, kind, table))
        for dimension, mentions in sources.cut_counts(source).items():
            table = _cut(source, f"category-{dimension}", dimension, mentions)
            if table is not None:
                tables.append((source, f"category-{dimension}", table))
        total = sum(records_by_year.values())
        records_total = by_year.grand_total_key()
        extra: list[tuple[str, str, Counter[str]]] = []
        employers = sources.employer_counts(source)
        if employers:
            extra.append(("employers", "employer", _top(employers, total)))
        recruiters = sources.recruiter_counts(source)
        if recruiters:
            extra.append(("recruiters", "recruiter", _top(recruiters, total)))
        if source == "cases":
            extra.append(("stage", "stage", sources.case_stages()))
            outcomes = sources.case_outcomes()
            outcomes[NOT_CLOSED] = total - sum(outcomes.values())
            extra.append(("outcome", "outcome", outcomes))
            extra.append(("first-contact", "first_contact", sources.case_first_contact()))
        for kind, dimension, one_way_counts in extra:
            table = _one_way(f"{source}:{kind}", kind, dimension, one_way_counts)
            tables.append((source, kind, table))
            same.append((table.grand_total_key(), records_total))
    answers = sources.review_answers()
    if answers:
        questions = tuple(dict.fromkeys(q for q, _ in answers))
        table = Table(
            "answers",
            "reviews:answers",
            "question",
            "answer",
            questions,
            ("yes", "no", "unknown"),
            dict(answers),
        )
        tables.append(("reviews", "answers", table))
    result = suppress_tables([t for _, _, t in tables], same=same)
    publication = Publication(built_on=today, years=years)
    for source, kind, table in tables:
        publication.tables[f"{source}-{kind}"] = _published(result, source, kind, table, years.get(source))
        if kind == "records-year":
            publication.records[source] = _value(result, table.grand_total_key())
    for source in SOURCES:
        publication.records.setdefault(source, 0)
    publication.money = [
        MoneyRecovered(r.currency, r.kind, r.cases, str(r.amount))
        if r.cases >= THRESHOLD
        else MoneyRecovered(r.currency, r.kind, Mark.PRIMARY, None)
        for r in sources.case_money_recovered()
    ]
    return publication


def _value(result: Suppression, key: Key) -> int | Mark:
    mark = result.marks[key]
    return result.values[key] if mark is Mark.SHOWN else mark


def _published(
    result: Suppression, source: str, kind: str, table: Table, years: tuple[int, int] | None
) -> Published:
    records_key = (f"{source}:records", "total")
    records = result.shown(records_key) if records_key in result.marks else None
    return Published(
        table=table,
        source=source,
        kind=kind,
        years=years,
        records=records,
        cells={(r, c): _value(result, table.cell_key(r, c)) for r in table.rows for c in table.columns},
        row_totals={r: _value(result, table.row_total_key(r)) for r in table.rows},
        column_totals={}
        if table.columns == (ALL,)
        else {c: _value(result, table.column_total_key(c)) for c in table.columns},
        total=_value(result, table.grand_total_key()),
    )


class PublicationPending(Exception):
    """No publication is kept yet (a new installation, or a cleared cache): one is being built."""


@dataclass(frozen=True)
class Head:
    """What every evidence page needs besides its one table, kept under ``CACHE_KEY``.

    Each table is kept under its own key (``table_key(version, slug)``), so that a page reads the
    small head and the one table it shows, never the whole publication: unpickling every table on
    every request cost more than the rest of the page.
    """

    version: str
    built_on: dt.date
    slugs: tuple[str, ...]
    records: dict[str, int | Mark]
    years: dict[str, tuple[int, int] | None]
    money: list[MoneyRecovered]

    def kinds(self, source: str) -> list[str]:
        return [slug.split("-", 1)[1] for slug in self.slugs if slug.split("-", 1)[0] == source]


def table_key(version: str, slug: str) -> str:
    return f"{CACHE_KEY}:{version}:{slug}"


def publication_head() -> Head:
    """Return the head of the publication readers see, never building it on their time.

    With none kept yet, queue one build (once, however many readers ask) and raise
    ``PublicationPending``: the page then says the figures are being prepared. A head from an
    earlier day is served while its rebuild waits.
    """
    head = cache.get(CACHE_KEY)
    if not isinstance(head, Head):
        publication_expire()
        raise PublicationPending
    if head.built_on != dt.date.today():
        publication_expire()
    return head


def publication_table(slug: str) -> Published | None:
    """Return one published table of the current publication, None when it publishes none by that name."""
    head = publication_head()
    if slug not in head.slugs:
        return None
    table = cache.get(table_key(head.version, slug))
    if table is None:  # the cache dropped part of it: build it again, meanwhile say so
        cache.delete(CACHE_KEY)
        publication_expire()
        raise PublicationPending
    return table


def publication_current() -> Publication:
    """Return the whole publication readers see (for snapshots, tests and tools, not pages).

    Unlike ``publication_head`` this builds one at once when none is kept.
    """
    try:
        head = publication_head()
    except PublicationPending:
        return publication_store()
    keys = {table_key(head.version, slug): slug for slug in head.slugs}
    found = cache.get_many(list(keys))
    if len(found) != len(keys):
        return publication_store()
    publication = Publication(built_on=head.built_on, records=dict(head.records), years=dict(head.years))
    publication.money = list(head.money)
    publication.tables = {keys[key]: found[key] for key in keys}
    return publication


def publication_store() -> Publication:
    """Build the publication from the sources now and keep it for readers, each table apart."""
    publication = publication_build()
    version = uuid.uuid4().hex
    cache.set_many(
        {table_key(version, slug): table for slug, table in publication.tables.items()}, CACHE_SECONDS
    )
    head = Head(
        version=version,
        built_on=publication.built_on,
        slugs=tuple(publication.tables),
        records=dict(publication.records),
        years=dict(publication.years),
        money=list(publication.money),
    )
    cache.set(CACHE_KEY, head, CACHE_SECONDS)  # last: a reader never finds a head without its tables
    return publication


def publication_expire() -> None:
    """A counted record changed (or none is kept): queue one rebuild, unless one already waits."""
    if cache.add(REBUILD_QUEUED_KEY, 1, REBUILD_QUEUED_SECONDS):
        from jornada.evidence.tasks import publication_rebuild  # tasks import this module

        publication_rebuild.enqueue()
