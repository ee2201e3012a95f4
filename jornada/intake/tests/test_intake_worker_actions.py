"""What the worker can do with the receipt code afterwards, and how long a request keeps its data."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from jornada.cases.models import OrganisationKey
from jornada.cases.tests.helpers import table_dump
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent
from jornada.core.retention import retention_prune
from jornada.intake.models import Intake, IntakeAddition, IntakeStatus
from jornada.intake.selectors import intake_personal_read
from jornada.intake.services import intake_information_add, intake_withdraw
from jornada.intake.tests.helpers import NARRATIVE, accepting, submit


def test_it_adds_what_the_worker_writes_later(three_orgs: ThreeOrganisations) -> None:
    accepting(three_orgs.a)
    receipt = submit()
    intake_information_add(code=receipt.code, text="Agregado-7P: también me quitaron el pasaporte.")
    personal = intake_personal_read(user=three_orgs.alice, intake_id=receipt.intake.pk)
    assert [addition.text for addition in personal.additions] == [
        "Agregado-7P: también me quitaron el pasaporte."
    ]
    assert b"Agregado-7P" not in table_dump("intake_intakeaddition")


@pytest.mark.parametrize(
    ("code", "text", "field", "error"),
    [
        ("0000-0000-0000", "hola", "code", "unknown_code"),
        (None, "", "addition", "required"),
        (None, "z" * 5_001, "addition", "too_long"),
    ],
)
def test_it_refuses_bad_additions(
    three_orgs: ThreeOrganisations, code: str | None, text: str, field: str, error: str
) -> None:
    accepting(three_orgs.a)
    receipt = submit()
    with pytest.raises(ValidationError) as caught:
        intake_information_add(code=code or receipt.code, text=text)
    assert caught.value.error_dict[field][0].code == error
    assert not IntakeAddition.objects.exists()


def test_it_erases_a_withdrawn_request_and_audits_it_by_day(three_orgs: ThreeOrganisations) -> None:
    """Withdrawn: sealed fields, additions and every key are gone; the organisation sees a 404; the event keeps its day."""
    accepting(three_orgs.a)
    receipt = submit()
    intake_information_add(code=receipt.code, text="Agregado-7P")
    intake = intake_withdraw(code=receipt.code)
    assert intake.status == IntakeStatus.WITHDRAWN
    assert intake_withdraw(code=receipt.code).status == IntakeStatus.WITHDRAWN, (
        "a second time changes nothing"
    )
    intake.refresh_from_db()
    assert (intake.narrative_sealed, intake.contact_sealed, intake.contact_channel) == (None, None, "none")
    assert not intake.recipients.filter(data_key__isnull=False).exists()
    assert not IntakeAddition.objects.filter(text_sealed__isnull=False).exists()
    with pytest.raises(Http404):
        intake_personal_read(user=three_orgs.alice, intake_id=intake.pk)
    event = AuditEvent.objects.get(action="intake.withdrawn")
    assert (event.organisation, event.actor, event.at.time().isoformat()) == (three_orgs.a, None, "00:00:00")
    with pytest.raises(ValidationError) as caught:
        intake_information_add(code=receipt.code, text="más")
    assert caught.value.error_dict["addition"][0].code == "closed"


def test_it_erases_requests_that_ended_without_a_case_after_the_period(
    three_orgs: ThreeOrganisations,
) -> None:
    """Declined 91 days ago: erased by the daily prune; declined yesterday or still open: kept."""
    accepting(three_orgs.a)
    old, recent, waiting = submit().intake, submit().intake, submit().intake
    today = timezone.localdate()
    Intake.objects.filter(pk=old.pk).update(
        status=IntakeStatus.DECLINED, decided_on=today - timedelta(days=91)
    )
    Intake.objects.filter(pk=recent.pk).update(
        status=IntakeStatus.DECLINED, decided_on=today - timedelta(days=1)
    )
    retention_prune()
    erased = {intake.pk for intake in Intake.objects.filter(erased_on__isnull=False)}
    assert erased == {old.pk}
    assert Intake.objects.get(pk=waiting.pk).narrative_sealed is not None


def test_it_keeps_requests_readable_through_key_rotation(three_orgs: ThreeOrganisations) -> None:
    """A new organisation key version rewraps each request's key; the old version is then retired."""
    accepting(three_orgs.a)
    receipt = submit()
    call_command("rotate_keys", "--new-organisation-keys", stdout=io.StringIO(), stderr=io.StringIO())
    recipient = receipt.intake.recipients.get()
    assert recipient.key_version == 2
    assert list(
        OrganisationKey.objects.filter(organisation=three_orgs.a).values_list("version", flat=True)
    ) == [2]
    personal = intake_personal_read(user=three_orgs.alice, intake_id=receipt.intake.pk)
    assert personal.narrative == NARRATIVE
