"""Fictional published reviews and warnings, enough for the evidence pages to show figures.

The sources' own demo data (a few warnings, requests and cases) is far below the threshold of
11, so every figure would read "fewer than 11". These records are invented, answer only the
yes/no questions (no free text), and are about the directory's fictional employers.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction

from jornada.alerts.models import ScamReport
from jornada.contributions.models import Status
from jornada.contributions.receipts import new_receipt_code, receipt_hash
from jornada.directory.models import Employer
from jornada.evidence.publication import publication_expire
from jornada.reviews.models import Review, ReviewProgramme, SubjectKind
from jornada.reviews.questions import Answer

MARKER = "evidencia-demo"  # the subject name the demo reviews carry, so a second run finds them
QUESTIONS = (
    "fees_charged",
    "documents_kept",
    "pay_as_promised",
    "paid_all_hours",
    "housing_crowded",
    "threats",
)
CONCERN = {"pay_as_promised": Answer.NO, "paid_all_hours": Answer.NO}


@transaction.atomic
def create_demo_data(stdout: Any = None) -> None:
    """Create about 300 fictional published reviews and 60 warnings once."""
    if Review.objects.filter(subject_name=MARKER).exists():
        return
    employers = list(Employer.objects.filter(is_fictional=True).order_by("pk")[:8])
    if not employers:
        return
    rng = random.Random(23)  # noqa: S311 - fictional data, not a secret
    made = []
    for i in range(300):
        employer = employers[min(int(rng.expovariate(0.5)), len(employers) - 1)]
        year = rng.choice((2023, 2024, 2024, 2025, 2025, 2025))
        answers = {}
        for name in QUESTIONS:
            bad = CONCERN.get(name, Answer.YES)
            good = Answer.YES if bad == Answer.NO else Answer.NO
            answers[name] = bad if rng.random() < 0.35 else good
        made.append(
            Review(
                subject_kind=SubjectKind.EMPLOYER,
                employer=employer,
                subject_name=MARKER,
                programme=ReviewProgramme.H2A if employer.has_h2a or i % 4 else ReviewProgramme.H2B,
                season_year=year,
                status=Status.PUBLISHED,
                received_month=dt.date(year, rng.randint(1, 12), 1),
                receipt_hash=receipt_hash(new_receipt_code()),
                **answers,
            )
        )
    Review.objects.bulk_create(made)
    warnings = [
        ScamReport(
            status=Status.PUBLISHED,
            receipt_hash=receipt_hash(new_receipt_code()),
            received_month=dt.date(rng.choice((2024, 2025)), rng.randint(1, 12), 1),
            country=rng.choice(("MX", "MX", "MX", "GT")),
            programme=rng.choice((ReviewProgramme.H2A, ReviewProgramme.H2B)),
            asked_for="visa (ficticio)" if rng.random() < 0.6 else "",
            paid=rng.choice(("yes", "no", "part")),
            contact_organisation=f"Reclutadora inventada {i % 7} (ficticia)",
        )
        for i in range(60)
    ]
    ScamReport.objects.bulk_create(warnings)
    transaction.on_commit(publication_expire)
    if stdout is not None:
        stdout.write(f"Fictional evidence: {len(made)} reviews and {len(warnings)} warnings created.")
