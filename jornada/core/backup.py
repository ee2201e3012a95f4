"""Back up and restore the database and uploaded media, leaving out what is never to be kept.

A backup is a folder ``jornada-<UTC time>/`` holding the database (SQLite: a copy made with
SQLite's online backup API, then compacted; PostgreSQL: ``pg_dump --format=custom``), the
uploaded media as ``media.tar`` when they are on local disk, and ``manifest.json``.

Left out, by design: the rows of the rate-limit counters' table and of every database cache
table (the privacy model says they are never persisted beyond their window, so no backup may
keep them) and staff sessions (a stolen backup must not sign anyone in). Their
tables are kept, empty. On SQLite the copy is vacuumed, so deleted rows left in free pages of
the live file (erased worker text, say) are not carried into the backup either. Media files'
times are cut to the first of their month, as nothing may date a contribution more finely.

What a backup does not hold: the secrets (``JORNADA_SECRET_KEY``, ``JORNADA_CONTACT_KEY``,
``JORNADA_CASE_KEY``). Without the same secrets a restored site cannot read followers' encrypted
contacts, match receipt codes or open any case's personal data, so keep them safe apart from the
backups.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from jornada.core.models import RateCounter

FORMAT = 1
PREFIX = "jornada-"
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
MEDIA_FILE = "media.tar"
SESSION_TABLE = "django_session"
# libpq connection keywords that may sit in a PostgreSQL database's OPTIONS (from DATABASE_URL).
_LIBPQ_OPTIONS = (
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslcrl",
    "connect_timeout",
    "options",
    "target_session_attrs",
    "application_name",
    "service",
    "passfile",
)


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def excluded_tables() -> list[str]:
    """Return the tables whose rows a backup leaves out: rate-limit counters, database caches, sessions."""
    tables = {RateCounter._meta.db_table} | {
        str(config["LOCATION"])
        for config in settings.CACHES.values()
        if config["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    }
    return sorted(tables | {SESSION_TABLE})


def backup_create(*, directory: Path, keep: int | None = None) -> Path:
    """Write a backup folder into ``directory`` and return it; then keep only the newest ``keep``."""
    directory.mkdir(parents=True, exist_ok=True)
    name = PREFIX + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    final = directory / name
    if final.exists():
        raise BackupError(f"{final} already exists; wait a second and run the backup again.")
    # Written under another name and renamed once complete: a folder named jornada-* is whole.
    partial = directory / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(mode=0o700)
    try:
        excluded = excluded_tables()
        connection.ensure_connection()
        vendor = connection.vendor
        if vendor == "sqlite":
            sqlite_dump(connection.connection, partial / SQLITE_FILE, excluded=excluded)
        elif vendor == "postgresql":
            postgres_dump(connection.settings_dict, partial / POSTGRES_FILE, excluded=excluded)
        else:  # pragma: no cover - settings allow only these two
            raise BackupError(f"Backups of {vendor} databases are not supported.")
        media_root = _media_root()
        if media_root is not None:
            media_archive(media_root, partial / MEDIA_FILE)
        manifest = {
            "format": FORMAT,
            "database": vendor,
            "excluded_tables": excluded,
            "media": media_root is not None,
            "migrations": _latest_migrations(),
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        for path in partial.iterdir():
            path.chmod(0o600)
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if keep is not None:
        for old in backups_in(directory)[:-keep] if keep > 0 else []:
            shutil.rmtree(old)
    return final


def backups_in(directory: Path) -> list[Path]:
    """Return the complete backup folders in ``directory``, oldest first."""
    return sorted(
        path for path in directory.glob(f"{PREFIX}*") if path.is_dir() and (path / MANIFEST).is_file()
    )


def backup_restore(*, backup: Path) -> dict[str, Any]:
    """Restore ``backup`` into the configured, empty database (and media folder); return its manifest.

    ``media_restored`` in the answer is False when the backup has no media or media now live in
    object storage (its ``media.tar`` is then for uploading to the bucket by hand).
    """
    manifest = read_manifest(backup)
    connection.ensure_connection()
    if manifest["database"] != connection.vendor:
        raise BackupError(
            f"{backup} holds a {manifest['database']} database but DATABASE_URL points at "
            f"{connection.vendor}; restore into the same kind of database."
        )
    if connection.introspection.table_names():
        raise BackupError(
            "The configured database already has tables. Restore into an empty one: a new "
            "PostgreSQL database (createdb), or a SQLite path that does not exist yet."
        )
    media_root = _media_root()
    if manifest["media"] and media_root is not None and media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"The media folder {media_root} is not empty; restore into an empty one.")
    if connection.vendor == "sqlite":
        sqlite_load(backup / SQLITE_FILE, connection.connection)
    else:
        postgres_load(connection.settings_dict, backup / POSTGRES_FILE)
    manifest["media_restored"] = False
    if manifest["media"] and media_root is not None:
        media_extract(backup / MEDIA_FILE, media_root)
        manifest["media_restored"] = True
    return manifest


def read_manifest(backup: Path) -> dict[str, Any]:
    """Return a backup folder's manifest, refusing a folder that is not a complete backup."""
    try:
        manifest: dict[str, Any] = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{backup} is not a complete Jornada backup (no {MANIFEST}).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{backup} is in backup format {manifest.get('format')!r}; this version reads {FORMAT}."
        )
    return manifest


