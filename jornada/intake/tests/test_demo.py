"""`jornada demo_data` gives the interview organisations to find and the staff queue fictional requests, once."""

from __future__ import annotations

import pytest

from jornada.core.demo import demo_staff_create
from jornada.intake.demo import DEMO_REQUESTS, SECOND_ORGANISATION_SLUG
from jornada.intake.demo import create_demo_data as intake_demo
from jornada.intake.demo_queue import QUEUE_DEMO_REQUESTS
from jornada.intake.interview import organisations_for
from jornada.intake.models import Intake
from jornada.vocabulary.demo import create_demo_data as vocabulary_demo

pytestmark = pytest.mark.django_db


def test_it_makes_organisations_the_interview_finds_and_sends_requests_once() -> None:
    """Two fictional organisations take a wage claim from North Carolina in Spanish; the requests are sent once."""
    demo_staff_create()
    vocabulary_demo()
    intake_demo()
    intake_demo()
    found = organisations_for({"place": "US-NC", "language": "es", "categories": ["wage-theft"]})
    assert SECOND_ORGANISATION_SLUG in [organisation.slug for organisation in found]
    assert len(found) == 2
    # The worker-side requests, then the demo organisation's queue (its own, with ages).
    assert Intake.objects.count() == len(DEMO_REQUESTS) + len(QUEUE_DEMO_REQUESTS)
    assert Intake.objects.filter(urgent=True).count() == 1 + sum(
        bool(answers.urgent_reasons) for answers, *_rest in QUEUE_DEMO_REQUESTS
    )
