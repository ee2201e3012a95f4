"""Each protocol walked end to end by staff on the pages (plain POST forms, no JavaScript).

Advocates complete their steps, a supervisor approves the marked ones and shares a case under
an override with a reason; the list shows progress; another organisation sees nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jornada.cases.consent import case_consent_record
from jornada.cases.models import ConsentMethod, ConsentPurpose
from jornada.cases.tests.helpers import open_case
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent, User
from jornada.protocols.loading import CONTENT_DIR, case_type_file_read
from jornada.protocols.models import CaseProtocol, ProtocolStepRecord, StepKind
from jornada.protocols.services import case_type_version_create
from jornada.protocols.sharing import PURPOSE_OF_KIND
from jornada.protocols.tests.helpers import TEXT, post_data, protocol_case, shipped, steps_of

StaffClient = Callable[[User], Client]


def _walk(
    orgs: ThreeOrganisations,
    staff_client: StaffClient,
    slug: str,
    consents: tuple[str, ...] = (),
    **answers: dict[str, Any],
) -> tuple[Any, str]:
    """Choose ``slug`` for a new case on its page, complete every step, approve as needed.

    A step that shares the case goes with the worker's consent when ``consents`` holds its
    purpose (by the advocate); otherwise under a supervisor's override with a reason.
    """
    advocate, supervisor = staff_client(orgs.charlie), staff_client(orgs.alice)
    case = open_case(orgs.a, orgs.alice)
    for purpose in consents:
        case_consent_record(actor=orgs.charlie, case=case, purpose=purpose, method=ConsentMethod.VERBAL)
    url = reverse("protocols:case", args=[case.pk])
    body = advocate.get(url).content.decode()
    assert "Elige el protocolo" in body or "Choose the protocol" in body
    response = advocate.post(url, {"action": "choose", "case_type": shipped(slug).pk})
    assert response.status_code == 302
    for step in steps_of(case):
        data = post_data(step, **answers.get(step.key, {}))
        client = advocate
        if step.is_share() and PURPOSE_OF_KIND[StepKind(step.kind)] not in consents:
            client = supervisor
            data[f"step-{step.key}-override_reason"] = "Riesgo inmediato para su vida"
        response = client.post(url, data)
        assert response.status_code == 302, (step.key, response.content.decode()[:3000])
        record = ProtocolStepRecord.objects.get(protocol__case=case, step=step)
        if record.is_waiting_for_approval():
            page = advocate.get(url).content.decode()
            assert "supervisora" in page or "supervisor" in page
            response = supervisor.post(url, {"action": "approve", "step": step.key})
            assert response.status_code == 302
        record.refresh_from_db()
        assert record.is_complete(), step.key
    return case, supervisor.get(url).content.decode()


def test_it_walks_the_child_protocol(three_orgs: ThreeOrganisations, staff_client: StaffClient) -> None:
    """A child case: urgent, ten steps done, two approvals and two hand-offs under override, audited."""
    case, body = _walk(three_orgs, staff_client, "unaccompanied-child")
    case.refresh_from_db()
    assert case.urgent
    assert "10 de 10 pasos" in body or "10 of 10 steps" in body
    assert TEXT in body  # the child's words, opened for staff
    approvals = AuditEvent.objects.filter(action="protocol.step_approved", target_id=str(case.pk))
    assert approvals.count() == 2
    overrides = AuditEvent.objects.filter(action="protocol.step_completed", target_id=str(case.pk))
    assert sum(1 for event in overrides if event.detail["override"]) == 2


def test_it_walks_the_gbv_protocol_and_derives_type_and_context(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """A GBV case: sexual contact without penetration of a 16-year-old reads sexual assault, child sexual abuse."""
    incident = {
        "penetration": "no",
        "sexual_contact": "yes",
        "physical_assault": "no",
        "forced_marriage": "no",
        "denial_of_resources": "no",
        "psychological_abuse": "no",
        "perpetrator_relationship": "employer",
        "survivor_age": 16,
        "exchange": "no",
    }
    _case, body = _walk(three_orgs, staff_client, "gender-based-violence", incident=incident)
    assert "Agresión sexual" in body
    assert "Abuso sexual infantil" in body


def test_it_walks_the_trafficking_protocol_with_relief_tasks(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """A trafficking case: every step done, a T visa chosen makes a task due in 30 days."""
    case, body = _walk(
        three_orgs,
        staff_client,
        "trafficking",
        consents=(ConsentPurpose.REFERRAL, ConsentPurpose.AUTHORITIES),
        **{"immigration-relief": {"relief": ["t_visa"]}},
    )
    assert "8 de 8 pasos" in body or "8 of 8 steps" in body
    assert not ProtocolStepRecord.objects.filter(protocol__case=case, shared_by_override=True).exists()
    task = case.tasks.get()
    assert task.due_on == timezone.localdate() + dt.timedelta(days=30)


def test_it_shows_errors_of_a_step_completed_out_of_order(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """Completing screening before the first contact answers 400 with the translated refusal."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    step = next(step for step in steps_of(case) if step.key == "screening")
    response = staff_client(three_orgs.charlie).post(
        reverse("protocols:case", args=[case.pk]), post_data(step)
    )
    assert response.status_code == 400
    assert "Completa" in response.content.decode()
    assert ProtocolStepRecord.objects.get(protocol__case=case, step=step).completed_at is None


def test_it_hides_another_organisations_protocol(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """bob gets a 404 for A's protocol page, and his POST changes nothing."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    step = steps_of(case)[0]
    client = staff_client(three_orgs.bob)
    assert client.get(reverse("protocols:case", args=[case.pk])).status_code == 404
    assert client.post(reverse("protocols:case", args=[case.pk]), post_data(step)).status_code == 404
    assert not ProtocolStepRecord.objects.filter(protocol__case=case, completed_at__isnull=False).exists()


def test_it_shows_progress_and_overdue_steps_in_the_case_list(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """The list shows "1 de 8 pasos, 1 vencido" for a trafficking case, in the same number of queries."""
    client = staff_client(three_orgs.alice)
    protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("cases:list"))
    for _ in range(3):
        case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    ProtocolStepRecord.objects.filter(protocol__case=case, step__key="first-contact").update(
        completed_at=timezone.now(), completed_by=three_orgs.charlie
    )
    ProtocolStepRecord.objects.filter(protocol__case=case, step__key="screening").update(
        due_at=timezone.now() - dt.timedelta(hours=1)
    )
    with CaptureQueriesContext(connection) as four:
        body = client.get(reverse("cases:list")).content.decode()
    assert len(four.captured_queries) == len(one.captured_queries)
    assert "Trata de personas: 1 de 8 pasos" in body
    assert "1 vencido" in body


def test_it_keeps_an_open_case_on_its_version_when_the_type_changes(three_orgs: ThreeOrganisations) -> None:
    """A new version of the trafficking type leaves an open case's steps and titles as they were."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    before = [(step.key, step.title_es) for step in steps_of(case)]
    definition = case_type_file_read(CONTENT_DIR / "trafficking.toml").definition
    definition["steps"] = definition["steps"][:-1]  # the follow-up step dropped
    definition["steps"][0]["title_es"] = "Primer encuentro"
    result = case_type_version_create(definition=definition, source="test")
    assert result.case_type.version == 2
    assert [(step.key, step.title_es) for step in steps_of(case)] == before
    assert CaseProtocol.objects.get(case=case).case_type.version == 1
    newer = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    assert len(steps_of(newer)) == len(before) - 1
