"""SQLite runs in WAL mode with a busy timeout, so concurrent writers wait instead of failing."""

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite-only behaviour")


@pytest.fixture
def file_database(tmp_path: Path, django_db_blocker: Any) -> Iterator[str]:
    """A database alias for a fresh file, configured exactly as the real database is."""
    alias = "sqlite_probe"
    config = {**settings.DATABASES["default"], "NAME": str(tmp_path / "probe.sqlite3")}
    configured = connections.configure_settings({"default": settings.DATABASES["default"], alias: config})
    connections.settings[alias] = configured[alias]
    with django_db_blocker.unblock():
        try:
            yield alias
        finally:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def test_it_uses_write_ahead_logging(file_database: str) -> None:
    """A file database opens in WAL mode with IMMEDIATE transactions and a timeout."""
    with connections[file_database].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connections[file_database].transaction_mode == "IMMEDIATE"
    assert settings.DATABASES["default"]["OPTIONS"]["timeout"] >= 5


def test_it_makes_concurrent_writers_wait_instead_of_failing(file_database: str) -> None:
    """Eight threads each run 25 read-then-write transactions at once; none fails as "locked"."""
    with connections[file_database].cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n INTEGER)")
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for _ in range(25):
                with transaction.atomic(using=file_database), connections[file_database].cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM counter")
                    (count,) = cursor.fetchone()
                    cursor.execute("INSERT INTO counter VALUES (%s)", [count + 1])
        except BaseException as error:
            errors.append(error)
        finally:
            connections[file_database].close()

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with connections[file_database].cursor() as cursor:
        cursor.execute("SELECT count(*), max(n) FROM counter")
        assert cursor.fetchone() == (200, 200)  # serialised: every read saw every earlier write
