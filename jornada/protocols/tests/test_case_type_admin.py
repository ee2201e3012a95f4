"""Site administrators edit case types in the admin; saving a change makes a new version."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from jornada.conftest import ThreeOrganisations
from jornada.core.models import User
from jornada.core.tests.factories import UserFactory
from jornada.protocols.models import CaseProtocol, CaseType, ProtocolStep
from jornada.protocols.tests.helpers import protocol_case, shipped

StaffClient = Callable[[User], Client]


def _form(case_type: CaseType, **changes: Any) -> dict[str, Any]:
    """The admin change form of ``case_type`` as posted unchanged, with ``changes`` applied."""
    steps = list(case_type.steps.all())
    data: dict[str, Any] = {
        "name_es": case_type.name_es,
        "name_en": case_type.name_en,
        "description_es": case_type.description_es,
        "description_en": case_type.description_en,
        "urgent_by_default": "on" if case_type.urgent_by_default else "",
        "needs_supervisor": "on" if case_type.needs_supervisor else "",
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for index, step in enumerate(steps):
        prefix = f"steps-{index}-"
        data.update(
            {
                f"{prefix}id": str(step.pk),
                f"{prefix}case_type": str(case_type.pk),
                f"{prefix}position": str(step.position),
                f"{prefix}key": step.key,
                f"{prefix}kind": step.kind,
                f"{prefix}title_es": step.title_es,
                f"{prefix}title_en": step.title_en,
                f"{prefix}guidance_es": step.guidance_es,
                f"{prefix}guidance_en": step.guidance_en,
                f"{prefix}fields": json.dumps(step.fields),
                f"{prefix}role": step.role,
                f"{prefix}due_hours": "" if step.due_hours is None else str(step.due_hours),
                f"{prefix}due_from": step.due_from,
                f"{prefix}after": step.after,
                f"{prefix}needs_approval": "on" if step.needs_approval else "",
            }
        )
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def _admin(staff_client: StaffClient) -> Client:
    return staff_client(UserFactory(is_superuser=True, is_staff=True))


def test_it_saves_an_admin_change_as_a_new_version(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """Changing a step's title makes version 2; the open case keeps version 1 and its old title."""
    case_type = shipped("trafficking")
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    client = _admin(staff_client)
    url = reverse("admin:protocols_casetype_change", args=[case_type.pk])
    response = client.post(url, _form(case_type, **{"steps-0-title_es": "Primer encuentro"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    newest = CaseType.objects.filter(slug="trafficking").order_by("-version").first()
    assert newest is not None
    assert newest.version == 2
    assert newest.steps.get(key="first-contact").title_es == "Primer encuentro"
    assert ProtocolStep.objects.get(case_type=case_type, key="first-contact").title_es == "Primer contacto"
    assert CaseProtocol.objects.get(case=case).case_type_id == case_type.pk


def test_it_makes_no_version_when_nothing_changed(staff_client: StaffClient, db: None) -> None:
    """Saving the form unchanged leaves a single version."""
    case_type = shipped("gender-based-violence")
    client = _admin(staff_client)
    response = client.post(reverse("admin:protocols_casetype_change", args=[case_type.pk]), _form(case_type))
    assert response.status_code == 302
    assert CaseType.objects.filter(slug="gender-based-violence").count() == 1


def test_it_refuses_a_cycle_of_due_times_in_the_admin(staff_client: StaffClient, db: None) -> None:
    """Making the first step due from the second, which is due from the first: refused, nothing saved."""
    case_type = shipped("unaccompanied-child")
    client = _admin(staff_client)
    changes = {"steps-2-due_from": "family-contact"}  # identity <-> family-contact
    response = client.post(
        reverse("admin:protocols_casetype_change", args=[case_type.pk]), _form(case_type, **changes)
    )
    assert response.status_code == 200
    assert "ciclo de plazos" in response.content.decode()
    assert CaseType.objects.filter(slug="unaccompanied-child").count() == 1
