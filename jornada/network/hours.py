"""Opening hours from HSDS schedules (iCalendar recurrences): "open now" and a short text."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.formats import time_format
from django.utils.translation import gettext as _

from jornada.network.models import Frequency, Schedule, Weekday

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Read once: enum look-ups cost more than the rest of a result.
DAY_LABELS = dict(Weekday.choices)
MONTHLY = str(Frequency.MONTHLY)


def _rule_days(byday: str) -> list[tuple[int | None, str]]:
    """Return BYDAY as (ordinal or None, day code) pairs: "2SA,-1FR" is [(2, "SA"), (-1, "FR")]."""
    parts: list[tuple[int | None, str]] = []
    for part in byday.replace(" ", "").split(","):
        if len(part) < 2 or part[-2:] not in DAY_LABELS:
            continue
        ordinal = part[:-2]
        parts.append((int(ordinal) if ordinal.lstrip("+-").isdigit() else None, part[-2:]))
    return parts


def _matches_day(schedule: Schedule, moment: datetime) -> bool:
    """Return True when ``moment``'s date is one of the rule's days (MONTHLY: "2SA", "-1FR")."""
    day = DAYS[moment.weekday()]
    from_start = (moment.day - 1) // 7 + 1
    from_end = (calendar.monthrange(moment.year, moment.month)[1] - moment.day) // 7 + 1
    for ordinal, code in _rule_days(schedule.byday) or [(None, day)]:
        if code != day:
            continue
        if schedule.freq != MONTHLY or ordinal is None:
            return True
        if ordinal == from_start or -ordinal == from_end:
            return True
    return False


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def open_now(schedules: Iterable[Schedule], *, timezone_name: str, now: datetime) -> bool | None:
    """Return True if any schedule is open at ``now``, False if none is, None without schedules."""
    local = now.astimezone(zone(timezone_name))
    known = False
    for schedule in schedules:
        if schedule.opens_at is None or schedule.closes_at is None:
            continue
        known = True
        if schedule.valid_from and local.date() < schedule.valid_from:
            continue
        if schedule.valid_to and local.date() > schedule.valid_to:
            continue
        if (
            _matches_day(schedule, local)
            and schedule.opens_at <= local.time().replace(tzinfo=None) < schedule.closes_at
        ):
            return True
    return False if known else None


def hours_text(schedule: Schedule) -> str:
    """Return one schedule as a short line in the active language ("Mon, Tue 9:00–17:00")."""
    if schedule.description and (schedule.opens_at is None or schedule.closes_at is None):
        return schedule.description
    labels = DAY_LABELS
    days = []
    for ordinal, code in _rule_days(schedule.byday):
        name = str(labels[code])
        days.append(
            _("%(ordinal)s %(day)s of the month") % {"ordinal": ordinal, "day": name} if ordinal else name
        )
    times = ""
    if schedule.opens_at and schedule.closes_at:
        times = _("%(opens)s to %(closes)s") % {
            "opens": time_format(schedule.opens_at, "H:i"),
            "closes": time_format(schedule.closes_at, "H:i"),
        }
    return " ".join(part for part in (", ".join(days), times) if part)
