"""`jornada backup` and `jornada restore`: every row comes back, and nothing never to be kept is kept."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from jornada.conftest import audit_log_purge
from jornada.core import backup
from jornada.core.audit import audit_record
from jornada.core.models import Organisation, RateCounter

CACHE_TABLE = "jornada_backup_test_cache"
CACHES_WITH_DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE},
}
# The database cache stores keys in clear (values pickled and base64-encoded): look for the key.
KEY_IN_CACHE = "ratelimit:day-key-never-in-a-backup-5f1d"
COUNTER_NAME = "contributions-submit:counter-never-in-a-backup-77c1:20792"


@pytest.fixture
def populated(transactional_db: None, settings, tmp_path: Path) -> Iterator[None]:
    """A committed database with the demo rows, an audit event, a session, cache rows and media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    with override_settings(CACHES=CACHES_WITH_DATABASE_CACHE):
        try:
            call_command("createcachetable", stdout=StringIO())
            call_command("demo_data", allow_production=True, json=True, stdout=StringIO())
            audit_record(actor=None, action="core.backup_test", target=Organisation.objects.first())
            caches["database"].set(KEY_IN_CACHE, "secret", 3600)
            RateCounter.objects.create(name=COUNTER_NAME, count=3, expires=2_000_000_000)
            session = SessionStore()
            session["staff"] = "signed in"
            session.create()
            screenshot = tmp_path / "media" / "alerts" / "screenshots" / "a1b2.jpg"
            screenshot.parent.mkdir(parents=True)
            screenshot.write_bytes(b"not really a jpeg")
            exact = dt.datetime(2026, 11, 17, 14, 33, 7, tzinfo=dt.UTC).timestamp()
            os.utime(screenshot, (exact, exact))
            yield
        finally:
            audit_log_purge()
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {CACHE_TABLE}")


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def _rows(cursor, table: str) -> list[str]:
    if connection.vendor == "postgresql":
        # As text, so that the drivers' different decoding (jsonb, time zones) cannot differ.
        cursor.execute("SET TIME ZONE 'UTC'")
        cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" AS t')  # noqa: S608
    else:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
    return sorted(repr(row) for row in cursor.fetchall())


def _assert_same_rows(source_cursor, restored_cursor, tables: list[str]) -> None:
    for table in tables:
        expected = (
            []
            if table in (CACHE_TABLE, "django_session", "core_ratecounter")
            else _rows(source_cursor, table)
        )
        assert _rows(restored_cursor, table) == expected, table


def _check_media(folder: Path, tmp_path: Path) -> None:
    with tarfile.open(folder / backup.MEDIA_FILE) as archive:
        member = archive.getmember("alerts/screenshots/a1b2.jpg")
        assert dt.datetime.fromtimestamp(member.mtime, dt.UTC) == dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        target = tmp_path / "restored-media"
        backup.media_extract(folder / backup.MEDIA_FILE, target)
    assert (target / "alerts/screenshots/a1b2.jpg").read_bytes() == b"not really a jpeg"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the PostgreSQL variant covers pg_dump")
