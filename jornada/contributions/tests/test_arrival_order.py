"""The daily step that makes contribution tables forget the order their rows arrived in."""

from __future__ import annotations

import pytest
from django.db import connection

from jornada.alerts.models import Screenshot, WarningIdentifier
from jornada.contributions.order import arrival_hidden_models, arrival_order_forget
from jornada.core.retention import retention_prune
from jornada.reviews.models import Review
from jornada.reviews.tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def test_it_covers_every_contribution_and_what_is_written_with_one() -> None:
    """Reviews, scam reports, their screenshots and look-up rows are all reordered."""
    tables = {model._meta.db_table for model in arrival_hidden_models()}
    assert {"reviews_review", "alerts_scamreport", Screenshot._meta.db_table} <= tables
    assert WarningIdentifier._meta.db_table in tables


def test_it_leaves_sqlite_to_its_random_rowids() -> None:
    """On SQLite the insert trigger already files rows at random: nothing to do."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert arrival_order_forget() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # each review in a transaction of its own, as workers send them
def test_it_rewrites_rows_in_key_order_under_one_transaction() -> None:
    """After the daily prune, a plain SELECT returns reviews by random key, all with one xmin."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's heap order and xmin (make test-postgres)")
    keys = [ReviewFactory().pk for _ in range(8)]
    table = Review._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {table}")  # noqa: S608
        assert len({row[0] for row in cursor.fetchall()}) == len(keys)  # one insert each, as they came
    done = retention_prune()
    assert done["contribution_arrival_order"] == len(arrival_hidden_models())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, xmin::text FROM {table}")  # noqa: S608 - no ORDER BY, as a dump reads
        rows = cursor.fetchall()
    assert [row[0] for row in rows] == sorted(keys)
    assert len({row[1] for row in rows}) == 1
