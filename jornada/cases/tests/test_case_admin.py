"""The admin lists cases by number, organisation and dates, and never shows personal data or keys."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from jornada.cases.models import Case
from jornada.cases.tests.helpers import CONTACT, NAME, NARRATIVE, NOTE, open_case
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent, User
from jornada.core.tests.factories import UserFactory


def test_it_shows_no_personal_field_or_key(
    three_orgs: ThreeOrganisations, staff_client: Callable[[User], Client]
) -> None:
    """The list and the case page show the number but no clear text, sealed bytes or data key."""
    case = open_case(three_orgs.a, three_orgs.alice)
    client = staff_client(UserFactory(is_superuser=True, is_staff=True))
    pages = [
        client.get(reverse("admin:cases_case_changelist")),
        client.get(reverse("admin:cases_case_change", args=[case.pk])),
    ]
    stored = Case.objects.get(pk=case.pk)
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        assert case.number in body
        for secret in (NAME, CONTACT, NARRATIVE, NOTE, "sealed", "data_key", "data key", "wrapped"):
            assert secret not in body
        assert repr(bytes(stored.data_key))[2:20] not in body
    assert not AuditEvent.objects.filter(action="case.read").exists()


def test_it_lets_nobody_add_change_or_delete_a_case_there(
    three_orgs: ThreeOrganisations, staff_client: Callable[[User], Client]
) -> None:
    """No add, change or delete in the admin: cases change only through the audited services."""
    case = open_case(three_orgs.a)
    client = staff_client(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:cases_case_add")).status_code == 403
    assert client.get(reverse("admin:cases_case_delete", args=[case.pk])).status_code == 403
    response = client.post(reverse("admin:cases_case_change", args=[case.pk]), {"number": "X-1"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.number != "X-1"


def test_it_registers_no_key_or_note_model() -> None:
    """Organisation keys, case notes and number counters have no admin page at all."""
    from django.contrib import admin

    from jornada.cases.models import CaseNote, CaseSequence, OrganisationKey

    assert admin.site.is_registered(Case)
    for model in (OrganisationKey, CaseNote, CaseSequence):
        assert not admin.site.is_registered(model)