@override_settings(CACHES=CACHES_WITH_DATABASE_CACHE)
def test_it_restores_every_row_but_the_cache_and_sessions_on_sqlite(populated: None, tmp_path: Path) -> None:
    """`jornada restore` of a SQLite backup into a new path gives every row back, cache and sessions empty.

    A cache entry's key appears nowhere in the backup's bytes, and
    the media tar dates files by their month only.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {CACHE_TABLE}")  # noqa: S608
        assert cursor.fetchone()[0] == 1
    out = StringIO()

    call_command("backup", str(tmp_path / "backups"), stdout=out)

    (folder,) = backup.backups_in(tmp_path / "backups")
    assert f"core_ratecounter, django_session, {CACHE_TABLE}" in out.getvalue()
    manifest = json.loads((folder / backup.MANIFEST).read_text())
    assert manifest["database"] == "sqlite"
    assert manifest["excluded_tables"] == ["core_ratecounter", "django_session", CACHE_TABLE]
    assert KEY_IN_CACHE.encode() not in (folder / backup.SQLITE_FILE).read_bytes()
    assert COUNTER_NAME.encode() not in (folder / backup.SQLITE_FILE).read_bytes()
    restored_dir = tmp_path / "restored"
    result = subprocess.run(
        [sys.executable, "-m", "jornada", "restore", str(folder)],
        env={
            **os.environ,
            "JORNADA_DATA_DIR": str(restored_dir),
            "DATABASE_URL": f"sqlite:///{restored_dir / 'fresh.sqlite3'}",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Restored the media folder." in result.stdout
    assert (restored_dir / "media/alerts/screenshots/a1b2.jpg").read_bytes() == b"not really a jpeg"
    fresh = sqlite3.connect(
        restored_dir / "fresh.sqlite3", detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
    )
    tables = _tables()
    assert {"core_auditevent", "directory_employer", CACHE_TABLE} <= set(tables)
    with connection.cursor() as source:
        _assert_same_rows(source, fresh.cursor(), tables)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        fresh.execute("DELETE FROM core_auditevent")
    fresh.close()
    _check_media(folder, tmp_path)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (make test-postgres)")
@override_settings(CACHES=CACHES_WITH_DATABASE_CACHE)
def test_it_restores_every_row_but_the_cache_and_sessions_on_postgresql(
    populated: None, tmp_path: Path
) -> None:
    """`jornada restore` of a pg_dump archive into a new database gives every row back, cache and sessions empty."""
    call_command("backup", str(tmp_path / "backups"), stdout=StringIO())
    (folder,) = backup.backups_in(tmp_path / "backups")
    assert json.loads((folder / backup.MANIFEST).read_text())["database"] == "postgresql"
    fresh_name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{fresh_name}"')
        cursor.execute(f'CREATE DATABASE "{fresh_name}"')
    fresh_settings = {**connection.settings_dict, "NAME": fresh_name}
    try:
        settings_dict = connection.settings_dict
        result = subprocess.run(
            [sys.executable, "-m", "jornada", "restore", str(folder)],
            env={
                **os.environ,
                "JORNADA_DATA_DIR": str(tmp_path / "restored"),
                "DATABASE_URL": "postgres://{}:{}@{}:{}/{}".format(
                    quote(settings_dict["USER"] or ""),
                    quote(settings_dict["PASSWORD"] or ""),
                    settings_dict["HOST"] or "localhost",
                    settings_dict["PORT"] or 5432,
                    fresh_name,
                ),
            },
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert (tmp_path / "restored/media/alerts/screenshots/a1b2.jpg").is_file()
        conninfo, environment = backup.postgres_connection(fresh_settings)
        with psycopg.connect(conninfo, password=environment.get("PGPASSWORD")) as fresh:
            with connection.cursor() as source:
                _assert_same_rows(source, fresh.cursor(), _tables())
            with pytest.raises(psycopg.Error, match="append-only"):
                fresh.execute("DELETE FROM core_auditevent")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh_name}"')
    _check_media(folder, tmp_path)


def test_it_refuses_to_restore_over_a_database_that_has_tables(db: None, tmp_path: Path) -> None:
    """Restoring never mixes a backup into a live database: the command stops and writes nothing."""
    folder = tmp_path / "jornada-20261201T000000Z"
    folder.mkdir()
    (folder / backup.MANIFEST).write_text(
        json.dumps({"format": backup.FORMAT, "database": connection.vendor, "media": False})
    )
    with pytest.raises(CommandError, match="already has tables"):
        call_command("restore", str(folder), stdout=StringIO())


def test_it_keeps_only_the_newest_backups_when_asked(transactional_db: None, tmp_path: Path) -> None:
    """`--keep N` deletes older complete backups; an unfinished folder and other files stay."""
    for stamp in ("20261101T000000Z", "20261102T000000Z"):
        (tmp_path / f"jornada-{stamp}").mkdir()
        (tmp_path / f"jornada-{stamp}" / backup.MANIFEST).write_text("{}")
    (tmp_path / "jornada-unfinished").mkdir()
    (tmp_path / "notes.txt").write_text("kept")

    call_command("backup", str(tmp_path), keep=2, stdout=StringIO())

    kept = [path.name for path in backup.backups_in(tmp_path)]
    assert len(kept) == 2
    assert kept[0] == "jornada-20261102T000000Z"
    assert (tmp_path / "jornada-unfinished").is_dir()
    assert (tmp_path / "notes.txt").is_file()
