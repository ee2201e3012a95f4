"""`jornada demo_data` opens fictional cases at every stage for the demo organisation, with tasks, a document and contacts, once."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from jornada.cases.case_tasks import my_tasks_read
from jornada.cases.contacts import case_contacts_read
from jornada.cases.demo import DEMO_WORK, create_demo_data
from jornada.cases.demo_work import create_demo_work
from jornada.cases.documents import case_document_open
from jornada.cases.models import Case, CaseDocument, CaseStep
from jornada.cases.selectors import case_notes_read, case_personal_read
from jornada.core.demo import DEMO_EMAIL, DEMO_ORGANISATION_SLUG, demo_staff_create
from jornada.core.models import Organisation, User


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


@pytest.mark.django_db
def test_it_gives_the_demo_cases_tasks_a_document_and_contacts(tmp_path: Path) -> None:
    """Some tasks overdue on the demo user's list, one PDF that opens, two contacts; once only."""
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        demo_staff_create()
        create_demo_data()
        user = User.objects.get(email=DEMO_EMAIL)
        organisation = Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG)
        assert create_demo_work(organisation=organisation, author=user) == 0, "a second run adds nothing"
        mine = my_tasks_read(user=user)
        assert sum(task.overdue for task in mine) == 2
        assert all("demostración" in task.title for task in mine)
        (document,) = CaseDocument.objects.all()
        opened = case_document_open(user=user, case_id=document.case_id, document_id=document.pk)
        assert opened.content.startswith(b"%PDF-")
        assert opened.name == "contrato-ficticio.pdf"
        assert len(case_contacts_read(user=user, case_id=document.case_id)) == 2
