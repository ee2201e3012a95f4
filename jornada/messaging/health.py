"""Channel health: messages in and out per day, delivered and read, failures by gateway error code, stopped numbers.

Delivered, read and failed-to-deliver come from the gateways' delivery status callbacks (Twilio's
``MessageStatus``, the Cloud API's ``statuses``), counted the same way: never the number.

Counted per day and channel only: nothing here says who wrote, what, or when within the day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from jornada.messaging.models import ChannelDay, Direction, StoppedNumber

DAYS_SHOWN = 14
# Channels as counted: the two webhooks, and text messages sent by follows' notifications.
SMS_OUT = "sms"


def health_count(
    *, channel: str, direction: str, count: int = 1, error_code: str = "", reply_ms: int = 0
) -> None:
    """Add to today's counter (created on first use; two racing creators both count)."""
    if count <= 0 and not reply_ms:
        return
    day = timezone.now().date()
    match = ChannelDay.objects.filter(
        day=day, channel=channel, direction=direction, error_code=error_code[:20]
    )
    changes = {"count": F("count") + count, "reply_ms": F("reply_ms") + reply_ms}
    if match.update(**changes):
        return
    try:
        with transaction.atomic():
            ChannelDay.objects.create(
                day=day,
                channel=channel,
                direction=direction,
                error_code=error_code[:20],
                count=count,
                reply_ms=reply_ms,
            )
    except IntegrityError:
        match.update(**changes)


def sms_counted(*, error_code: str | None, **kwargs: object) -> None:
    """Answer ``alerts.sms.sms_attempted``: count a text message sent, or failed with its code."""
    if error_code is None:
        health_count(channel=SMS_OUT, direction=Direction.OUT)
    else:
        health_count(channel=SMS_OUT, direction=Direction.FAILED, error_code=error_code)


@dataclass
class DayRow:
    day: dt.date
    received: int = 0
    sent: int = 0
    failed: int = 0
    delivered: int = 0
    read: int = 0
    reply_ms: int = 0

    def average_reply_ms(self) -> int | None:
        """Return the average time to answer a received message, in milliseconds."""
        return round(self.reply_ms / self.received) if self.received else None


@dataclass
class Health:
    days: list[DayRow]
    failures: list[tuple[str, str, int]]  # channel, error code, count
    stopped_numbers: int
    channels: list[str] = field(default_factory=list)


def channel_health(*, days: int = DAYS_SHOWN) -> Health:
    """Return the last ``days`` days' counts, newest first, and the failures by code over them."""
    first = timezone.now().date() - dt.timedelta(days=days - 1)
    rows = {
        first + dt.timedelta(days=offset): DayRow(first + dt.timedelta(days=offset)) for offset in range(days)
    }
    failures: dict[tuple[str, str], int] = {}
    channels: set[str] = set()
    for entry in ChannelDay.objects.filter(day__gte=first):
        row = rows[entry.day]
        channels.add(entry.channel)
        if entry.direction == Direction.IN:
            row.received += entry.count
            row.reply_ms += entry.reply_ms
        elif entry.direction == Direction.OUT:
            row.sent += entry.count
        elif entry.direction == Direction.DELIVERED:
            row.delivered += entry.count
        elif entry.direction == Direction.READ:
            row.read += entry.count
        else:
            row.failed += entry.count
            key = (entry.channel, entry.error_code or "?")
            failures[key] = failures.get(key, 0) + entry.count
    return Health(
        days=sorted(rows.values(), key=lambda row: row.day, reverse=True),
        failures=sorted(
            ((channel, code, n) for (channel, code), n in failures.items()), key=lambda item: -item[2]
        ),
        stopped_numbers=StoppedNumber.objects.count(),
        channels=sorted(channels),
    )


# A gateway's delivery status, as each names it, and what it counts as (others are not counted).
STATUS_DIRECTIONS = {
    "delivered": Direction.DELIVERED,
    "read": Direction.READ,
    "failed": Direction.FAILED,
    "undelivered": Direction.FAILED,
}


def status_count(*, channel: str, status: str, error_code: str = "") -> bool:
    """Count one delivery status callback; return False for a status not counted (queued, sent)."""
    direction = STATUS_DIRECTIONS.get(status)
    if direction is None:
        return False
    code = (error_code or "error") if direction == Direction.FAILED else ""
    health_count(channel=channel, direction=direction, error_code=code)
    return True
