"""Declining a request, and closing it as a duplicate of another the organisation received."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent
from jornada.intake.models import Intake, IntakeRecipient, IntakeStatus, RecipientDecision
from jornada.intake.selectors import intake_personal_read, intakes_for_user
from jornada.intake.services_staff import intake_accept, intake_decline, intake_mark_duplicate
from jornada.intake.tests.helpers import accepting
from jornada.intake.tests.queue_helpers import request_for


@pytest.fixture
def both(three_orgs: ThreeOrganisations) -> ThreeOrganisations:
    accepting(three_orgs.a)
    accepting(three_orgs.b)
    return three_orgs


def test_it_declines_for_one_organisation_and_keeps_it_for_the_others(both: ThreeOrganisations) -> None:
    """A declines: A's row keeps the reason and loses its key; B still reads it; the request is not declined."""
    intake = request_for("centro-a", "centro-b")
    intake_decline(actor=both.alice, intake_id=intake.pk, reason="no_capacity")
    row = IntakeRecipient.objects.get(intake=intake, organisation=both.a)
    assert (row.decision, row.decline_reason, row.data_key) == (
        RecipientDecision.DECLINED,
        "no_capacity",
        None,
    )
    with pytest.raises(Http404):
        intake_personal_read(user=both.alice, intake_id=intake.pk)
    assert intake_personal_read(user=both.bob, intake_id=intake.pk)
    assert Intake.objects.get(pk=intake.pk).status == IntakeStatus.RECEIVED
    event = AuditEvent.objects.get(action="intake.declined")
    assert (event.actor, event.organisation, event.detail) == (both.alice, both.a, {"reason": "no_capacity"})


def test_it_declines_the_request_once_every_recipient_has(both: ThreeOrganisations) -> None:
    """When the last recipient declines too, the request's status (its status page) says declined."""
    intake = request_for("centro-a", "centro-b")
    intake_decline(actor=both.alice, intake_id=intake.pk, reason="out_of_scope")
    intake_decline(actor=both.bob, intake_id=intake.pk, reason="conflict")
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.DECLINED
    assert intake.decided_on is not None


def test_it_refuses_an_unknown_reason_and_a_second_decision(both: ThreeOrganisations) -> None:
    intake = request_for("centro-a")
    with pytest.raises(ValidationError) as caught:
        intake_decline(actor=both.alice, intake_id=intake.pk, reason="<script>")
    assert caught.value.error_dict["reason"][0].code == "invalid_choice"
    assert IntakeRecipient.objects.get(intake=intake).decision == RecipientDecision.PENDING
    intake_decline(actor=both.alice, intake_id=intake.pk, reason="no_capacity")
    with pytest.raises(ValidationError) as again:
        intake_accept(actor=both.alice, intake_id=intake.pk)
    assert again.value.code == "already_decided"


def test_it_declines_from_the_page(both: ThreeOrganisations, staff_client: Any) -> None:
    intake = request_for("centro-a")
    client = staff_client(both.alice)
    url = reverse("intake_staff:detail", args=[intake.pk])
    invalid = client.post(url, {"action": "decline", "reason": "nope"})
    assert invalid.status_code == 400
    done = client.post(url, {"action": "decline", "reason": "not_enough_information"})
    assert done.status_code == 302
    assert list(intakes_for_user(user=both.alice)) == []


def test_it_marks_a_duplicate_of_another_request_of_the_organisation(both: ThreeOrganisations) -> None:
    """The duplicate leaves every queue; its status page says it was already received."""
    original = request_for("centro-a", "centro-b")
    copy = request_for("centro-a", "centro-b")
    intake_mark_duplicate(actor=both.alice, intake_id=copy.pk, duplicate_of_id=original.pk)
    copy.refresh_from_db()
    assert (copy.status, copy.duplicate_of) == (IntakeStatus.DUPLICATE, original)
    assert list(intakes_for_user(user=both.bob)) == [original]
    event = AuditEvent.objects.get(action="intake.duplicate")
    assert (event.actor, event.detail) == (both.alice, {"duplicate_of": original.pk})


def test_it_refuses_a_duplicate_of_a_request_the_organisation_cannot_see(both: ThreeOrganisations) -> None:
    """B's own request, a missing one, or the request itself: an error naming the field, nothing changed."""
    mine = request_for("centro-a")
    of_b = request_for("centro-b")
    for other in (of_b.pk, 999_999_999, mine.pk, None):
        with pytest.raises(ValidationError) as caught:
            intake_mark_duplicate(actor=both.alice, intake_id=mine.pk, duplicate_of_id=other)
        assert caught.value.error_dict["duplicate_of"][0].code == "invalid_choice"
    assert Intake.objects.get(pk=mine.pk).status == IntakeStatus.RECEIVED


def test_it_is_a_404_to_decide_another_organisations_request(both: ThreeOrganisations) -> None:
    of_b = request_for("centro-b")
    other = request_for("centro-b")
    for decide in (
        lambda: intake_accept(actor=both.alice, intake_id=of_b.pk),
        lambda: intake_decline(actor=both.alice, intake_id=of_b.pk, reason="no_capacity"),
        lambda: intake_mark_duplicate(actor=both.alice, intake_id=of_b.pk, duplicate_of_id=other.pk),
    ):
        with pytest.raises(Http404):
            decide()
    assert IntakeRecipient.objects.filter(decision=RecipientDecision.PENDING).count() == 2
