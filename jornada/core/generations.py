"""Generation tokens: forget a whole family of cached values at once, across servers.

A cache key built with ``current("directory")`` is valid until ``renew("directory")`` draws a
new token (after the write that changed the data commits); older keys are then never read again
and expire on their own. The token lives in the shared cache, so every app server sees it; if
the cache loses it, a new one is drawn, which only costs a re-render.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import transaction


def _key(name: str) -> str:
    return f"generation:{name}"


def current(name: str) -> str:
    token = cache.get(_key(name))
    if token is None:
        cache.add(_key(name), secrets.token_hex(6), timeout=None)
        token = cache.get(_key(name)) or "uncached"
    return str(token)


def renew(name: str) -> None:
    """Forget every value cached under ``name``'s current token, once this transaction commits."""
    transaction.on_commit(lambda: cache.set(_key(name), secrets.token_hex(6), timeout=None))
