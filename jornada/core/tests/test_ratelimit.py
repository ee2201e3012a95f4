"""Rate limits: counters keep their window, count exactly and survive culling on every allowed cache.

Each behaviour runs on every cache the settings allow: ``locmem`` (tests and development),
the database cache (``db://``, the production default; SQLite here, PostgreSQL in
``make test-postgres``) and a real Redis started without persistence.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from jornada.core import ratelimit
from jornada.core.models import RateCounter
from jornada.core.ratelimit import RateLimit, client_address, client_bucket, pseudonym
from jornada.core.retention import retention_prune

ADDRESS = "198.51.100.42"
HOUR = 3600
CACHES = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "jornada_cache"},
    "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache"},
}


def use_cache(request: pytest.FixtureRequest, settings: SettingsWrapper, name: str, **options: Any) -> str:
    """Configure the cache ``name`` (as JORNADA_CACHE_URL would) for this test."""
    config = dict(CACHES[name])
    if name == "redis":
        config["LOCATION"] = request.getfixturevalue("redis_url")
    if options and name != "redis":  # Redis never culls; its eviction policy must be noeviction
        config["OPTIONS"] = options
    settings.CACHES = {"default": config}
    cache.clear()
    return name


@pytest.fixture(params=["locmem", "database", "redis"])
def backend(request: pytest.FixtureRequest, settings: SettingsWrapper) -> str:
    if request.param == "database":
        request.getfixturevalue("db")
    return use_cache(request, settings, request.param)


@contextmanager
def at(moment: float) -> Iterator[None]:
    """Travel to ``moment`` (Unix time) for Jornada and for the caches' own expiry."""
    when = dt.datetime.fromtimestamp(moment, tz=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


def hour_start() -> int:
    """The start of the current hour: Redis expires keys by its own clock, so travel stays near it."""
    return int(timezone.now().timestamp()) // HOUR * HOUR


def test_it_limits_hits_per_client(backend: str) -> None:
    """Within the window a client gets ``limit`` hits; the next is refused; others are unaffected."""
    rule = RateLimit("test", limit=3, window=60)
    assert [rule.hit(ADDRESS) for _ in range(4)] == [True, True, True, False]
    assert rule.is_exceeded(ADDRESS)
    assert rule.hit("198.51.100.43")
    rule.reset(ADDRESS)
    assert not rule.is_exceeded(ADDRESS)


def test_it_keeps_a_counter_for_its_whole_window(backend: str) -> None:
    """An hour's counter still holds after five quiet minutes, and a new hour starts from zero.

    Django's generic ``incr`` re-saved counters with the cache's 300-second default, so a
    client that paused five minutes started afresh.
    """
    rule = RateLimit("test", limit=3, window=HOUR)
    start = hour_start() + 1
    with at(start):
        assert all(rule.hit(ADDRESS) for _ in range(3))
        name, end = rule._counter(ADDRESS, start)
    if backend == "redis":  # Redis expires keys by its own clock: this one must live to the hour's end
        key = cache.make_and_validate_key(f"ratelimit:{name}")
        left = cache._cache.get_client(key).ttl(key)  # type: ignore[attr-defined]
        assert abs(left - (end - timezone.now().timestamp())) <= 2
    with at(start + 5 * 60 + 1):
        assert rule.is_exceeded(ADDRESS)
        assert not rule.hit(ADDRESS)
    with at(start + 40 * 60):
        assert rule.count(ADDRESS) == 4
    with at(start + HOUR):
        assert not rule.is_exceeded(ADDRESS)
        assert rule.hit(ADDRESS)


def test_it_stores_no_time_finer_than_the_window(
    db: None, request: pytest.FixtureRequest, settings: SettingsWrapper
) -> None:
    """A database counter's expiry is the end of its window: it does not date the hit itself."""
    use_cache(request, settings, "database")
    rule = RateLimit("test", limit=3, window=HOUR)
    with at(1_800_000_000 + 1234):
        rule.hit(ADDRESS)
    assert list(RateCounter.objects.values_list("expires", flat=True)) == [
        1_800_000_000 // HOUR * HOUR + HOUR
    ]


def test_it_deletes_expired_counters(
    db: None, request: pytest.FixtureRequest, settings: SettingsWrapper
) -> None:
    """A window's counter is deleted once the window is over: by later hits, or by the daily prune."""
    use_cache(request, settings, "database")
    rule = RateLimit("test", limit=3, window=HOUR)
    start = 1_800_000_000 // HOUR * HOUR
    with at(start + 10):
        rule.hit(ADDRESS)
        rule.hit("198.51.100.43")
    with at(start + HOUR + 10):
        rule.hit(ADDRESS)
    assert list(RateCounter.objects.values_list("expires", flat=True)) == [start + 2 * HOUR]
    with at(start + 2 * HOUR):
        assert retention_prune()["rate_counters"] == 1  # what `jornada prune` runs
    assert not RateCounter.objects.exists()


def _hammer(rule: RateLimit, hits: int, threads: int) -> None:
    def work() -> None:
        try:
            for _ in range(hits):
                rule.hit(ADDRESS)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


@pytest.mark.parametrize("name", ["locmem", "redis"])
def test_it_counts_concurrent_hits_exactly(
    name: str, request: pytest.FixtureRequest, settings: SettingsWrapper
) -> None:
    """Hits arriving at once from many threads are all counted: no increment is lost."""
    use_cache(request, settings, name)
    rule = RateLimit("test", limit=10_000, window=HOUR)
    _hammer(rule, hits=50, threads=8)
    assert rule.count(ADDRESS) == 400


@pytest.mark.django_db(transaction=True)
def test_it_counts_concurrent_hits_exactly_in_the_database(
    request: pytest.FixtureRequest, settings: SettingsWrapper
) -> None:
    """On the database cache each hit is one atomic upsert, so concurrent requests lose nothing."""
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory test database locks whole tables; SQLite is tested with processes")
    use_cache(request, settings, "database")
    rule = RateLimit("test", limit=10_000, window=HOUR)
    _hammer(rule, hits=25, threads=6)
    assert rule.count(ADDRESS) == 150


HAMMER = """
import sys, django
django.setup()
from django.db import connection
from jornada.core.models import RateCounter
from jornada.core.ratelimit import RateLimit
if sys.argv[1] == "create":
    with connection.schema_editor() as editor:
        editor.create_model(RateCounter)
else:
    rule = RateLimit("test", limit=10_000, window=3600)
    for _ in range(int(sys.argv[1])):
        rule.hit("198.51.100.42")
"""


def test_it_counts_concurrent_hits_exactly_in_sqlite_from_many_processes(tmp_path: Path) -> None:
    """Several server processes hitting one SQLite database file (WAL) lose no increment."""
    database = tmp_path / "jornada.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jornada.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "JORNADA_CACHE_URL": "db://",
        "JORNADA_DATA_DIR": str(tmp_path / "data"),
    }

    def run(argument: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-c", HAMMER, argument], env=env, stderr=subprocess.PIPE)

    created = run("create")
    assert created.wait(timeout=60) == 0, created.stderr.read() if created.stderr else ""
    processes = [run("50") for _ in range(4)]
    for process in processes:
        assert process.wait(timeout=120) == 0, process.stderr.read() if process.stderr else ""
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("SELECT count FROM core_ratecounter").fetchall() == [(200,)]


def test_it_never_loses_a_live_counter_to_culling(
    backend: str, request: pytest.FixtureRequest, settings: SettingsWrapper
) -> None:
    """However full the cache gets, and however it culls, a client's count is kept."""
    use_cache(request, settings, backend, MAX_ENTRIES=5, CULL_FREQUENCY=0)  # 0: cull empties the cache
    rule = RateLimit("test", limit=3, window=HOUR)
    for _ in range(3):
        rule.hit(ADDRESS)
    for number in range(20):
        cache.set(f"page-{number}", "x" * 100)
    assert rule.is_exceeded(ADDRESS)


def test_it_never_keeps_the_address(backend: str) -> None:
    """Counters are named by a keyed hash: the address itself is stored nowhere."""
    RateLimit("test", limit=3, window=60).hit(ADDRESS)
    names = list(RateCounter.objects.values_list("name", flat=True)) if backend == "database" else []
    if backend == "locmem":
        names = list(ratelimit._memory._counts)
    if backend == "redis":
        names = [key.decode() for key in cache._cache.get_client().keys("*")]  # type: ignore[attr-defined]
    assert names
    assert not any(ADDRESS in name for name in names)
    assert any(pseudonym(ADDRESS, scope="test") in name for name in names)


def _files_containing(folder: Path, text: str) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file() and text.encode() in path.read_bytes()]


