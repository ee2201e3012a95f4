"""The demo data fills the demo organisation's intake queue, once."""

from __future__ import annotations

import pytest

from jornada.cases.models import Case
from jornada.core.demo import DEMO_EMAIL, demo_staff_create
from jornada.core.models import User
from jornada.intake.demo_queue import queue_demo_create
from jornada.intake.selectors_staff import intake_queue, queue_organisation
from jornada.vocabulary.demo import create_demo_data as vocabulary_demo


@pytest.mark.django_db
def test_it_puts_fictional_requests_in_the_demo_queue_once() -> None:
    """Four requests wait, urgent ones first; the oldest became a case; a second run adds nothing."""
    demo_staff_create()
    vocabulary_demo()
    queue_demo_create()
    queue_demo_create()
    demo = User.objects.get(email=DEMO_EMAIL)
    waiting = [row.intake for row in intake_queue(organisation=queue_organisation(user=demo))]
    assert len(waiting) == 4
    assert [intake.urgent for intake in waiting] == [True, True, False, False]
    assert Case.objects.filter(intake__isnull=False).count() == 1
