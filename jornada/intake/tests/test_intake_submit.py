"""Receiving a request for help: sealed for its recipients only, validated, nothing half-written."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from jornada.cases.tests.helpers import table_dump
from jornada.conftest import ThreeOrganisations
from jornada.core.tests.factories import OrganisationFactory, member
from jornada.intake.models import Intake, IntakeRecipient
from jornada.intake.selectors import intake_personal_read, intakes_for_user
from jornada.intake.services import intake_by_code
from jornada.intake.tests.helpers import NAME, NARRATIVE, PARTY, SAFE_TIMES, accepting, submit

MARKERS = (NAME.encode(), NARRATIVE.encode(), PARTY.encode(), SAFE_TIMES.encode(), b"555 0144", b"5550144")


def test_it_seals_the_request_for_each_recipient_and_no_one_else(three_orgs: ThreeOrganisations) -> None:
    """A and B take Oaxaca: both read it; C takes nothing and gets 404; the tables hold no marker."""
    accepting(three_orgs.a)
    accepting(three_orgs.b)
    c = OrganisationFactory(name="Centro C", slug="centro-c")
    carol = member(c, "advocate", name="Carol", email="carol@example.org")
    receipt = submit()
    for user in (three_orgs.alice, three_orgs.bob):
        personal = intake_personal_read(user=user, intake_id=receipt.intake.pk)
        assert (personal.worker_name, personal.narrative, personal.party_name) == (NAME, NARRATIVE, PARTY)
        assert personal.contact == "+529515550144"
        assert list(intakes_for_user(user=user)) == [receipt.intake]
    with pytest.raises(Http404):
        intake_personal_read(user=carol, intake_id=receipt.intake.pk)
    assert list(intakes_for_user(user=carol)) == []
    dump = table_dump("intake_intake", "intake_intakerecipient")
    for marker in MARKERS:
        assert marker not in dump
    assert receipt.code.replace("-", "").encode() not in dump


def test_it_finds_the_request_by_its_code_only(three_orgs: ThreeOrganisations) -> None:
    """The code as typed (lower case, no dashes) finds it; a wrong or malformed code finds nothing."""
    accepting(three_orgs.a)
    receipt = submit()
    assert intake_by_code(receipt.code.lower().replace("-", " ")) == receipt.intake
    assert intake_by_code("0000-0000-0000") is None
    assert intake_by_code("<script>") is None
    assert intake_by_code("x" * 10_000) is None


def test_it_keeps_the_hour_it_arrived_not_the_minute(three_orgs: ThreeOrganisations) -> None:
    accepting(three_orgs.a)
    intake = submit().intake
    intake.refresh_from_db()
    assert (intake.received_at.minute, intake.received_at.second, intake.received_at.microsecond) == (0, 0, 0)


def test_it_sends_it_only_to_the_organisations_the_worker_chose(three_orgs: ThreeOrganisations) -> None:
    accepting(three_orgs.a)
    accepting(three_orgs.b)
    receipt = submit(any_organisation=False, organisations=["centro-b"])
    assert list(IntakeRecipient.objects.values_list("organisation__slug", flat=True)) == ["centro-b"]
    with pytest.raises(Http404):
        intake_personal_read(user=three_orgs.alice, intake_id=receipt.intake.pk)


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"categories": ["not-a-category"]}, "categories", "invalid_choice"),
        ({"categories": [], "narrative": ""}, "categories", "required"),
        ({"narrative": "x" * 10_001}, "narrative", "too_long"),
        ({"narrative": "a\x00b"}, "narrative", "control_characters"),
        ({"worker_name": "<script>" + "y" * 300}, "worker_name", "too_long"),
        ({"contact": "not a phone"}, "contact", "invalid_phone"),
        ({"contact_channel": "email", "contact": "nobody@"}, "contact", "invalid_email"),
        ({"contact": ""}, "contact", "required"),
        ({"contact_channel": "pigeon"}, "contact_channel", "invalid_choice"),
        ({"whereabouts": "moon"}, "whereabouts", "invalid_choice"),
        ({"place": "XX-YY"}, "place", "invalid_choice"),
        ({"year": 1900}, "year", "out_of_range"),
        ({"language": ""}, "language", "required"),
        ({"urgent_reasons": ["bored"]}, "urgent_reasons", "invalid_choice"),
        ({"employer_id": 987654}, "employer", "invalid_choice"),
        ({"any_organisation": False, "organisations": ["centro-z"]}, "organisations", "invalid_choice"),
        ({"any_organisation": False}, "organisations", "required"),
        ({"place": "GT"}, "organisations", "no_organisation"),
    ],
)
def test_it_refuses_bad_answers_naming_the_field(
    three_orgs: ThreeOrganisations, changes: dict[str, Any], field: str, code: str
) -> None:
    """Each bad answer is a ValidationError on its field, with its code; nothing is written."""
    accepting(three_orgs.a)
    with pytest.raises(ValidationError) as caught:
        submit(**changes)
    assert [error.code for error in caught.value.error_dict[field]] == [code]
    assert not Intake.objects.exists()
    assert not IntakeRecipient.objects.exists()


def test_it_names_every_wrong_field_at_once(three_orgs: ThreeOrganisations) -> None:
    accepting(three_orgs.a)
    with pytest.raises(ValidationError) as caught:
        submit(whereabouts="moon", year=1900, narrative="a\x01")
    assert set(caught.value.error_dict) == {"whereabouts", "year", "narrative"}


def test_it_keeps_no_contact_detail_without_consent(three_orgs: ThreeOrganisations) -> None:
    """Not agreeing to be contacted drops the channel and the number, whatever was typed."""
    accepting(three_orgs.a)
    receipt = submit(consent_contact=False)
    personal = intake_personal_read(user=three_orgs.alice, intake_id=receipt.intake.pk)
    assert (personal.intake.contact_channel, personal.contact, personal.intake.consent_contact) == (
        "none",
        "",
        False,
    )


def test_it_makes_a_request_urgent_from_the_answers_or_the_category(three_orgs: ThreeOrganisations) -> None:
    """An urgent situation, or an urgent category (a child alone), raises it to urgent and goes first."""
    accepting(three_orgs.a)
    calm = submit().intake
    hurt = submit(urgent_reasons=["injury"]).intake
    child = submit(categories=["child-alone"]).intake
    assert (calm.urgent, hurt.urgent, child.urgent) == (False, True, True)
    assert list(intakes_for_user(user=three_orgs.alice))[-1] == calm


def test_it_sends_an_urgent_request_to_those_taking_urgent_cases_first(
    three_orgs: ThreeOrganisations,
) -> None:
    """B does not take urgent cases, A does: an urgent request goes to A only; without A, to B."""
    accepting(three_orgs.a)
    accepting(three_orgs.b, takes_urgent=False)
    submit(urgent_reasons=["threatened"])
    assert list(IntakeRecipient.objects.values_list("organisation__slug", flat=True)) == ["centro-a"]
