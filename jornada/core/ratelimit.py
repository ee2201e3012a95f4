"""Rate limiting that never stores who a client is.

A client is known only by an HMAC of its address under a random key that exists only in the
cache and changes every day (UTC). Yesterday's counters cannot be linked to today's, and nothing
in the database, the logs or a backup can be turned back into an address.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

KEY_LIFETIME_SECONDS = 2 * 24 * 60 * 60


def client_address(request: HttpRequest) -> str:
    """Return the client's address as seen by the first trusted proxy, for hashing only."""
    proxies = settings.JORNADA_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def _daily_key() -> bytes:
    """Return today's HMAC key, creating it in the cache if no process has yet."""
    name = f"ratelimit:key:{timezone.now().date().isoformat()}"
    key = cache.get(name)
    if key is None:
        cache.add(name, secrets.token_hex(32), timeout=KEY_LIFETIME_SECONDS)
        key = cache.get(name)
    return bytes.fromhex(key)


def pseudonym(value: str, *, scope: str) -> str:
    """Return a keyed hash of ``value`` that is stable for today and unlinkable after."""
    message = f"{scope}\x00{value}".encode()
    return hmac.new(_daily_key(), message, hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` hits per ``window`` seconds for one subject within one scope."""

    scope: str
    limit: int
    window: int

    def _counter(self, subject: str) -> str:
        bucket = int(time.time() // self.window)
        return f"ratelimit:{self.scope}:{pseudonym(subject, scope=self.scope)}:{bucket}"

    def count(self, subject: str) -> int:
        return int(cache.get(self._counter(subject), 0))

    def is_exceeded(self, subject: str) -> bool:
        return self.count(subject) >= self.limit

    def hit(self, subject: str) -> bool:
        """Count one hit; return True while the subject is still within the limit."""
        counter = self._counter(subject)
        cache.add(counter, 0, timeout=self.window)
        try:
            value = cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.set(counter, 1, timeout=self.window)
            value = 1
        return value <= self.limit

    def reset(self, subject: str) -> None:
        cache.delete(self._counter(subject))

    def hit_request(self, request: HttpRequest) -> bool:
        return self.hit(client_address(request))

    def request_exceeded(self, request: HttpRequest) -> bool:
        return self.is_exceeded(client_address(request))


def too_many_requests(request: HttpRequest) -> HttpResponse:
    return render(request, "core/errors/429.html", status=429)


def ratelimit(
    scope: str, *, limit: int, window: int, methods: tuple[str, ...] = ("POST",)
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Refuse a view with a translated 429 page once a client exceeds the limit."""
    rule = RateLimit(scope, limit, window)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods and not rule.hit_request(request):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
