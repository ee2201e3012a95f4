"""``{% trusted_for_intake %}`` and ``{% trusted_for_case %}``: the organisation's trusted partners, best fit first.

Staff pages of other apps include these to offer the organisation's own list before anything else.
"""

from __future__ import annotations

from typing import Any

from django import template

from jornada.network.selectors import trusted_referrals

register = template.Library()
SHOWN = 5


@register.inclusion_tag("network/includes/trusted_first.html")
def trusted_for_intake(organisation: Any, intake: Any) -> dict[str, Any]:
    """The organisation's trusted partners for the request's categories and place."""
    entries = trusted_referrals(organisation, topics=list(intake.categories or []), place=intake.place or "")
    return {"entries": entries[:SHOWN], "organisation": organisation}


@register.inclusion_tag("network/includes/trusted_first.html")
def trusted_for_case(case: Any) -> dict[str, Any]:
    """The case organisation's trusted partners for the case's categories (a case records no place)."""
    codes = list(case.categories.values_list("category__code", flat=True))
    entries = trusted_referrals(case.organisation, topics=codes)
    return {"entries": entries[:SHOWN], "organisation": case.organisation}
