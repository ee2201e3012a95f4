"""Anonymising cases whose organisation's retention period after closing has ended.

Registered with ``jornada.core.retention`` (``jornada prune``, daily). A case counts as closed
from the moment its last closing took effect (recorded, or approved when approval was
required); one reopened since is not closed and is kept. Each case is anonymised in its own
transaction by ``case_anonymise`` (reason ``retention``), so a failure leaves the others done.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jornada.cases.models import AnonymiseReason, Case, CaseStage
from jornada.cases.services import case_anonymise
from jornada.cases.workflow import case_settings_of
from jornada.core.models import Organisation


def cases_past_retention(organisation: Organisation, *, now: dt.datetime | None = None) -> list[Case]:
    """Return ``organisation``'s cases closed for longer than its retention period, not yet anonymised."""
    days = case_settings_of(organisation).retention_days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    return list(
        Case.objects.with_stage()
        .filter(organisation=organisation, anonymised_at__isnull=True)
        .filter(**{"stage": CaseStage.CLOSED, "closed_at__lt": cutoff})  # annotated by with_stage
        .only("pk")
    )


def cases_retention_prune() -> int:
    """Anonymise every case past its organisation's retention period; return how many."""
    done = 0
    with_cases = Organisation.objects.filter(cases__anonymised_at__isnull=True).distinct()
    for organisation in with_cases:
        for case in cases_past_retention(organisation):
            case_anonymise(case=case, reason=AnonymiseReason.RETENTION)
            done += 1
    return done
