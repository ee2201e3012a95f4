"""Shared set-up for benchmarks: a throwaway data folder, Django configured, machine description."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def dol_data_dir() -> Path:
    """The real DOL files: ``$JORNADA_SHARED_DATA/dol``, else ``../shared/data/dol`` beside the checkout."""
    shared = os.environ.get("JORNADA_SHARED_DATA")
    return Path(shared) / "dol" if shared else ROOT.parent / "shared" / "data" / "dol"


def configure(database_url: str | None = None, *, tasks: str = "immediate") -> Path:
    """Point Jornada at a fresh temporary data folder, set up Django and migrate.

    Background tasks run at once (``tasks="immediate"``), unless a benchmark queues them in the
    database as a production server does (``"database"``), for a worker that is not measured.
    """
    data = Path(tempfile.mkdtemp(prefix="jornada-bench-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "jornada.settings",
            "JORNADA_DATA_DIR": str(data),
            "JORNADA_SECRET_KEY": "benchmark-only-" + "x" * 50,
            "JORNADA_HTTPS": "false",
            "JORNADA_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "JORNADA_BASE_URL": "http://testserver",
            "JORNADA_CACHE_URL": "db://",  # the production default (file:// is development only)
            "JORNADA_STATIC_MANIFEST": "false",
            "JORNADA_TASKS": tasks,
            "JORNADA_LOG_LEVEL": "WARNING",
        }
    )
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return data


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.node() or 'host'}: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def header(title: str) -> str:
    return f"\n## {title}\n{dt.date.today().isoformat()} · {machine()}\n"


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(values: Sequence[float]) -> str:
    return (
        f"p50 {percentile(values, 0.5) * 1000:.1f} ms · p95 {percentile(values, 0.95) * 1000:.1f} ms · "
        f"mean {statistics.fmean(values) * 1000:.1f} ms · n={len(values)}"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def served(data: Path, **settings: str) -> Iterator[int]:
    """Run gunicorn with the production configuration on a free port until the block ends.

    ``settings`` are extra environment variables (``JORNADA_WEB_WORKERS="2"``). Yields the port
    once ``/healthz`` answers; the server's output goes to ``data/server.log``.
    """
    port = free_port()
    environment = {**os.environ, "JORNADA_BIND": f"127.0.0.1:{port}", **settings}
    with open(data / "server.log", "w") as log:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:jornada.gunicorn", "jornada.wsgi"],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError((data / "server.log").read_text()) from None
                    time.sleep(0.2)
            yield port
        finally:
            server.terminate()
            server.wait(timeout=60)


def measured_apart(module: str, database: str, sqlite_file: Path, *arguments: str) -> dict[str, Any]:
    """Run ``python -m MODULE --one ARGUMENTS`` against a fresh database; return its last line's JSON.

    SQLite in ``sqlite_file`` (which must not exist yet), PostgreSQL on a new throwaway cluster
    (``scripts/with-postgres``). Raises ``RuntimeError`` with the end of its errors if it fails.
    """
    command = [sys.executable, "-m", module, "--one", *arguments]
    env = dict(os.environ)
    if database == "postgresql":
        command = [str(ROOT / "scripts" / "with-postgres"), *command]
    else:
        env["DATABASE_URL"] = f"sqlite:///{sqlite_file}"
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{database}: {done.stderr[-500:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def table_row_on_both(module: str, prefix: str) -> list[str]:
    """Run ``module.measure()`` (which returns one Markdown table row) on SQLite, then PostgreSQL.

    SQLite in a temporary folder in this process; PostgreSQL on a throwaway cluster
    (``scripts/with-postgres``) in a child process, whose last line of output is its row.
    """
    import importlib

    rows = []
    with tempfile.TemporaryDirectory(prefix=f"jornada-bench-{prefix}-") as folder:
        configure(database_url=f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        rows.append(importlib.import_module(module).measure())
    code = f"from benchmarks.common import configure; configure(); from {module} import measure; print(measure())"
    postgres = subprocess.run(
        [str(ROOT / "scripts" / "with-postgres"), sys.executable, "-c", code],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "jornada.settings"},
    )  # fmt: skip
    rows.append(
        postgres.stdout.strip().splitlines()[-1]
        if postgres.returncode == 0
        else f"| postgresql | failed: {postgres.stderr[-300:]} |"
    )
    return rows


def staff_client(user_id: int) -> Any:
    """A test client signed in as ``user_id`` with a verified second factor, as a TOTP login leaves it."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jornada.core.models import User

    user = User.objects.get(pk=user_id)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


def fictional_organisations(count: int, *, staff_each: int) -> tuple[list[Any], dict[int, list[int]]]:
    """Create ``count`` fictional organisations, each with ``staff_each`` members holding a TOTP device.

    The first member of each is a supervisor, the others advocates. Call inside a transaction;
    returns the organisations and, by organisation id, their members' user ids in that order.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from jornada.core.models import Membership, Organisation, Role, User

    orgs = [
        Organisation.objects.create(
            name=f"Centro ficticio {number + 1}",
            slug=f"centro-ficticio-{number + 1}",
            country="US",
            is_fictional=True,
        )
        for number in range(count)
    ]
    staff: dict[int, list[int]] = {}
    for org in orgs:
        staff[org.pk] = []
        for number in range(staff_each):
            user = User.objects.create_user(
                email=f"persona{number}@{org.slug}.example.org", password=None, name=f"Persona {number}"
            )
            role = Role.SUPERVISOR if number == 0 else Role.ADVOCATE
            Membership.objects.create(user=user, organisation=org, role=role)
            TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
            staff[org.pk].append(user.pk)
    return orgs, staff
