"""Model fields shared by every app."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

# Keys are drawn below 2**63 (a signed 64-bit column); two rows meet by chance only after about
# three billion of them.
_RANDOM_ID_BOUND = 2**63 - 1


def random_id() -> int:
    """Return a random positive 63-bit key: unlike a sequence, it says nothing about arrival."""
    return secrets.randbelow(_RANDOM_ID_BOUND) + 1


class RandomIdField(models.BigIntegerField):
    """A primary key drawn at random, for rows whose order of arrival must not show.

    A sequence numbers rows in the order they arrive, so the row beside a contribution (an
    audit event, an identifier, an event for followers) would date it against its neighbours.
    On SQLite the column is declared ``integer`` so it *is* the table's rowid: any other primary
    key leaves a hidden rowid that counts rows in the order they were inserted.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("default", random_id)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)

    def rel_db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        return models.BigIntegerField().db_type(connection)


def random_rowid_operation(*tables: str) -> Any:
    """A migration step that makes SQLite file rows of ``tables`` under random rowids.

    A table keyed by a UUID still has SQLite's hidden rowid, numbered in the order rows arrive,
    and rows are stored (and read back without ORDER BY) in that order. An AFTER INSERT trigger
    moves each new row to a random rowid, and the existing rows are shuffled once. Django drops
    the trigger when it rebuilds the table for a later schema change: such a migration must run
    this step again (``contributions/tests/test_coarse_times.py`` fails until it does).
    """
    from django.db import migrations

    def forward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        for table in tables:  # names written in the migrations themselves, never input
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_random_rowid"')
            schema_editor.execute(
                f'CREATE TRIGGER "{table}_random_rowid" AFTER INSERT ON "{table}" BEGIN '  # noqa: S608
                f'UPDATE "{table}" SET rowid = (random() & 9223372036854775807) WHERE rowid = NEW.rowid; END'
            )
            schema_editor.execute(f'UPDATE "{table}" SET rowid = -rowid - 1')  # noqa: S608 - out of the way first
            schema_editor.execute(f'UPDATE "{table}" SET rowid = (random() & 9223372036854775807)')  # noqa: S608

    def backward(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for table in tables:
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_random_rowid"')

    return migrations.RunPython(forward, backward)
