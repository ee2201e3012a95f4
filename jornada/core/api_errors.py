"""The API's error answers: their schemas, and translated messages for validation errors.

Every error body is one of two shapes, documented on every operation that can answer it:
``{"errors": {field: [{"code", "message"}]}}`` (400, 413, 422, 429) and ``{"detail"}`` (404).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Schema


class ErrorItem(Schema):
    code: str
    message: str


class ErrorsOut(Schema):
    """What was wrong, per field ("__all__" for the request as a whole), in the request's language."""

    errors: dict[str, list[ErrorItem]]


class NotFoundOut(Schema):
    detail: str


def responses(ok: Any, *, not_found: bool = False, invalid: bool = True) -> dict[int, Any]:
    """The documented answers of a read operation: ``ok`` for 200, and the errors it can give.

    404 when a path names something that may not exist, 422 when it takes parameters. 429 and
    414 hold for every operation and are added to the whole schema (``jornada.api``).
    """
    answers: dict[int, Any] = {200: ok}
    if not_found:
        answers[404] = NotFoundOut
    if invalid:
        answers[422] = ErrorsOut
    return answers


def error_code(error: dict[str, Any]) -> str:
    """The code of one pydantic validation error, named as the web forms name theirs."""
    kind = str(error.get("type", "invalid"))
    if kind == "extra_forbidden":
        return "unknown_field"
    if kind == "missing":
        return "required"
    return kind


def validation_message(error: dict[str, Any]) -> str:
    """A translated sentence for one pydantic validation error."""
    context = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind == "extra_forbidden":
        return _("This is not a field of this request.")
    if kind == "enum" or kind == "literal_error":
        return _("Use one of the values the schema lists.")
    if kind in ("string_type", "int_type", "model_type", "dict_type") and "ctx" not in error:
        return _("This value has the wrong type (see the schema).")
    if kind == "string_pattern_mismatch":
        return _("This value is not in the expected form.")
    if kind == "string_too_long":
        limit = int(context.get("max_length", 0))
        return ngettext("Use at most %(limit)d character.", "Use at most %(limit)d characters.", limit) % {
            "limit": limit
        }
    if kind == "string_too_short":
        limit = int(context.get("min_length", 0))
        return ngettext("Use at least %(limit)d character.", "Use at least %(limit)d characters.", limit) % {
            "limit": limit
        }
    if kind in ("greater_than_equal", "greater_than"):
        return _("Use a number of at least %(limit)s.") % {"limit": context.get("ge", context.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("Use a number of at most %(limit)s.") % {"limit": context.get("le", context.get("lt"))}
    if kind.startswith("int_") or kind.startswith("decimal_") or kind.startswith("float_"):
        return _("Use a number.")
    if kind.startswith("date"):
        return _("Use a date written as YYYY-MM-DD.")
    return _("This value is not accepted.")


def not_found_message() -> str:
    return _("Not found.")


def throttled_message() -> str:
    return _("Too many requests from this connection. Wait a while, then try again.")
