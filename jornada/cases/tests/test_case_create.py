"""Opening a case validates its text and writes nothing half-done."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from jornada.cases.models import Case, CaseSequence
from jornada.cases.services import case_create, case_note_add
from jornada.cases.tests.helpers import open_case
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"narrative": "x" * 20_001}, "too_long"),
        ({"worker_name": "a\x00b"}, "control_characters"),
        ({"contact": "y" * 1_001}, "too_long"),
    ],
)
def test_it_refuses_bad_text_naming_the_field(
    three_orgs: ThreeOrganisations, fields: dict[str, str], code: str
) -> None:
    """Oversized text or control characters are a ValidationError on that field; no case, number or key is made."""
    with pytest.raises(ValidationError) as caught:
        case_create(actor=three_orgs.alice, organisation=three_orgs.a, **fields)
    (field,) = fields
    assert caught.value.error_dict[field][0].code == code
    assert not Case.objects.exists()
    assert not CaseSequence.objects.exists()


def test_it_audits_the_opening_of_a_case(three_orgs: ThreeOrganisations) -> None:
    """case.created names the organisation and the case, nothing personal."""
    case = open_case(three_orgs.a, three_orgs.alice)
    event = AuditEvent.objects.get(action="case.created")
    assert (event.organisation, event.target_id, event.detail) == (three_orgs.a, str(case.pk), {})


def test_it_refuses_an_empty_note(three_orgs: ThreeOrganisations) -> None:
    """A note of only spaces is refused with code 'required'."""
    case = open_case(three_orgs.a)
    with pytest.raises(ValidationError) as caught:
        case_note_add(actor=three_orgs.alice, case=case, text="   ")
    assert caught.value.error_dict["note"][0].code == "required"


def test_it_uses_the_key_a_racing_first_case_made(three_orgs: ThreeOrganisations) -> None:
    """When another transaction makes the organisation's first key meanwhile, the case uses that key."""
    from unittest import mock

    from django.db import IntegrityError
    from django.db.models import QuerySet

    from jornada.cases import keys
    from jornada.cases.models import OrganisationKey
    from jornada.cases.selectors import case_personal_read

    keys.organisation_key_create(three_orgs.a, version=1)  # committed by the other transaction...
    with (
        mock.patch.object(QuerySet, "first", return_value=None),  # ...after this one looked
        mock.patch.object(keys, "organisation_key_create", side_effect=IntegrityError("duplicate key")),
    ):
        case = case_create(actor=three_orgs.alice, organisation=three_orgs.a, worker_name="Rápida")
    assert OrganisationKey.objects.filter(organisation=three_orgs.a).count() == 1
    assert case_personal_read(user=three_orgs.alice, case_id=case.pk).worker_name == "Rápida"


def test_it_keeps_the_chosen_channel_in_clear_and_the_safe_times_sealed(
    three_orgs: ThreeOrganisations,
) -> None:
    """The channel and message permission filter cases; the safe times open only with the key."""
    from jornada.cases.selectors import case_personal_read
    from jornada.cases.services import case_anonymise
    from jornada.cases.tests.helpers import table_dump

    case = case_create(
        actor=three_orgs.alice,
        organisation=three_orgs.a,
        contact="+52 55 5555 0188",
        contact_channel="sms",
        may_leave_message=True,
        safe_times="Horas-Seguras-9Z: después de las 8 de la noche",
    )
    assert b"Horas-Seguras-9Z" not in table_dump("cases_case")
    personal = case_personal_read(user=three_orgs.alice, case_id=case.pk)
    assert personal.safe_times.startswith("Horas-Seguras-9Z")
    assert (personal.case.contact_channel, personal.case.may_leave_message) == ("sms", True)
    case_anonymise(case=case, reason="withdrawn")
    case.refresh_from_db()
    assert (case.contact_channel, case.may_leave_message, case.safe_times_sealed) == ("none", False, None)
