"""Fictional records for the evidence tests: published reviews and warnings in bulk."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from jornada.alerts.models import ScamReport
from jornada.contributions.models import Status
from jornada.directory.models import Employer
from jornada.reviews.models import Review, ReviewProgramme, SubjectKind
from jornada.reviews.tests.factories import EmployerFactory


def reviews(count: int, *, employer: Employer | None = None, **answers: Any) -> list[Review]:
    """Create ``count`` published reviews about ``employer`` (a new one when None) with ``answers``."""
    employer = employer or EmployerFactory()
    values = {"programme": ReviewProgramme.H2A, "season_year": 2025, **answers}
    return Review.objects.bulk_create(
        Review(
            subject_kind=SubjectKind.EMPLOYER,
            employer=employer,
            status=Status.PUBLISHED,
            receipt_hash=secrets.token_hex(32),
            received_month=dt.date(values["season_year"], 6, 1),
            **values,
        )
        for _ in range(count)
    )


def warnings(count: int, **fields: Any) -> list[ScamReport]:
    """Create ``count`` published scam warnings with ``fields``."""
    values = {
        "country": "MX",
        "programme": ReviewProgramme.H2B,
        "received_month": dt.date(2025, 3, 1),
        **fields,
    }
    return ScamReport.objects.bulk_create(
        ScamReport(status=Status.PUBLISHED, receipt_hash=secrets.token_hex(32), **values)
        for _ in range(count)
    )
