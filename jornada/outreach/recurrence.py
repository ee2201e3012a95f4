"""Time zones and recurrence rules: what staff type, checked before anything is saved or published.

A recurrence is an iCalendar RRULE read by ``python-dateutil`` in the event's own time zone, so a
weekly workshop at 18:00 in Chicago stays at 18:00 across the change to daylight-saving time. A
rule must end (COUNT or UNTIL) and make at most ``MAX_INSTANCES`` instances.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from dateutil.rrule import rrule, rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jornada.outreach.models import MAX_INSTANCES, MAX_RRULE

# Only the characters an RRULE is written with: no line breaks that could inject feed lines.
_RRULE_TEXT = re.compile(r"^[A-Z0-9=;,:+\-]+$")


def zone_get(name: str) -> ZoneInfo:
    """Return the IANA time zone ``name``, or raise a ValidationError on ``time_zone``."""
    cleaned = (name or "").strip()
    if cleaned and cleaned in available_timezones():
        try:
            return ZoneInfo(cleaned)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    raise ValidationError(
        {
            "time_zone": ValidationError(
                _(
                    "“%(value)s” is not a time zone. Use a name such as America/Mexico_City or America/Chicago."
                ),
                code="invalid_time_zone",
                params={"value": cleaned[:64]},
            )
        }
    )


def rule_normalise(text: str) -> str:
    """Return the rule without an ``RRULE:`` prefix and spaces, upper case."""
    cleaned = re.sub(r"\s+", "", text or "").upper()
    return cleaned.removeprefix("RRULE:")


def _until_in_utc(rule_text: str, zone: ZoneInfo) -> str:
    """Write a local UNTIL (a date, or a time without Z) in UTC, as RFC 5545 wants beside a TZID."""

    def to_utc(match: re.Match[str]) -> str:
        value = match.group(1)
        if value.endswith("Z"):
            return match.group(0)
        try:
            local = (
                datetime.strptime(value, "%Y%m%dT%H%M%S")
                if "T" in value
                else datetime.strptime(value, "%Y%m%d").replace(hour=23, minute=59, second=59)
            )
        except ValueError:
            return match.group(0)
        return "UNTIL=" + local.replace(tzinfo=zone).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    return re.sub(r"UNTIL=([0-9TZ]+)", to_utc, rule_text)


def rule_canonical(text: str, zone: ZoneInfo) -> str:
    """Return the rule as kept and published: upper case, no prefix, UNTIL in UTC."""
    return _until_in_utc(rule_normalise(text), zone)


def rule_parse(text: str, *, dtstart: datetime) -> rrule:
    """Parse ``text`` as an RRULE from the aware ``dtstart``; raise a ValidationError on ``rrule``."""

    def refuse(message: Any, code: str, **params: object) -> ValidationError:
        return ValidationError({"rrule": ValidationError(message, code=code, params=params)})

    zone = dtstart.tzinfo if isinstance(dtstart.tzinfo, ZoneInfo) else ZoneInfo("UTC")
    rule_text = rule_canonical(text, zone)
    if len(rule_text) > MAX_RRULE or not _RRULE_TEXT.match(rule_text):
        raise refuse(
            _("The recurrence is not an iCalendar rule, such as FREQ=WEEKLY;COUNT=8."), "invalid_rrule"
        )
    try:
        parsed = rrulestr(rule_text, dtstart=dtstart, forceset=False)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        raise refuse(
            _("The recurrence is not an iCalendar rule, such as FREQ=WEEKLY;COUNT=8."), "invalid_rrule"
        ) from None
    if not isinstance(parsed, rrule):
        raise refuse(
            _("The recurrence is not an iCalendar rule, such as FREQ=WEEKLY;COUNT=8."), "invalid_rrule"
        )
    parts = dict(part.split("=", 1) for part in rule_text.split(";") if "=" in part)
    if "COUNT" not in parts and "UNTIL" not in parts:
        raise refuse(
            _("The recurrence never ends: add COUNT (how many times) or UNTIL (the last date)."),
            "endless_rrule",
        )
    if len(list(islice(iter(parsed), MAX_INSTANCES + 1))) > MAX_INSTANCES:
        raise refuse(
            _("The recurrence makes more than %(limit)d events: make it shorter."),
            "too_many_instances",
            limit=MAX_INSTANCES,
        )
    return parsed


def instances(
    start: datetime, end: datetime, rule_text: str, zone: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """Return every (start, end) of one slot, repeated by ``rule_text``, in wall-clock time of ``zone``."""
    local_start = start.astimezone(zone)
    duration = end.astimezone(zone).replace(tzinfo=None) - local_start.replace(tzinfo=None)
    if not rule_text:
        starts = [local_start]
    else:
        starts = list(islice(iter(rule_parse(rule_text, dtstart=local_start)), MAX_INSTANCES))
    # dateutil keeps the wall-clock time in the zone (18:00 stays 18:00 across a DST change);
    # the duration is added in wall-clock time too, then the zone gives each its UTC offset.
    wall = [moment.replace(tzinfo=None) for moment in starts]
    return [(moment.replace(tzinfo=zone), (moment + duration).replace(tzinfo=zone)) for moment in wall]
