"""Rate limiting that never stores who a client is.

A client is known only by an HMAC of its address (an IPv6 client by its /64 network) under a
random key that changes every day (UTC). The key is never written to the database, the data
folder or the cache table: each process holds it in memory, and the processes of one machine
share it through a file in a memory-only directory (``JORNADA_RUNTIME_DIR``, a tmpfs), or through
Redis when the cache is Redis (which must run without persistence). At the change of day the
previous key is deleted, so neither yesterday's counters nor any backup can be linked back to
an address.

Counters count hits in fixed windows aligned to multiples of their length, so nothing stored
dates a hit more finely than its window. Each keeps its whole window and is increased
atomically: in its own table (``RateCounter``) with the database cache, with INCR on Redis, and
under a lock in process memory otherwise (development and tests only). No cache culling can
reach them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import ipaddress
import os
import secrets
import stat
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import connections, router
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

KEY_FILE_PREFIX = "ratelimit-key-"
PRUNE_EVERY_SECONDS = 60


def client_bucket(address: str) -> str:
    """Return what a client is counted as: an IPv4 address, or an IPv6 address's /64 network.

    One IPv6 subscriber usually holds a whole /64 and can pick any address in it.
    """
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))
    return str(ip)


def client_address(request: HttpRequest) -> str:
    """Return the client as the first trusted proxy saw it, bucketed, for hashing only."""
    address = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.JORNADA_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    return client_bucket(address)


def _now() -> float:
    return timezone.now().timestamp()


# --- The daily key ------------------------------------------------------------------------------


class _KeyStore(Protocol):
    def get(self, day: dt.date) -> bytes: ...

    def destroy_before(self, day: dt.date) -> None: ...


class _FileKeys:
    """One key file per day in a memory-only directory, shared by the processes of one machine."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, day: dt.date) -> Path:
        return self.directory / f"{KEY_FILE_PREFIX}{day.isoformat()}"

    def _check_private(self) -> None:
        """Refuse a folder another account could have made: in /dev/shm anyone may create it first."""
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = os.stat(self.directory, follow_symlinks=False)
        if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.geteuid() or status.st_mode & 0o077:
            raise ImproperlyConfigured(
                f"JORNADA_RUNTIME_DIR={str(self.directory)!r} must be a folder owned by this account "
                "and closed to everyone else (mode 0700)."
            )

    def get(self, day: dt.date) -> bytes:
        self._check_private()
        path = self._path(day)
        if not path.exists():
            # Written whole under a temporary name, then linked: a reader never sees half a key,
            # and when two processes race, the first link wins and both read the winner's key.
            descriptor, temporary = tempfile.mkstemp(dir=self.directory, prefix=".new-")  # mode 0600
            try:
                with os.fdopen(descriptor, "w", encoding="ascii") as new:
                    new.write(secrets.token_hex(32))
                with contextlib.suppress(FileExistsError):
                    os.link(temporary, path)
            finally:
                os.unlink(temporary)
        return bytes.fromhex(path.read_text(encoding="ascii"))

    def destroy_before(self, day: dt.date) -> None:
        for path in self.directory.glob(f"{KEY_FILE_PREFIX}*"):
            try:
                older = dt.date.fromisoformat(path.name.removeprefix(KEY_FILE_PREFIX)) < day
            except ValueError:
                continue
            if older:
                path.unlink(missing_ok=True)


class _RedisKeys:
    """The day's key in Redis, shared by every machine, expiring when the day ends."""

    def _name(self, day: dt.date) -> str:
        return cache.make_and_validate_key(f"ratelimit:key:{day.isoformat()}")

    def get(self, day: dt.date) -> bytes:
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        name = self._name(day)
        new = secrets.token_hex(32)
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        client.set(name, new, nx=True, exat=int(end.timestamp()))
        stored = client.get(name)
        return bytes.fromhex(stored.decode() if stored else new)

    def destroy_before(self, day: dt.date) -> None:
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        client.delete(self._name(day - dt.timedelta(days=1)))


