"""The public JSON API under /api/v1/, with its OpenAPI schema at /api/v1/openapi.json.

Each app adds its own router here. There is no interactive documentation page: the usual one
loads scripts from a CDN, which the site's privacy promise and CSP rule out.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.errors import Throttled, ValidationError
from ninja.throttling import BaseThrottle

from jornada.core.ratelimit import RateLimit


def api_rule() -> RateLimit:
    """Requests per client per hour to any operation (``JORNADA_API_REQUESTS_PER_HOUR``)."""
    return RateLimit("api", settings.JORNADA_API_REQUESTS_PER_HOUR, 3600)


class ClientThrottle(BaseThrottle):
    """Count every API request against the client's hourly limit, kept like every rate limit."""

    def allow_request(self, request: HttpRequest) -> bool:
        return api_rule().hit_request(request)

    def wait(self) -> float:
        return api_rule().seconds_left()


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
    throttle=ClientThrottle(),
)

from jornada.core.api_errors import not_found_message, throttled_message, validation_message  # noqa: E402
from jornada.directory.api import router as directory_router  # noqa: E402 - routers need the api

api.add_router("/", directory_router)


@api.exception_handler(ValidationError)
def validation_errors(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Bad input answers 422 with, per field, a code and a message in the request's language."""
    errors: dict[str, list[dict[str, str]]] = {}
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", ()) if part not in ("query", "body", "path", "payload")
        ]
        field = ".".join(location) or "__all__"
        errors.setdefault(field, []).append(
            {"code": str(error.get("type", "invalid")), "message": validation_message(error)}
        )
    return api.create_response(request, {"errors": errors}, status=422)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    """Past the hourly limit: 429 in the shape of every other API error (Retry-After is added)."""
    body = {"errors": {"__all__": [{"code": "throttled", "message": throttled_message()}]}}
    return api.create_response(request, body, status=429)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": not_found_message()}, status=404)


# --- Each app's router: one line each ------------------------------------------------------------
from jornada.reviews.api import router as reviews_router  # noqa: E402 (needs ``api`` above)

api.add_router("/reviews", reviews_router)
from jornada.alerts.api import router as alerts_router  # noqa: E402

api.add_router("/", alerts_router)


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
