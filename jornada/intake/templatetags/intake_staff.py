"""Template helpers of the staff intake pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def options(form: Any, name: str) -> list[tuple[str, str, bool]]:
    """Return ``form``'s choices for field ``name`` as (value, label, selected)."""
    return list(form.options(name))