def _uses_redis() -> bool:
    return str(settings.CACHES["default"]["BACKEND"]).endswith(".RedisCache")


def _key_store() -> _KeyStore:
    if _uses_redis():
        return _RedisKeys()
    return _FileKeys(Path(settings.JORNADA_RUNTIME_DIR))


@dataclass
class _HeldKey:
    day: dt.date | None = None
    key: bytes = b""


_held = _HeldKey()
_held_lock = threading.Lock()


def _daily_key() -> bytes:
    """Return today's HMAC key, held in memory; on a new day, load it and destroy older ones."""
    today = dt.datetime.fromtimestamp(_now(), tz=dt.UTC).date()
    with _held_lock:
        if _held.day != today:
            store = _key_store()
            _held.key = store.get(today)
            _held.day = today
            store.destroy_before(today)
        return _held.key


def pseudonym(value: str, *, scope: str) -> str:
    """Return a keyed hash of ``value`` that is stable for today and unlinkable after."""
    message = f"{scope}\x00{value}".encode()
    return hmac.new(_daily_key(), message, hashlib.sha256).hexdigest()[:32]


# --- Counters ------------------------------------------------------------------------------------


class _Counters(Protocol):
    def hit(self, name: str, *, expires: int, now: float) -> int: ...

    def count(self, name: str, *, now: float) -> int: ...

    def reset(self, name: str) -> None: ...

    def prune(self, *, now: float) -> int: ...


class _MemoryCounters:
    """Counters in this process's memory: for development and tests, where there is one process."""

    def __init__(self) -> None:
        self._counts: dict[str, tuple[int, int]] = {}  # name -> (count, expires)
        self._lock = threading.Lock()
        self._pruned = 0.0

    def hit(self, name: str, *, expires: int, now: float) -> int:
        if now - self._pruned >= PRUNE_EVERY_SECONDS:
            self.prune(now=now)
        with self._lock:
            count, _ = self._counts.get(name, (0, expires))
            self._counts[name] = (count + 1, expires)
            return count + 1

    def count(self, name: str, *, now: float) -> int:
        with self._lock:
            count, expires = self._counts.get(name, (0, 0))
            return count if expires > now else 0

    def reset(self, name: str) -> None:
        with self._lock:
            self._counts.pop(name, None)

    def prune(self, *, now: float) -> int:
        with self._lock:
            before = len(self._counts)
            self._counts = {key: entry for key, entry in self._counts.items() if entry[1] > now}
            self._pruned = now
            return before - len(self._counts)

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()


