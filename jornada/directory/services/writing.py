"""Bulk writing helpers for the importers: upserts that write nothing when nothing changed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import operator
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, TypeVar, cast

from django.db import models
from django.db.models.expressions import RawSQL
from django.utils import timezone

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")

BATCH = 1000
# Above this many ids, one range over them beats many queries with IN lists…
MANY_IDS = 3000
# …and so it does for fewer records whose ids lie this close together on average.
DENSE = 4


def chunks(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def rows_for(
    queryset: Any, field: str, ids: Iterable[int], *, pick: Any = operator.itemgetter(0)
) -> list[Any]:
    """The rows of ``queryset`` whose ``field`` is one of ``ids`` (``pick`` reads it from a row).

    Many ids, or ids close together (the records an import just created), are read with one
    range condition and sifted in Python: ``IN`` lists of thousands of values cost more to build
    than the rows cost to read. A few scattered ids are read with ``IN`` lists.
    """
    wanted = set(ids)
    if not wanted:
        return []
    low, high = min(wanted), max(wanted)
    queryset = queryset.order_by()  # sorting, by a model's default order, is wasted here
    if len(wanted) > MANY_IDS or high - low < DENSE * len(wanted):
        rows = queryset.filter(**{f"{field}__gte": low, f"{field}__lte": high})
        return [row for row in rows if pick(row) in wanted]
    return [row for chunk in chunks(sorted(wanted)) for row in queryset.filter(**{f"{field}__in": chunk})]


# Types whose canonical text is simply str(): everything but None and Decimal (see _canonical).
_AS_TEXT = frozenset({str, tuple, int, bool, float, dt.date})


def row_key(*values: object) -> str:
    """A stable hash of a row's content, so the same row imported twice is recognised."""
    # Each value preceded by a unit separator: keys stored by earlier imports stay valid.
    # (Values that are their own text skip the conversion: an Appendix C file hashes 40,000 rows.)
    text = "".join(
        ["\x1f" + (str(value) if type(value) in _AS_TEXT else _canonical(value)) for value in values]
    )
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


_ITEM_PREFIXES: dict[str, str] = {}


def items_key(values: dict[str, Any]) -> str:
    """``row_key(*sorted(values.items()))``, the same hash, without a tuple made and printed per item.

    An item ``(name, value)`` prints as ``(repr(name), repr(value))``; the name's part is made once.
    """
    parts = []
    for name in sorted(values):
        prefix = _ITEM_PREFIXES.get(name)
        if prefix is None:
            prefix = _ITEM_PREFIXES[name] = f"\x1f({name!r}, "
        parts.append(f"{prefix}{values[name]!r})")
    return hashlib.sha1("".join(parts).encode(), usedforsecurity=False).hexdigest()


