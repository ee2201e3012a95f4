"""`jornada demo_data` opens two fictional cases for the demo organisation, once."""

from __future__ import annotations

import pytest

from jornada.cases.demo import create_demo_data
from jornada.cases.models import Case
from jornada.cases.selectors import case_notes_read, case_personal_read
from jornada.core.demo import DEMO_EMAIL, demo_staff_create
from jornada.core.models import User


@pytest.mark.django_db
def test_it_opens_readable_fictional_cases_once() -> None:
    """Two cases, marked fictional, that the demo user can read; a second run adds none."""
    demo_staff_create()
    create_demo_data()
    create_demo_data()
    user = User.objects.get(email=DEMO_EMAIL)
    cases = list(Case.objects.all())
    assert len(cases) == 2
    for case in cases:
        assert "ficti" in case_personal_read(user=user, case_id=case.pk).worker_name
        assert len(case_notes_read(user=user, case_id=case.pk)) == 1
