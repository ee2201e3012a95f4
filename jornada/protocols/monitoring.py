"""Figures supervisors follow per protocol, within their own organisation.

On the monitoring page the counts are exact: it shows the organisation its own cases. A figure
that leaves the organisation (the CSV download) shows counts from 1 to 10 as "fewer than 11"
(``disclosed``), so that a small group of cases cannot be recognised from outside.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min
from django.utils import timezone

from jornada.cases.models import Case
from jornada.core.models import Organisation
from jornada.evidence.disclosure import THRESHOLD, is_primary
from jornada.protocols.models import CaseProtocol, ProtocolStepRecord, StepKind


def disclosed(count: int) -> str:
    """Return ``count`` as it may leave the organisation: 1 to 10 become "<11" (the evidence rule)."""
    return f"<{THRESHOLD}" if is_primary(count) else str(count)


@dataclass
class ProtocolFigures:
    slug: str
    name: str
    opened: dict[str, int] = field(default_factory=dict)  # month (YYYY-MM) -> cases opened
    closed: dict[str, int] = field(default_factory=dict)
    hours_to_first_interview: float | None = None  # median, over cases with an interview done
    interviewed: int = 0  # how many cases that median stands on
    overdue_steps: int = 0
    handoffs_pending: int = 0

    @property
    def months(self) -> list[str]:
        return sorted(set(self.opened) | set(self.closed), reverse=True)

    @property
    def rows(self) -> list[tuple[str, int, int]]:
        return [(month, self.opened.get(month, 0), self.closed.get(month, 0)) for month in self.months]


def protocol_monitoring_read(*, organisation: Organisation, language: str) -> list[ProtocolFigures]:
    """Return, for each protocol the organisation's cases follow, its figures (no personal field read)."""
    protocols = list(
        CaseProtocol.objects.filter(case__organisation=organisation)
        .select_related("case_type")
        .only("case_id", "case_type__slug", "case_type__name_es", "case_type__name_en")
    )
    slug_of_case = {protocol.case_id: protocol.case_type.slug for protocol in protocols}
    figures: dict[str, ProtocolFigures] = {}
    for protocol in protocols:
        figures.setdefault(
            protocol.case_type.slug,
            ProtocolFigures(protocol.case_type.slug, protocol.case_type.name(language)),
        )
    annotated: Any = Case.objects.with_stage()  # closed_at is an annotation the stubs cannot see
    cases = annotated.filter(pk__in=slug_of_case).values_list("pk", "created_at", "closed_at")
    opened_at: dict[int, dt.datetime] = {}
    for case_id, created_at, closed_at in cases:
        entry = figures[slug_of_case[case_id]]
        opened_at[case_id] = created_at
        month = timezone.localtime(created_at).strftime("%Y-%m")
        entry.opened[month] = entry.opened.get(month, 0) + 1
        if closed_at is not None:
            month = timezone.localtime(closed_at).strftime("%Y-%m")
            entry.closed[month] = entry.closed.get(month, 0) + 1
    records = ProtocolStepRecord.objects.filter(protocol__case__organisation=organisation)
    first_interviews = (
        records.filter(step__kind=StepKind.INTERVIEW, completed_at__isnull=False)
        .values("protocol__case_id")
        .annotate(first=Min("completed_at"))
    )
    waits: dict[str, list[float]] = defaultdict(list)
    for row in first_interviews:
        case_id = row["protocol__case_id"]
        waits[slug_of_case[case_id]].append((row["first"] - opened_at[case_id]).total_seconds() / 3600)
    for slug, hours in waits.items():
        figures[slug].hours_to_first_interview = round(statistics.median(hours), 1)
        figures[slug].interviewed = len(hours)
    for case_id in records.filter(completed_at__isnull=True, due_at__lt=timezone.now()).values_list(
        "protocol__case_id", flat=True
    ):
        figures[slug_of_case[case_id]].overdue_steps += 1
    for case_id in records.filter(
        completed_at__isnull=True, step__kind__in=(StepKind.HANDOFF, StepKind.REFERRAL)
    ).values_list("protocol__case_id", flat=True):
        figures[slug_of_case[case_id]].handoffs_pending += 1
    return sorted(figures.values(), key=lambda entry: entry.name)


def monitoring_csv_rows(report: list[ProtocolFigures]) -> list[list[str]]:
    """Return the figures as CSV rows for a download, every count disclosed (1-10 as "<11")."""
    rows = [
        [
            "protocol",
            "month",
            "opened",
            "closed",
            "median_hours_to_first_interview",
            "overdue_steps",
            "handoffs_pending",
        ]
    ]
    for entry in report:
        # A median of a few cases is nearly one case's own timing: outside, only over 11 or more.
        hours = (
            ""
            if entry.hours_to_first_interview is None or entry.interviewed < THRESHOLD
            else str(entry.hours_to_first_interview)
        )
        rows.append(
            [entry.slug, "", "", "", hours, disclosed(entry.overdue_steps), disclosed(entry.handoffs_pending)]
        )
        for month, opened, closed in entry.rows:
            rows.append([entry.slug, month, disclosed(opened), disclosed(closed), "", "", ""])
    return rows
