"""Fixtures every app's tests share: organisations, staff sign-in, tasks, shared data."""

from __future__ import annotations

import importlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from jornada.core import ratelimit
from jornada.core.models import Organisation, Role, User
from jornada.core.tests.factories import OrganisationFactory, grant_moderation, member, totp_device

ALL_ROLES = tuple(Role.values)
SHARED_DATA_HELP = (
    "the shared data folder (../shared/data beside the checkout, or JORNADA_SHARED_DATA) is absent"
)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts in the site's default language (Spanish), whatever the last one activated.

    ``reverse()`` and ``gettext`` follow the active language, which is per thread: a test that
    activates English and does not deactivate would otherwise turn the next test's URLs English.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate-limit counters must not leak from one test into the next."""
    cache.clear()
    ratelimit.forget_process_state()
    yield
    cache.clear()
    ratelimit.forget_process_state()


@dataclass
class ThreeOrganisations:
    """The healthchecks pattern: alice and charlie share an organisation, bob is elsewhere.

    alice holds every role in organisation A; bob holds every role in organisation B; both
    also hold the site-level moderation grant (which no organisation role gives). charlie is an
    advocate in A and nothing more.
    """

    a: Organisation
    b: Organisation
    alice: User
    bob: User
    charlie: User


@pytest.fixture
def three_orgs(db: None) -> ThreeOrganisations:
    a = OrganisationFactory(name="Centro A", slug="centro-a")
    b = OrganisationFactory(name="Centro B", slug="centro-b")
    orgs = ThreeOrganisations(
        a=a,
        b=b,
        alice=member(a, *ALL_ROLES, name="Alice", email="alice@example.org"),
        bob=member(b, *ALL_ROLES, name="Bob", email="bob@example.org"),
        charlie=member(a, Role.ADVOCATE, name="Charlie", email="charlie@example.org"),
    )
    grant_moderation(orgs.alice)
    grant_moderation(orgs.bob)
    return orgs


def sign_in(client: Client, user: User) -> Client:
    """Sign ``user`` in with a verified second factor, as after a real TOTP login."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def staff_client() -> Callable[[User], Client]:
    """Return a function giving a client signed in (with second factor) as a given user."""
    return lambda user: sign_in(Client(), user)


def current_code(device: TOTPDevice) -> str:
    """The six digits the user's authenticator app would show right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def run_tasks() -> Callable[[], None]:
    """Run every queued background task with the real database worker, then return."""

    def run() -> None:
        # The worker closes "old" connections between tasks; inside a test's transaction that
        # would drop the test's own connection, so it is kept open here, as Django's test
        # client does for requests.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)

    return run


def shared_data_dir() -> Path | None:
    """Return the shared real-data folder, or None when this machine does not have it."""
    configured = os.environ.get("JORNADA_SHARED_DATA")
    path = Path(configured) if configured else Path(__file__).resolve().parents[2] / "shared" / "data"
    return path if path.is_dir() else None


@pytest.fixture
def shared_data() -> Path:
    """The shared real-data folder; skips (or fails in CI) when absent."""
    path = shared_data_dir()
    if path is None:
        if os.environ.get("JORNADA_REQUIRE_SHARED_DATA"):
            pytest.fail(f"JORNADA_REQUIRE_SHARED_DATA is set but {SHARED_DATA_HELP}")
        pytest.skip(SHARED_DATA_HELP)
    return path


def audit_log_purge() -> None:
    """Empty the append-only audit log, as only the database owner may: triggers off, delete, on.

    For fixtures that import data outside a test's transaction and must leave nothing behind.
    """
    from django.db import connection

    triggers = importlib.import_module("jornada.core.migrations.0002_audit_append_only")

    vendor = connection.vendor
    with connection.cursor() as cursor:
        for statement in {"sqlite": triggers.SQLITE_BACKWARD, "postgresql": triggers.POSTGRES_BACKWARD}[
            vendor
        ]:
            cursor.execute(statement)
        cursor.execute("DELETE FROM core_auditevent")
        for statement in {"sqlite": triggers.SQLITE_FORWARD, "postgresql": triggers.POSTGRES_FORWARD}[vendor]:
            cursor.execute(statement)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway Redis on a free localhost port, without persistence, as production must run it."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (scripts/system-packages test installs it)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    directory = tmp_path_factory.mktemp("redis")
    arguments = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(  # noqa: S603 - Debian's redis-server, fixed arguments
        [server, *arguments, "--dir", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            pytest.fail("redis-server did not start")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)
