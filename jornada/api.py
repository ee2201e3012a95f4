"""The public JSON API under /api/v1/, with its OpenAPI schema at /api/v1/openapi.json.

Each app adds its own router here. There is no interactive documentation page: the usual one
loads scripts from a CDN, which the site's privacy promise and CSP rule out.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

api = NinjaAPI(
    title="Jornada API",
    version="1",
    description=(
        "Public, read-mostly data from Jornada: US Department of Labor records on H-2A and H-2B "
        "employers and recruiters, and what workers report. Responses follow the language of "
        "the Accept-Language header (Spanish by default, English)."
    ),
    docs_url=None,
    openapi_url="/openapi.json",
    urls_namespace="api",
)

# --- Each app's router: one line each ------------------------------------------------------------
from jornada.reviews.api import router as reviews_router  # noqa: E402 (needs ``api`` above)

api.add_router("/reviews", reviews_router)


def _mark_system(patterns: list[Any]) -> list[Any]:
    """Declare every API view a system endpoint, for the URL-walking access tests."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _mark_system(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback.jornada_audience = "system"  # type: ignore[attr-defined]
    return patterns


def urls() -> tuple[list[Any], str, str]:
    patterns, app_name, namespace = api.urls
    return _mark_system(list(patterns)), app_name, namespace
