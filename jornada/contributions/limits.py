"""Limits on what anonymous visitors may send, and how often.

Rate limits use ``jornada.core.ratelimit.RateLimit``: the client is known only by a keyed hash
under a key that lives in memory and changes daily. The limits are per client address, and many
workers can share one (a labour camp's Wi-Fi, a mobile carrier's NAT), so they are generous.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jornada.core.ratelimit import RateLimit

# The largest request body a contribution form or the API accepts; a full review is < 20 KB.
MAX_BODY_BYTES = 64 * 1024
RECEIPT_ATTEMPTS_PER_HOUR = 30


def submission_rule() -> RateLimit:
    """New or edited contributions per client per hour (``JORNADA_CONTRIBUTIONS_PER_HOUR``)."""
    return RateLimit("contributions-submit", settings.JORNADA_CONTRIBUTIONS_PER_HOUR, 3600)


def receipt_rule() -> RateLimit:
    """Receipt codes tried per client per hour: 60-bit codes cannot be guessed at this pace."""
    return RateLimit("contributions-receipt", RECEIPT_ATTEMPTS_PER_HOUR, 3600)


def body_too_large(request: HttpRequest, limit: int = MAX_BODY_BYTES) -> bool:
    """Return True when the request announces (or has) a body over ``limit`` bytes."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > limit


def limit_body_to(limit: int) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Answer a form post over ``limit`` bytes with a translated 413 page before reading it."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and body_too_large(request, limit):
                return render(request, "contributions/too_large.html", status=413)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Every contribution form that takes text only.
limit_body = limit_body_to(MAX_BODY_BYTES)


def _sent_key(scope: str, nonce: str) -> str:
    return f"{scope}:sent:" + hashlib.sha256(nonce.encode()).hexdigest()


def already_sent(*, scope: str, nonce: str) -> bool:
    """Return True when the form carrying ``nonce`` was already accepted (a second tap on Send)."""
    return bool(nonce) and bool(cache.get(_sent_key(scope, nonce)))


def sent_mark(*, scope: str, nonce: str) -> None:
    """Remember that the form carrying ``nonce`` was accepted, until the end of tomorrow (UTC).

    The marker's expiry is the cache row's only time, so it ends on a day boundary: a copy of
    the cache dates the submission to its day, never to the second (24 to 48 hours of memory).
    """
    if not nonce:
        return
    now = timezone.now()
    end = dt.datetime.combine(now.astimezone(dt.UTC).date() + dt.timedelta(days=2), dt.time(), tzinfo=dt.UTC)
    cache.set(_sent_key(scope, nonce), 1, timeout=int((end - now).total_seconds()) + 1)