class _DatabaseCounters:
    """Counters in their own table, increased by one atomic upsert (SQLite 3.35+, PostgreSQL)."""

    def __init__(self) -> None:
        self._pruned = 0.0

    @staticmethod
    def _model() -> Any:
        from jornada.core.models import RateCounter  # this module is imported before apps are ready

        return RateCounter

    def hit(self, name: str, *, expires: int, now: float) -> int:
        model = self._model()
        if now - self._pruned >= PRUNE_EVERY_SECONDS:
            self.prune(now=now)
        connection = connections[router.db_for_write(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (name, count, expires) VALUES (%s, 1, %s) "  # noqa: S608 - a model's table
                f"ON CONFLICT (name) DO UPDATE SET count = {table}.count + 1 RETURNING count",
                [name, expires],
            )
            row = cursor.fetchone()
        return int(row[0])

    def count(self, name: str, *, now: float) -> int:
        model = self._model()
        counter = model.objects.filter(name=name, expires__gt=now).values_list("count", flat=True).first()
        return int(counter or 0)

    def reset(self, name: str) -> None:
        self._model().objects.filter(name=name).delete()

    def prune(self, *, now: float) -> int:
        self._pruned = now
        deleted, _ = self._model().objects.filter(expires__lte=now).delete()
        return deleted


class _RedisCounters:
    """Counters in Redis: INCR and EXPIREAT (the window's end) in one MULTI transaction."""

    def _client_and_key(self, name: str) -> tuple[Any, str]:
        key = cache.make_and_validate_key(f"ratelimit:{name}")
        return cache._cache.get_client(key, write=True), key  # type: ignore[attr-defined]

    def hit(self, name: str, *, expires: int, now: float) -> int:
        client, key = self._client_and_key(name)
        pipeline = client.pipeline(transaction=True)
        pipeline.incr(key)
        pipeline.expireat(key, expires)
        count, _ = pipeline.execute()
        return int(count)

    def count(self, name: str, *, now: float) -> int:
        client, key = self._client_and_key(name)
        return int(client.get(key) or 0)

    def reset(self, name: str) -> None:
        client, key = self._client_and_key(name)
        client.delete(key)

    def prune(self, *, now: float) -> int:
        """Nothing to do: Redis deletes each counter at the end of its window (EXPIREAT)."""
        return 0


_memory = _MemoryCounters()
_store: _Counters | None = None


def counters() -> _Counters:
    """The counter store that goes with the configured cache (see ``JORNADA_CACHE_URL``)."""
    global _store
    if _store is None:
        backend = str(settings.CACHES["default"]["BACKEND"])
        if backend.endswith(".DatabaseCache"):
            _store = _DatabaseCounters()
        elif backend.endswith(".RedisCache"):
            _store = _RedisCounters()
        else:
            _store = _memory
    return _store


def prune() -> int:
    """Delete expired counters and destroy keys of past days, even when no request came (daily task).

    Returns how many counters were deleted.
    """
    _daily_key()
    return counters().prune(now=_now())


def forget_process_state() -> None:
    """Drop the held key and the chosen store (tests switch caches; memory counters are emptied)."""
    global _store
    with _held_lock:
        _held.day, _held.key = None, b""
    _store = None
    _memory.clear()


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in ("CACHES", "JORNADA_RUNTIME_DIR"):
        forget_process_state()


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` hits per ``window`` seconds for one subject within one scope."""

    scope: str
    limit: int
    window: int

    def _counter(self, subject: str, now: float) -> tuple[str, int]:
        """The counter's name and the end of its window (a multiple of the window)."""
        bucket = int(now // self.window)
        name = f"{self.scope}:{pseudonym(subject, scope=self.scope)}:{bucket}"
        return name, (bucket + 1) * self.window

    def count(self, subject: str) -> int:
        now = _now()
        name, _ = self._counter(subject, now)
        return counters().count(name, now=now)

    def is_exceeded(self, subject: str) -> bool:
        return self.count(subject) >= self.limit

    def hit(self, subject: str) -> bool:
        """Count one hit; return True while the subject is still within the limit."""
        now = _now()
        name, expires = self._counter(subject, now)
        return counters().hit(name, expires=expires, now=now) <= self.limit

    def reset(self, subject: str) -> None:
        name, _ = self._counter(subject, _now())
        counters().reset(name)

    def seconds_left(self) -> float:
        """Seconds until the current window ends and every count starts again."""
        return self.window - _now() % self.window

    def hit_request(self, request: HttpRequest) -> bool:
        return self.hit(client_address(request))

    def request_exceeded(self, request: HttpRequest) -> bool:
        return self.is_exceeded(client_address(request))


def too_many_requests(request: HttpRequest) -> HttpResponse:
    return render(request, "core/errors/429.html", status=429)


def limited_by(
    rule: Callable[[], RateLimit], *, methods: tuple[str, ...] = ("POST",)
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Refuse a view with a translated 429 page once a client exceeds ``rule()`` (read per request)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods and not rule().hit_request(request):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def ratelimit(
    scope: str, *, limit: int, window: int, methods: tuple[str, ...] = ("POST",)
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Refuse a view with a translated 429 page once a client exceeds a fixed limit."""
    rule = RateLimit(scope, limit, window)
    return limited_by(lambda: rule, methods=methods)
