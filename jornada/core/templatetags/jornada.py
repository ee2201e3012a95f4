"""Formatting for readers: money, periods and counts in the reader's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def money(value: Decimal | float | int | None) -> str:
    """``12400`` → "$12,400"; ``11.46`` → "$11.46" (in Spanish too: Mexican convention)."""
    if value is None:
        return ""
    amount = Decimal(str(value))
    places = 0 if amount == amount.to_integral_value() else 2
    return "$" + formats.number_format(amount, places, use_l10n=True, force_grouping=True)


@register.filter
def number(value: int | None) -> str:
    """A whole number with the thousands separator of the reader's language."""
    if value is None:
        return ""
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)


@register.simple_tag
def period(begin: dt.date | None, end: dt.date | None) -> str:
    """ "abril–octubre 2017", "noviembre 2017–marzo 2018", or one month, or nothing."""
    if not begin and not end:
        return ""
    if begin is None or end is None:
        return formats.date_format(cast(dt.date, begin or end), "F Y")
    if (begin.year, begin.month) == (end.year, end.month):
        return formats.date_format(begin, "F Y")
    if begin.year == end.year:
        return _("%(start)s–%(end)s %(year)s") % {
            "start": formats.date_format(begin, "F"),
            "end": formats.date_format(end, "F"),
            "year": begin.year,
        }
    return _("%(start)s–%(end)s") % {
        "start": formats.date_format(begin, "F Y"),
        "end": formats.date_format(end, "F Y"),
    }
