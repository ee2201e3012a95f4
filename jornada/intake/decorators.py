"""What every page of the request-for-help flow shares: public, never stored by anyone.

``intake_page`` marks a worker-facing page (``public_page``) and makes its answer
``Cache-Control: no-store`` (no browser, proxy or service worker keeps a copy). Its referrer
policy is the site's: ``no-referrer``, or ``same-origin`` on pages with a form (set by
``SecurityHeadersMiddleware``, since CSRF protection refuses a form posted with no origin);
either way the neutral site a worker leaves for learns nothing, and the exit link is
``rel=noreferrer`` as well.
"""

from __future__ import annotations

from functools import wraps
from typing import Any, cast

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers

from jornada.core.access import View, public_page


def no_trace(response: HttpResponseBase) -> HttpResponseBase:
    """Make ``response`` one that nothing on the way or on the phone keeps."""
    add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
    return response


def intake_page(view: View) -> View:
    """Mark ``view`` as a page of the request-for-help flow (see the module's docstring)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return no_trace(view(request, *args, **kwargs))

    return cast(View, public_page(wrapped))