def _canonical(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def comparable(value: Any) -> Any:
    """Normalise a field value for change detection (Decimal('12.50') == Decimal('12.5'))."""
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def existing_by(
    model: type[M], field: str, keys: Iterable[str], *, fields: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Load ``fields`` of every row whose (text) ``field`` is one of ``keys``, keyed by that field."""
    found: dict[str, dict[str, Any]] = {}
    wanted = list(dict.fromkeys(keys))
    rows = model._default_manager.order_by().values(field, *fields)
    for chunk in chunks(wanted, MANY_KEYS):
        for row in rows.filter(**{f"{field}__in": one_of_texts(chunk)}):
            found[row[field]] = row
    return found


MANY_KEYS = 20_000


def one_of_texts(values: Sequence[str]) -> RawSQL:
    """``values`` as one parameter, for ``field__in``: a JSON array on SQLite, an array on PostgreSQL.

    An ``IN`` list of thousands of parameters costs more to build and parse than the look-up
    itself (ten thousand case numbers: 11 queries of 1,000).
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::text[])", [list(values)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(values))])


def model_defaults(model: type[models.Model]) -> dict[str, Any]:
    """What Django would put in each field of a new instance (evaluated now), for rows built as dicts."""
    return {
        field.attname: field.get_default() for field in model._meta.concrete_fields if not field.primary_key
    }


def changed_fields(current: dict[str, Any], wanted: dict[str, Any]) -> list[str]:
    return [name for name, value in wanted.items() if comparable(current.get(name)) != comparable(value)]


class Upsert:
    """Collect creates and updates for one model, then write them in bulk.

    Updates touch only rows whose values differ, and set ``updated_at`` when the model has it,
    so importing the same data again writes nothing. Created rows are plain dicts; with ``key``
    they receive their ``id`` once written.
    """

    def __init__(self, model: type[models.Model], *, key: Sequence[str] | None = None) -> None:
        self.model = model
        self.key = key
        self.creates: list[dict[str, Any]] = []
        self.updates: dict[int, dict[str, Any]] = {}
        self.has_updated_at = any(field.name == "updated_at" for field in model._meta.fields)
        self.defaults = model_defaults(model)

    def create(self, **values: Any) -> dict[str, Any]:
        row = {**self.defaults, **values}
        self.creates.append(row)
        return row

    def update(self, pk: int, current: dict[str, Any], wanted: dict[str, Any]) -> bool:
        """Queue the fields of ``wanted`` that differ from ``current``; return True if any did."""
        changed = changed_fields(current, wanted)
        if not changed:
            return False
        self.updates.setdefault(pk, {}).update({name: wanted[name] for name in changed})
        return True

    def write(self) -> tuple[int, int]:
        """Write everything queued; return (created, updated)."""
        by_shape: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in self.creates:
            by_shape.setdefault(tuple(row), []).append(row)
        for rows in by_shape.values():
            fast_insert(self.model, rows, key=self.key)
        by_fields: dict[tuple[str, ...], dict[int, dict[str, Any]]] = {}
        now = timezone.now()
        for pk, values in self.updates.items():
            if self.has_updated_at:
                values = {**values, "updated_at": now}
            by_fields.setdefault(tuple(sorted(values)), {})[pk] = values
        for fields, rows_by_pk in by_fields.items():
            fast_update(self.model, rows_by_pk, fields)
        return len(self.creates), len(self.updates)


def fast_update(model: type[models.Model], rows: dict[int, dict[str, Any]], fields: Sequence[str]) -> None:
    """Set ``fields`` of many rows at once through a temporary table and ``UPDATE … FROM``.

    Django's ``bulk_update`` builds one CASE expression per field and row, which takes seconds
    for a few thousand rows; this takes milliseconds on both SQLite (3.33+) and PostgreSQL.
    """
    if not rows:
        return
    from django.db import connection

    table = model._meta.db_table
    quote = connection.ops.quote_name
    columns = [cast(models.Field, model._meta.get_field(name)) for name in fields]
    column_names = [str(field.column) for field in columns]
    converters = [None, *(_converter(field, connection.vendor) for field in columns)]
    names = ["id", *fields]  # as the rows hold them: "agent_id", not the field's name "agent"
    values = _prepared(({"id": pk, **values} for pk, values in rows.items()), names, converters)
    with connection.cursor() as cursor, _staged(cursor, table, ["id", *column_names], values) as temp:
        assignments = ", ".join(f"{quote(name)} = {temp}.{quote(name)}" for name in column_names)
        cursor.execute(
            f"UPDATE {quote(table)} SET {assignments} FROM {temp} WHERE {quote(table)}.id = {temp}.id"  # noqa: S608
        )


@contextmanager
def _staged(cursor: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Iterator[str]:
    """A temporary table shaped like ``columns`` of ``table``, holding ``rows``; yields its quoted name."""
    quote = cursor.db.ops.quote_name
    temp = quote(f"tmp_{table}_staged")
    cursor.execute(f"DROP TABLE IF EXISTS {temp}")
    select = ", ".join(quote(name) for name in columns)
    cursor.execute(f"CREATE TEMPORARY TABLE {temp} AS SELECT {select} FROM {quote(table)} WHERE 1 = 0")  # noqa: S608
    _insert_rows(cursor, f"tmp_{table}_staged", columns, rows)
    yield temp
    cursor.execute(f"DROP TABLE {temp}")


def _converter(field: models.Field, vendor: str) -> Any:
    """How to hand one field's Python value to the database driver, decided once per field."""
    from django.db import connection

    if isinstance(field, models.DateTimeField):
        # Rows of one import share a handful of timestamps: convert each distinct one once.
        memo: dict[Any, Any] = {}

        def convert(value: Any) -> Any:
            if value not in memo:
                memo[value] = field.get_db_prep_save(value, connection)
            return memo[value]

        return convert
    if vendor == "sqlite" and isinstance(field, models.DecimalField):
        return lambda value: None if value is None else str(value)
    return None


def _insert_rows(cursor: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows`` (values in ``columns`` order) into ``table``.

    PostgreSQL: ``COPY``, which streams every row in one command, several times faster than one
    INSERT a row even pipelined (values go through psycopg's usual adapters). SQLite: one
    prepared INSERT run for every row, in the same process, so already cheap; but into a table
    with triggers (the search entries', which feed FTS5) the rows are staged in a temporary
    table and inserted in one statement. FTS5 writes out its pending terms at the end of every
    statement, so one INSERT a row left one tiny index segment a row to merge later (8,082
    entries: 0.15 s instead of 0.03 s).
    """
    quote = cursor.db.ops.quote_name
    target = f"{quote(table)} ({', '.join(quote(name) for name in columns)})"
    if cursor.db.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {target} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    if _has_triggers(cursor, table):
        with _staged(cursor, table, columns, rows) as temp:
            select = ", ".join(quote(name) for name in columns)
            cursor.execute(f"INSERT INTO {target} SELECT {select} FROM {temp}")  # noqa: S608
        return
    placeholders = ", ".join(["%s"] * len(columns))
    for chunk in chunks(rows, 5000):
        cursor.executemany(f"INSERT INTO {target} VALUES ({placeholders})", chunk)  # noqa: S608


def _has_triggers(cursor: Any, table: str) -> bool:
    """Does this SQLite table have triggers? (Temporary tables, in another schema, never do here.)"""
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s LIMIT 1", [table])
    return cursor.fetchone() is not None


def _picker(names: Sequence[str]) -> Any:
    """A function giving a row's values in ``names`` order, always as a tuple."""
    if len(names) == 1:
        name = names[0]
        return lambda row: (row[name],)
    return operator.itemgetter(*names)


def _prepared(rows: Iterable[dict[str, Any]], names: Sequence[str], converters: Sequence[Any]) -> list[Any]:
    """Each row's values in ``names`` order, through the converters that are not None.

    Tens of thousands of rows of dozens of fields: values are picked with one ``itemgetter``
    per row and only the few converted columns are touched afterwards.
    """
    pick = _picker(names)
    converted = [(index, convert) for index, convert in enumerate(converters) if convert is not None]
    if not converted:
        return [pick(row) for row in rows]
    prepared = []
    for row in rows:
        values = list(pick(row))
        for index, convert in converted:
            values[index] = convert(values[index])
        prepared.append(values)
    return prepared


def fast_insert(
    model: type[models.Model], rows: Sequence[dict[str, Any]], *, key: Sequence[str] | None = None
) -> None:
    """Insert many rows: ``COPY`` on PostgreSQL, one prepared statement (``executemany``) on SQLite.

    ``bulk_create`` spends most of its time building SQL and preparing values in Python; for
    the tens of thousands of rows of a DOL file this is several times faster. With ``key``
    (fields that are unique together), each row dict receives its new ``id``: reserved before
    the insert where that is safe (``_reserved_ids``), else read back afterwards by its key.
    """
    if not rows:
        return
    from django.db import connection

    names = [name for name in rows[0] if name != "id"]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        ids = _reserved_ids(cursor, table, len(rows)) if key else None
        if ids is not None:
            for row, pk in zip(rows, ids, strict=True):
                row["id"] = pk
            names.insert(0, "id")
        elif key:
            cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            (before,) = cursor.fetchone()
        fields = [cast(models.Field, model._meta.get_field(name)) for name in names]
        converters = [_converter(field, connection.vendor) for field in fields]
        prepared = _prepared(rows, names, converters)
        _insert_rows(cursor, table, [str(field.column) for field in fields], prepared)
    if key and ids is None:
        _fetch_ids(model, rows, key, after=before or 0)


def _reserved_ids(cursor: Any, table: str, count: int) -> list[int] | None:
    """``count`` new ids for ``table`` that no other transaction can take, or None.

    PostgreSQL: drawn from the table's sequence, as its inserts would draw them. SQLite: the
    ids above any it has given, inside a transaction only, which holds the database's write
    lock from its start (``transaction_mode`` IMMEDIATE; a deferred one fails rather than
    collide). Reading new rows back by their key cost an import about a tenth of a second.
    """
    quote = cursor.db.ops.quote_name
    if cursor.db.vendor == "postgresql":
        # The sequence is looked up once, in a subquery: called on every row, the look-up took
        # four fifths of the time (31,000 ids of FY2017 + Appendix C: 0.15 s, now 0.04 s).
        cursor.execute(
            "SELECT nextval((SELECT pg_get_serial_sequence(%s, 'id'))::regclass) FROM generate_series(1, %s)",
            [quote(table), count],
        )
        return [pk for (pk,) in cursor.fetchall()]
    if not cursor.db.in_atomic_block:
        return None
    cursor.execute(
        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0),"  # noqa: S608 - model name
        f" COALESCE((SELECT MAX(id) FROM {quote(table)}), 0))",
        [table],
    )
    (last,) = cursor.fetchone()
    return list(range(last + 1, last + 1 + count))


def _fetch_ids(
    model: type[models.Model], rows: Sequence[dict[str, Any]], key: Sequence[str], *, after: int
) -> None:
    """Give each inserted row its id, found by its ``key`` among the rows with ids above ``after``.

    ``after`` is the largest id before the insert. Ids normally only grow (PostgreSQL's
    sequences, SQLite's rowids), so the new rows are all above it, and reading them back needs
    no ``IN`` list of thousands of keys; rows another transaction committed meanwhile are read
    too and ignored. A row not found there (a sequence left behind by rows written with explicit
    ids) is looked for by its key.
    """
    key_of = _picker(key)
    by_key = {key_of(row): row for row in rows}

    def assign(found: Iterable[tuple[Any, ...]]) -> None:
        for values in found:
            row = by_key.get(tuple(values[1:]))
            if row is not None and "id" not in row:
                row["id"] = values[0]

    assign(
        model._default_manager.filter(id__gt=after)
        .order_by()
        .values_list("id", *key)
        .iterator(chunk_size=5000)
    )
    missing = sorted({first for (first, *_rest), row in by_key.items() if "id" not in row})
    for chunk in chunks(missing):
        assign(
            model._default_manager.filter(**{f"{key[0]}__in": chunk}).order_by("-id").values_list("id", *key)
        )