# --- SQLite ---------------------------------------------------------------------------------


def sqlite_dump(source: sqlite3.Connection, target: Path, *, excluded: list[str]) -> None:
    """Copy a live SQLite database into ``target``, without the excluded tables' rows or free pages."""
    if source.in_transaction:
        raise BackupError("A SQLite backup cannot run inside an open transaction.")
    copy = sqlite3.connect(target, isolation_level=None)
    try:
        # One step: a consistent snapshot (under WAL, writers carry on meanwhile).
        source.backup(copy)
        # The copy's rollback journal stays in memory and deleted rows are overwritten, so the
        # excluded rows never sit in a file beside the backup; VACUUM then drops free pages.
        copy.execute("PRAGMA journal_mode=MEMORY")
        copy.execute("PRAGMA secure_delete=ON")
        copy.execute("PRAGMA temp_store=MEMORY")
        present = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in excluded:
            if table in present:
                copy.execute(f'DELETE FROM "{table}"')  # noqa: S608 - names from settings and code
        copy.execute("VACUUM")
        (result,) = copy.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise BackupError(f"The SQLite copy failed its integrity check: {result}")
    finally:
        copy.close()


def sqlite_load(source: Path, target: sqlite3.Connection) -> None:
    """Copy the SQLite backup file ``source`` into the (empty) database open on ``target``."""
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        backup.backup(target)
    finally:
        backup.close()


# --- PostgreSQL -----------------------------------------------------------------------------


def postgres_command(program: str) -> str:
    """Return the path of a PostgreSQL client program, or say which package provides it."""
    found = shutil.which(program)
    if found is None:
        raise BackupError(
            f"{program} was not found: install the PostgreSQL client (Debian: postgresql-client)."
        )
    return found


def postgres_connection(settings_dict: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    """Return a libpq connection string without the password, and an environment holding it."""
    parts = {
        "dbname": settings_dict.get("NAME"),
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
        "user": settings_dict.get("USER"),
    }
    options = settings_dict.get("OPTIONS") or {}
    parts.update({key: options[key] for key in _LIBPQ_OPTIONS if key in options})
    conninfo = " ".join(
        "{}='{}'".format(key, str(value).replace("\\", "\\\\").replace("'", "\\'"))
        for key, value in parts.items()
        if value not in (None, "")
    )
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        # In the environment, not on the command line, where every user of the machine sees it.
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return conninfo, environment


def postgres_dump(settings_dict: Mapping[str, Any], target: Path, *, excluded: list[str]) -> None:
    """Dump a PostgreSQL database with pg_dump's custom format, without the excluded tables' rows."""
    conninfo, environment = postgres_connection(settings_dict)
    command = [
        postgres_command("pg_dump"),
        "--format=custom",
        f"--file={target}",
        *(f"--exclude-table-data={table}" for table in excluded),
        f"--dbname={conninfo}",
    ]
    _run(command, environment)


def postgres_load(settings_dict: Mapping[str, Any], source: Path) -> None:
    """Restore a pg_dump archive into the (empty) database ``settings_dict`` names, all or nothing."""
    conninfo, environment = postgres_connection(settings_dict)
    command = [
        postgres_command("pg_restore"),
        "--exit-on-error",
        "--single-transaction",
        # Objects belong to whoever restores; grant the application role again afterwards.
        "--no-owner",
        "--no-acl",
        f"--dbname={conninfo}",
        str(source),
    ]
    _run(command, environment)


def _run(command: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        program = Path(command[0]).name
        raise BackupError(f"{program} failed ({result.returncode}): {result.stderr.strip()}")


# --- Media ----------------------------------------------------------------------------------


def _media_root() -> Path | None:
    """Return the local media folder, or None when media live elsewhere (object storage)."""
    storage = storages["default"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def _month_start(timestamp: float) -> int:
    moment = dt.datetime.fromtimestamp(timestamp, dt.UTC)
    return int(dt.datetime(moment.year, moment.month, 1, tzinfo=dt.UTC).timestamp())


def _walk(root: Path) -> Iterator[Path]:
    """Yield every path under ``root`` in name order (never the order files arrived in)."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        base = Path(dirpath)
        for name in sorted(dirnames + filenames):
            yield base / name


def media_archive(root: Path, target: Path) -> None:
    """Write the media folder as a tar, with file times cut to their month and no owner names."""

    def scrub(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.mtime = _month_start(info.mtime)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    with tarfile.open(target, "w") as archive:
        if root.exists():
            for path in _walk(root):
                archive.add(path, arcname=str(path.relative_to(root)), recursive=False, filter=scrub)


def media_extract(source: Path, root: Path) -> None:
    """Unpack a media tar into ``root``, refusing anything that would land outside it."""
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source) as archive:
        archive.extractall(root, filter="data")


def _latest_migrations() -> dict[str, str]:
    """Return the last applied migration of each app, so a restore can say what it holds."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))
