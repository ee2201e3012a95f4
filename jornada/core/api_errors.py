"""Translated messages for the API's validation errors (pydantic reports them in English)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def validation_message(error: dict[str, Any]) -> str:
    """A translated sentence for one pydantic validation error."""
    context = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
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
