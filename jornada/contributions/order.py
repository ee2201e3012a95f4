"""Forget the order in which contributions arrived, once a day, on PostgreSQL.

Contributions have random keys and a month, but a table still keeps its rows in the order they
were written: PostgreSQL's heap returns them in that order to any ``SELECT`` without ``ORDER
BY`` (and a ``pg_dump`` writes them so), and each row's ``xmin`` numbers the transaction that
inserted it. Either would date a contribution against its neighbours, whose times may be known.
Once a day (``jornada prune``) every row of these tables is rewritten in one transaction, so they
all share that transaction's ``xmin``, and the table is then re-clustered on its random key, so
its physical order is the keys' order. Arrival order survives only among the day's newcomers,
until the next run. SQLite needs none of this: a trigger files each new row under a random
rowid (``jornada.core.fields.random_rowid_operation``).

``CLUSTER`` needs the table's owner: run ``jornada prune`` as the role that migrates. Under a
role that does not own the tables, this step is skipped with a warning in the log.
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.models import Model

from jornada.contributions.models import AnonymousContribution

logger = logging.getLogger(__name__)


def arrival_hidden_models() -> list[type[Model]]:
    """Return the models whose row order must not tell when a worker wrote: contributions and
    what is written with them (a model says so with ``hides_arrival_order = True``)."""
    return sorted(
        (
            model
            for model in apps.get_models()
            if issubclass(model, AnonymousContribution) or getattr(model, "hides_arrival_order", False)
        ),
        key=lambda model: model._meta.db_table,
    )


def _primary_key_index(table: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " WHERE x.indrelid = %s::regclass AND x.indisprimary",
            [connection.ops.quote_name(table)],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def arrival_order_forget() -> int:
    """Rewrite and re-cluster the contribution tables (PostgreSQL); return how many were done."""
    if connection.vendor != "postgresql":
        return 0
    done = 0
    for model in arrival_hidden_models():
        table = connection.ops.quote_name(model._meta.db_table)
        key = connection.ops.quote_name(model._meta.pk.column)
        index = _primary_key_index(model._meta.db_table)
        if index is None:
            continue
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                # Names come from the models, never from input.
                cursor.execute(f"UPDATE {table} SET {key} = {key}")  # noqa: S608
                cursor.execute(f"CLUSTER {table} USING {connection.ops.quote_name(index)}")
        except DatabaseError as error:
            logger.warning(
                "Could not forget the arrival order of %s (run `jornada prune` as the tables' owner): %s",
                model._meta.db_table,
                type(error).__name__,
            )
            continue
        done += 1
    return done
