"""Links on the staff home page for moderators and employer representatives."""

from __future__ import annotations

from typing import Any

from django import template

from jornada.reviews import selectors

register = template.Library()


@register.simple_tag
def employer_claims(user: Any) -> list[Any]:
    """Return the verified claims of a signed-in user (empty for everyone else)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(selectors.verified_claims(user))
