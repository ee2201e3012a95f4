"""Generation tokens: forget a whole family of cached values at once, across servers.

A cache key built with ``current("directory")`` is valid until ``renew("directory")`` draws a
new token (after the write that changed the data commits); older keys are then never read again
and expire on their own. The token lives in the shared cache, so every app server sees it; if
the cache loses it, a new one is drawn, which only costs a re-render.
"""

from __future__ import annotations

import pickle
import secrets
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")


def _key(name: str) -> str:
    return f"generation:{name}"


def current(name: str) -> str:
    token = cache.get(_key(name))
    if token is None:
        cache.add(_key(name), secrets.token_hex(6), timeout=None)
        token = cache.get(_key(name)) or "uncached"
    return str(token)


def renew(name: str, *, now: bool = False) -> None:
    """Forget every value cached under ``name``'s current token, once this transaction commits.

    ``now`` renews it at once as well, so the rest of this transaction (an after-commit step
    registered before this one, say) reads fresh values; the renewal after commit still
    forgets what another process cached from the old data in between.
    """
    if now:
        cache.set(_key(name), secrets.token_hex(6), timeout=None)
    transaction.on_commit(lambda: cache.set(_key(name), secrets.token_hex(6), timeout=None))


def keyed(names: str | Sequence[str], key: str) -> str:
    """``key`` under the current generation of every name: a new token for any of them makes a new key."""
    names = (names,) if isinstance(names, str) else tuple(names)
    # One round trip for every token (a kept profile depends on four), drawing any that is missing.
    found = cache.get_many([_key(name) for name in names])
    tokens = [str(found[_key(name)]) if _key(name) in found else current(name) for name in names]
    return f"{'+'.join(names)}:{':'.join(tokens)}:{key}"


def kept(full_key: str) -> object | None:
    """The value kept under ``full_key``, or None. One kept by an older release, whose classes have
    changed since a deploy, is None too rather than an error."""
    try:
        return cache.get(full_key)
    except (AttributeError, ImportError, TypeError, pickle.UnpicklingError):
        return None


def cached(names: str | Sequence[str], key: str, make: Callable[[], T], *, seconds: int) -> T:
    """Return ``make()``'s value kept under the current generation of ``names``, making it if need be.

    ``seconds`` is a backstop for writes that do not renew the generation. ``make`` may raise
    (``Http404``): nothing is kept then.
    """
    full_key = keyed(names, key)
    value: T | None = kept(full_key)  # type: ignore[assignment]
    if value is None:
        value = make()
        cache.set(full_key, value, timeout=seconds)
    return value
