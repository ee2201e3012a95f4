"""Coarse time: a contribution keeps only the month it arrived, shown as a season and year."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Season(models.TextChoices):
    SPRING = "spring", _("Spring")
    SUMMER = "summer", _("Summer")
    AUTUMN = "autumn", _("Autumn")
    WINTER = "winter", _("Winter")


_SEASON_OF_MONTH = {
    12: Season.WINTER,
    1: Season.WINTER,
    2: Season.WINTER,
    3: Season.SPRING,
    4: Season.SPRING,
    5: Season.SPRING,
    6: Season.SUMMER,
    7: Season.SUMMER,
    8: Season.SUMMER,
    9: Season.AUTUMN,
    10: Season.AUTUMN,
    11: Season.AUTUMN,
}


def month_start(day: dt.date) -> dt.date:
    """Return the first day of ``day``'s month."""
    return day.replace(day=1)


def current_month() -> dt.date:
    """Return the first day of this month in the site's time zone: all a contribution keeps."""
    return month_start(timezone.localdate())


def months_before(month: dt.date, count: int) -> dt.date:
    """Return the first day of the month ``count`` months before ``month``."""
    index = month.year * 12 + (month.month - 1) - count
    return dt.date(index // 12, index % 12 + 1, 1)


def season_of(month: dt.date) -> Season:
    return _SEASON_OF_MONTH[month.month]


def season_label(month: dt.date) -> str:
    """Return "Summer 2026" (translated) for any day of that season."""
    return _("%(season)s %(year)d") % {"season": season_of(month).label, "year": month.year}


def week_start(moment: dt.datetime | dt.date) -> dt.date:
    """Return the Monday of ``moment``'s week (UTC): the finest public time of a contribution's news."""
    day = moment.astimezone(dt.UTC).date() if isinstance(moment, dt.datetime) else moment
    return day - dt.timedelta(days=day.weekday())
