"""Tests of data migrations: move the test database to a migration, and back to the newest after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

Target = list[tuple[str, str]]


def migrate_to(target: Target) -> Any:
    """Migrate the test database to ``target``; return the historical models (``apps``) there."""
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def migrate_to_newest() -> None:
    """Migrate every app forward to its newest migration."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@contextmanager
def migrated_back(target: Target) -> Iterator[Any]:
    """Yield the historical models at ``target``, the database migrated there; every app forward after."""
    apps = migrate_to(target)
    try:
        yield apps
    finally:
        migrate_to_newest()
