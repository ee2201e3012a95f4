"""`jornada demo_data` opens fictional cases at every stage for the demo organisation, once."""

from __future__ import annotations

import pytest

from jornada.cases.demo import DEMO_WORK, create_demo_data
from jornada.cases.models import Case, CaseStep
from jornada.cases.selectors import case_notes_read, case_personal_read
from jornada.core.demo import DEMO_EMAIL, demo_staff_create
from jornada.core.models import User


@pytest.mark.django_db
def test_it_opens_readable_fictional_cases_once() -> None:
    """Cases marked fictional, readable by the demo user, at every stage with outcomes; a second run adds none."""
    demo_staff_create()
    create_demo_data()
    create_demo_data()
    user = User.objects.get(email=DEMO_EMAIL)
    cases = list(Case.objects.with_stage().order_by("number"))
    assert len(cases) == len(DEMO_WORK)
    for case in cases:
        assert "ficti" in case_personal_read(user=user, case_id=case.pk).worker_name
        assert len(case_notes_read(user=user, case_id=case.pk)) == 1
    assert [case.stage for case in cases] == [work["stage"] for work in DEMO_WORK]
    assert {"new", "evaluation", "open", "closed", "reopened"} <= {case.stage for case in cases}
    outcomes = set(CaseStep.objects.exclude(outcome="").values_list("outcome", flat=True))
    assert {"settlement", "complaint", "no_action", "advice"} <= outcomes
    assert CaseStep.objects.filter(approval_required=True, approved_at=None).count() == 1
