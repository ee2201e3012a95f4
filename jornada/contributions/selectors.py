"""Reads shared by every kind of contribution: the moderation queue and the transparency counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from jornada.contributions.models import RejectReason, Status
from jornada.contributions.periods import current_month, months_before

TRANSPARENCY_MONTHS = 24


@dataclass
class MonthCounts:
    """How many contributions arrived in one month and what became of them (counts only)."""

    month: dt.date
    received: int = 0
    waiting: int = 0
    published: int = 0
    rejected: int = 0
    withdrawn: int = 0
    redacted: int = 0
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    extra: dict[str, int] = field(default_factory=dict)

    def rejected_reasons(self) -> list[tuple[str, int]]:
        """Return (translated reason, count) pairs in the order of the reason list."""
        return [
            (str(label), self.rejected_by_reason[value])
            for value, label in RejectReason.choices
            if self.rejected_by_reason.get(value)
        ]


def monthly_counts(queryset: QuerySet[Any], *, months: int = TRANSPARENCY_MONTHS) -> list[MonthCounts]:
    """Return, newest first, what happened to the contributions of each of the last ``months``.

    A contribution is counted in the month it arrived, whatever happened to it later: that
    month is the only time it keeps.
    """
    since = months_before(current_month(), months - 1)
    rows = (
        queryset.filter(received_month__gte=since)
        .values("received_month", "status", "reject_reason", "is_redacted")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_month: dict[dt.date, MonthCounts] = {}
    for row in rows:
        counts = by_month.setdefault(row["received_month"], MonthCounts(row["received_month"]))
        number = row["n"]
        counts.received += number
        status = row["status"]
        if status == Status.RECEIVED:
            counts.waiting += number
        elif status == Status.PUBLISHED:
            counts.published += number
            if row["is_redacted"]:
                counts.redacted += number
        elif status == Status.REJECTED:
            counts.rejected += number
            reason = row["reject_reason"] or RejectReason.OTHER
            counts.rejected_by_reason[reason] = counts.rejected_by_reason.get(reason, 0) + number
        elif status == Status.WITHDRAWN:
            counts.withdrawn += number
    return sorted(by_month.values(), key=lambda counts: counts.month, reverse=True)