@pytest.mark.parametrize("name", ["locmem", "database"])
def test_it_keeps_the_key_in_memory_only_and_destroys_it_daily(
    name: str, request: pytest.FixtureRequest, settings: SettingsWrapper
) -> None:
    """The day's key is a private file in the memory-only runtime folder, never in the data folder
    or the cache; the next day it is replaced and the previous day's file is gone."""
    if name == "database":
        request.getfixturevalue("db")
    use_cache(request, settings, name)
    runtime = Path(settings.JORNADA_RUNTIME_DIR)
    data = Path(settings.DATA_DIR)
    assert data.resolve() not in (runtime.resolve(), *runtime.resolve().parents)
    today = timezone.now()
    with at(today.timestamp()):
        hashed = pseudonym(ADDRESS, scope="test")
    key_file = runtime / f"{ratelimit.KEY_FILE_PREFIX}{today.date().isoformat()}"
    key = key_file.read_text()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert _files_containing(data, key) == []
    assert key not in repr(cache.get_many([f"ratelimit:key:{today.date().isoformat()}"]))
    with at((today + dt.timedelta(days=1)).timestamp()):
        assert pseudonym(ADDRESS, scope="test") != hashed
    assert not key_file.exists()
    assert _files_containing(runtime, key) == []
    assert _files_containing(data, key) == []


