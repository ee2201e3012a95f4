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


class JornadaAPI(NinjaAPI):
    """The API, whose schema also documents the answers every operation can give."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        errors = ErrorsOut.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in errors.pop("$defs", {}).items():
            components.setdefault(name, definition)
        components.setdefault("ErrorsOut", errors)
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                answers = operation.setdefault("responses", {})
                answers.setdefault(429, EVERY_OPERATION[429])
                answers.setdefault(414, EVERY_OPERATION[414])
                if operation.get("security"):
                    answers.setdefault(401, STAFF_OPERATION[401])
                    if method.lower() not in ("get", "head", "options"):
                        answers.setdefault(403, STAFF_OPERATION[403])
        return schema


api = JornadaAPI(
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

from jornada.core.api_errors import (  # noqa: E402
    ErrorsOut,
    not_found_message,
    throttled_message,
    validation_message,
)

# Answers any operation can give, whatever it does: documented on each one.
EVERY_OPERATION: dict[int, Any] = {
    429: {
        "description": "Too many requests from this connection: wait, then try again.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorsOut"}}},
    },
    414: {"description": "The address (path and query) is longer than the server reads (about 4 KB)."},
}
# Answers of every staff operation (``auth=staff_session``), before the operation runs.
STAFF_OPERATION: dict[int, Any] = {
    401: {"description": "No staff session with a confirmed second factor: sign in on the site first."},
    403: {"description": "A write without the CSRF token of the staff session (the X-CSRFToken header)."},
}
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
from jornada.cases.api import router as cases_router  # noqa: E402

api.add_router("/staff/cases", cases_router)
from jornada.intake.api import router as intake_router  # noqa: E402

api.add_router("/intake", intake_router)
from jornada.cases.api_tasks import router as case_tasks_router  # noqa: E402

api.add_router("/", case_tasks_router)
from jornada.intake.api_staff import router as intake_staff_router  # noqa: E402

api.add_router("/staff/intake", intake_staff_router)
from jornada.evidence.api import router as evidence_router  # noqa: E402

api.add_router("/evidence", evidence_router)
from jornada.protocols.api import router as protocols_router  # noqa: E402

api.add_router("/", protocols_router)
from jornada.referrals.api import router as referrals_router  # noqa: E402

api.add_router("/staff/referrals", referrals_router)
from jornada.outreach.api import router as outreach_router  # noqa: E402

api.add_router("/events", outreach_router)
from jornada.network.api import router as network_router  # noqa: E402

api.add_router("/hsds", network_router)


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


def hsds_urls() -> tuple[list[Any], str, str]:
    """The HSDS operations again at the site root (/hsds/...), where HSDS clients look for them.

    The same views as under /api/v1/hsds/ (same answers, limits and errors); the OpenAPI schema
    documents them once, under /api/v1/.
    """
    patterns = [pattern for pattern in api.urls[0] if str(pattern.pattern).startswith("hsds/")]
    return _mark_system(patterns), "hsds", "hsds"
