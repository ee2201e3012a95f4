"""Whole public pages kept for anonymous visitors until the data they show changes.

A worker-facing page that shows the same thing to every visitor (a directory profile, say) can
be rendered once and served from the cache to everyone who comes without a session, until a
*generation* it depends on is renewed (``core.generations``). What is kept is only the HTML
body and its content type: headers set by middleware (language, security policy, Vary) are
added afresh on every response.

A page is never kept, nor served from the cache, when it could hold something of one visitor:
a session or flash-message cookie on the request, a cookie or a CSRF token on the response, a
status other than 200, or a query string other than the one the key was built for (the language
switch copies the query string into its links, so a kept page would hand one visitor's
parameters to the next).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from jornada.core import generations

# A backstop for writes that do not renew a generation (the Django admin's plain edit forms).
KEPT_SECONDS = 10 * 60


def _anonymous(request: HttpRequest, query: str) -> bool:
    return (
        request.method == "GET"
        and request.META.get("QUERY_STRING", "") == query
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def kept_page(
    request: HttpRequest,
    names: Sequence[str],
    key: str,
    render: Callable[[], HttpResponse],
    *,
    query: str = "",
) -> HttpResponse:
    """Serve the page kept under ``key`` and the generations ``names``, or ``render()`` it.

    ``key`` must name everything the page varies by apart from those generations (the record,
    the page number, the language); ``query`` is the only query string served from the cache.
    """
    if not _anonymous(request, query):
        return render()
    full_key = generations.keyed(names, f"page:{key}?{query}")
    kept = generations.kept(full_key)
    if isinstance(kept, tuple) and len(kept) == 2:
        content, content_type = kept
        return HttpResponse(content, content_type=content_type)
    response = render()
    if _shareable(request, response):
        cache.set(full_key, (response.content, response["Content-Type"]), timeout=KEPT_SECONDS)
    return response