def test_it_shares_one_key_between_processes(tmp_path: Path) -> None:
    """Processes that start together agree on the day's key: the first to write it wins."""
    day = dt.date(2030, 1, 2)
    keys: list[bytes] = []

    def load() -> None:
        keys.append(ratelimit._FileKeys(tmp_path).get(day))

    workers = [threading.Thread(target=load) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    ratelimit._FileKeys(tmp_path).destroy_before(day + dt.timedelta(days=1))
    assert len(keys) == 8
    assert len(set(keys)) == 1
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("mode", [0o755, 0o1777])
def test_it_refuses_a_runtime_folder_others_can_open(mode: int, tmp_path: Path) -> None:
    """A key folder that others may enter or write (someone made it first in /dev/shm) is refused."""
    folder = tmp_path / "run"
    folder.mkdir()
    folder.chmod(mode)
    with pytest.raises(ImproperlyConfigured, match="closed to everyone else"):
        ratelimit._FileKeys(folder).get(dt.date(2030, 1, 2))
    assert list(folder.iterdir()) == []


def test_it_keeps_the_key_in_redis_when_redis_is_the_cache(
    request: pytest.FixtureRequest, settings: SettingsWrapper
) -> None:
    """With Redis, the key lives there for the day (shared by every machine) and is deleted after."""
    use_cache(request, settings, "redis")
    runtime = sorted(Path(settings.JORNADA_RUNTIME_DIR).iterdir())
    today = timezone.now()
    client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
    name = cache.make_and_validate_key(f"ratelimit:key:{today.date().isoformat()}")
    with at(today.timestamp()):
        hashed = pseudonym(ADDRESS, scope="test")
    assert client.get(name)
    assert client.ttl(name) <= 24 * HOUR
    assert sorted(Path(settings.JORNADA_RUNTIME_DIR).iterdir()) == runtime
    with at((today + dt.timedelta(days=1)).timestamp()):
        assert pseudonym(ADDRESS, scope="test") != hashed
    assert client.get(name) is None


def test_it_counts_an_ipv6_client_by_its_64_network() -> None:
    """Every address of one /64 is one client; the next /64 is another; IPv4 stays per address."""
    assert client_bucket("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert client_bucket("2001:db8:1:2:ffff:ffff:ffff:ffff") == "2001:db8:1:2::/64"
    assert client_bucket("2001:db8:1:3::1") == "2001:db8:1:3::/64"
    assert client_bucket("::ffff:198.51.100.42") == ADDRESS
    assert client_bucket(ADDRESS) == ADDRESS
    assert client_bucket("198.51.100.43") != ADDRESS
    rule = RateLimit("test", limit=2, window=60)
    factory = RequestFactory()
    assert rule.hit_request(factory.get("/", REMOTE_ADDR="2001:db8:1:2::1"))
    assert rule.hit_request(factory.get("/", REMOTE_ADDR="2001:db8:1:2::2"))
    assert not rule.hit_request(factory.get("/", REMOTE_ADDR="2001:db8:1:2:dead:beef:0:3"))
    assert rule.hit_request(factory.get("/", REMOTE_ADDR="2001:db8:1:3::1"))


@override_settings(JORNADA_PROXY_COUNT=1)
def test_it_reads_the_client_address_from_the_trusted_proxy() -> None:
    """Behind one proxy, the address that proxy saw is used, not what the client claims."""
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.42"
    )
    assert client_address(request) == "198.51.100.42"


def test_it_ignores_forwarded_headers_without_a_proxy() -> None:
    """With no proxy configured, a client cannot pick its own address with X-Forwarded-For."""
    request = RequestFactory().get("/", REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == ADDRESS


@pytest.mark.django_db
def test_it_answers_429_in_the_worker_language() -> None:
    """The throttled page is a translated page, not a bare error."""
    client = Client()
    for _ in range(5):
        client.post("/en/staff/password/", {"email": "x@example.org"})
    response = client.post("/en/staff/password/", {"email": "x@example.org"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "setting"),
    [
        ("/en/alerts/?q=5551234567", "JORNADA_LOOKUPS_PER_HOUR"),
        ("/en/directory/?q=farms", "JORNADA_SEARCHES_PER_HOUR"),
    ],
)
def test_it_limits_look_ups_and_searches_generously(
    path: str, setting: str, settings: SettingsWrapper
) -> None:
    """The look-up and the directory search answer 429 once a client passes its hourly limit."""
    setattr(settings, setting, 3)
    client = Client()
    assert [client.get(path).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(path)
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert Client(REMOTE_ADDR="198.51.100.7").get(path).status_code == 200


@pytest.mark.django_db
def test_it_limits_the_api_generously(settings: SettingsWrapper) -> None:
    """Every API operation counts towards one hourly limit per client; past it, a JSON 429."""
    settings.JORNADA_API_REQUESTS_PER_HOUR = 3
    client = Client()
    paths = ["/api/v1/search?q=farms", "/api/v1/lookup?q=5551234567", "/api/v1/reviews"]
    assert [client.get(path).status_code for path in paths] == [200, 200, 200]
    refused = client.get("/api/v1/search?q=farms", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/json")
    body = refused.json()
    assert list(body) == ["errors"]
    assert body["errors"]["__all__"][0]["code"] == "throttled"
    assert "Too many requests" in body["errors"]["__all__"][0]["message"]
    assert int(refused["Retry-After"]) <= HOUR
