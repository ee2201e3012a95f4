"""Accepting a request as a case: the data moves into the case, every other recipient loses it."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.http import Http404
from django.urls import reverse

from jornada.cases.models import Case, CaseNote, ContactChannel
from jornada.cases.selectors import case_notes_read, case_personal_read
from jornada.cases.tests.helpers import table_dump
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent
from jornada.directory.tests.factories import EmployerFactory
from jornada.intake.models import Intake, IntakeRecipient, IntakeStatus, RecipientDecision
from jornada.intake.selectors import intake_personal_read, intakes_for_user
from jornada.intake.services import intake_information_add
from jornada.intake.services_staff import intake_accept
from jornada.intake.tests.helpers import NAME, NARRATIVE, PARTY, SAFE_TIMES, accepting, submit
from jornada.intake.tests.queue_helpers import linked, request_for


@pytest.fixture
def both(three_orgs: ThreeOrganisations) -> ThreeOrganisations:
    accepting(three_orgs.a)
    accepting(three_orgs.b)
    return three_orgs


def test_it_opens_a_case_with_the_requests_details_and_notes(both: ThreeOrganisations) -> None:
    """Name, contact, safe times, channel and narrative (with the party typed) go to the case; the rest to notes."""
    receipt = submit(any_organisation=False, organisations=["centro-a"], may_leave_message=True)
    intake_information_add(code=receipt.code, text="Agregado-8Z: también me quitaron el pasaporte.")
    case = intake_accept(actor=both.alice, intake_id=receipt.intake.pk)
    assert case.organisation == both.a
    assert (case.contact_channel, case.may_leave_message) == (ContactChannel.WHATSAPP, True)
    personal = case_personal_read(user=both.alice, case_id=case.pk)
    assert (personal.worker_name, personal.contact, personal.safe_times) == (
        NAME,
        "+529515550144",
        SAFE_TIMES,
    )
    assert NARRATIVE in personal.narrative
    assert PARTY in personal.narrative
    notes = [note.text for note in case_notes_read(user=both.alice, case_id=case.pk)]
    assert len(notes) == 2
    assert "Oaxaca" in notes[0]
    assert "2026" in notes[0]
    assert "Agregado-8Z" in notes[1]
    intake = Intake.objects.get(pk=receipt.intake.pk)
    assert (intake.case, intake.status) == (case, IntakeStatus.ACCEPTED)
    assert IntakeRecipient.objects.get(intake=intake).decision == RecipientDecision.ACCEPTED


def test_it_adds_what_the_worker_writes_afterwards_to_the_case(both: ThreeOrganisations) -> None:
    """Once accepted, information the worker adds from the status page becomes a note of the case."""
    receipt = submit(any_organisation=False, organisations=["centro-a"])
    case = intake_accept(actor=both.alice, intake_id=receipt.intake.pk)
    intake_information_add(code=receipt.code, text="Agregado-9Y: ya regresé a Oaxaca.")
    notes = case_notes_read(user=both.alice, case_id=case.pk)
    assert (notes[-1].author_name, "Agregado-9Y" in notes[-1].text) == ("", True)


def test_it_erases_the_requests_own_copy_and_every_other_recipients_key(both: ThreeOrganisations) -> None:
    """After A accepts, the request holds no sealed field or key; B's decision is taken_elsewhere and B gets 404."""
    intake = request_for("centro-a", "centro-b")
    intake_accept(actor=both.alice, intake_id=intake.pk)
    intake.refresh_from_db()
    assert intake.is_erased()
    assert all(getattr(intake, f"{name}_sealed") is None for name in ("worker_name", "contact", "narrative"))
    assert not IntakeRecipient.objects.filter(intake=intake, data_key__isnull=False).exists()
    b_row = IntakeRecipient.objects.get(intake=intake, organisation=both.b)
    assert b_row.decision == RecipientDecision.TAKEN_ELSEWHERE
    with pytest.raises(Http404):
        intake_personal_read(user=both.bob, intake_id=intake.pk)
    assert list(intakes_for_user(user=both.bob)) == []
    assert list(intakes_for_user(user=both.alice)) == []
    dump = table_dump("intake_intake", "intake_intakerecipient", "cases_case", "cases_casenote")
    assert NAME.encode() not in dump


def test_it_removes_the_request_from_the_other_organisation_everywhere(
    both: ThreeOrganisations, staff_client: Any
) -> None:
    """A request sent to A and B: once A accepts it, B's page and API answer 404 and B's queue is empty."""
    intake = request_for("centro-a", "centro-b")
    bob = staff_client(both.bob)
    assert bob.get(reverse("intake_staff:detail", args=[intake.pk])).status_code == 200
    response = staff_client(both.alice).post(
        reverse("intake_staff:detail", args=[intake.pk]), {"action": "accept"}
    )
    case = Case.objects.get(organisation=both.a)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert bob.get(reverse("intake_staff:detail", args=[intake.pk])).status_code == 404
    assert bob.get(f"/api/v1/staff/intake/{intake.pk}").status_code == 404
    assert bob.get("/api/v1/staff/intake").json()["results"] == []
    assert "No hay ninguna solicitud" in bob.get("/es/staff/intake/").content.decode()


def test_it_tells_the_second_organisation_it_was_taken_first(
    both: ThreeOrganisations, staff_client: Any
) -> None:
    """B accepting after A (a page loaded before): a clear message, no second case, 409 in the API."""
    intake = request_for("centro-a", "centro-b")
    intake_accept(actor=both.alice, intake_id=intake.pk)
    with pytest.raises(ValidationError) as caught:
        intake_accept(actor=both.bob, intake_id=intake.pk)
    assert caught.value.code == "taken_elsewhere"
    bob = staff_client(both.bob)
    page = bob.post(reverse("intake_staff:detail", args=[intake.pk]), {"action": "accept"})
    assert page.status_code == 404, "the page itself is gone for B"
    api = bob.post(f"/api/v1/staff/intake/{intake.pk}/accept", {}, content_type="application/json")
    assert api.status_code == 409
    assert api.json()["errors"]["__all__"][0]["code"] == "taken_elsewhere"
    assert Case.objects.count() == 1


def test_it_accepts_a_request_whose_worker_did_not_agree_to_be_contacted(both: ThreeOrganisations) -> None:
    """No contact consent: the case opens with no channel and no contact, and a note says not to contact."""
    intake = request_for("centro-a", consent_contact=False)
    case = intake_accept(actor=both.alice, intake_id=intake.pk)
    assert case.contact_channel == ContactChannel.NONE
    assert case_personal_read(user=both.alice, case_id=case.pk).contact == ""
    notes = case_notes_read(user=both.alice, case_id=case.pk)
    assert "no aceptó que la contacten" in notes[0].text or "did not agree to be contacted" in notes[0].text


def test_it_audits_the_acceptance_for_both_organisations(both: ThreeOrganisations) -> None:
    """A's log names alice and the case; B's log says it was taken elsewhere, naming nobody."""
    intake = request_for("centro-a", "centro-b")
    case = intake_accept(actor=both.alice, intake_id=intake.pk)
    accepted = AuditEvent.objects.get(action="intake.accepted")
    assert (accepted.actor, accepted.organisation, accepted.detail) == (both.alice, both.a, {"case": case.pk})
    elsewhere = AuditEvent.objects.get(action="intake.taken_elsewhere")
    assert (elsewhere.actor, elsewhere.organisation) == (None, both.b)


def test_it_needs_a_confirmation_to_accept_despite_a_conflict(
    both: ThreeOrganisations, staff_client: Any
) -> None:
    """With a case of A naming the same employer, accepting without the checkbox fails; with it, it is audited."""
    employer = EmployerFactory()
    earlier = linked(request_for("centro-a"), employer=employer)
    earlier_case = intake_accept(actor=both.alice, intake_id=earlier.pk)
    intake = linked(request_for("centro-a"), employer=employer)
    client = staff_client(both.alice)
    url = reverse("intake_staff:detail", args=[intake.pk])
    page = client.get(url).content.decode()
    assert reverse("cases:detail", args=[earlier_case.pk]) in page
    refused = client.post(url, {"action": "accept"})
    assert refused.status_code == 400
    assert Intake.objects.get(pk=intake.pk).case is None
    assert not AuditEvent.objects.filter(action="intake.conflict_confirmed").exists()
    with pytest.raises(ValidationError) as caught:
        intake_accept(actor=both.alice, intake_id=intake.pk)
    assert caught.value.error_dict["confirm_conflicts"][0].code == "conflict_unconfirmed"
    accepted = client.post(url, {"action": "accept", "confirm_conflicts": "on"})
    assert accepted.status_code == 302
    confirmed = AuditEvent.objects.get(action="intake.conflict_confirmed")
    assert (confirmed.actor, confirmed.detail) == (both.alice, {"conflicts": 1})


def test_it_leaves_nothing_half_written_when_the_case_cannot_open(both: ThreeOrganisations) -> None:
    """A failure while opening the case rolls the whole acceptance back: request, keys and case."""
    from unittest import mock

    intake = request_for("centro-a", "centro-b")
    with (
        mock.patch("jornada.intake.services_staff.case_note_add", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        intake_accept(actor=both.alice, intake_id=intake.pk)
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.RECEIVED
    assert not intake.is_erased()
    assert IntakeRecipient.objects.filter(intake=intake, data_key__isnull=False).count() == 2
    assert not Case.objects.exists()
    assert not CaseNote.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_it_lets_only_one_of_two_organisations_accepting_at_once_win(three_orgs: ThreeOrganisations) -> None:
    """A and B accept in two connections at the same moment: one case, the other gets taken_elsewhere."""
    from jornada.vocabulary.initial import initial_load
    from jornada.vocabulary.models import Category, CategoryVersion

    initial_load(Category, CategoryVersion)  # an earlier transactional test's flush empties it
    accepting(three_orgs.a)
    accepting(three_orgs.b)
    intake = request_for("centro-a", "centro-b")
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def accept(name: str, user: Any) -> None:
        try:
            start.wait()
            outcomes[name] = intake_accept(actor=user, intake_id=intake.pk)
        except ValidationError as error:
            outcomes[name] = error.code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=accept, args=("a", three_orgs.alice)),
        threading.Thread(target=accept, args=("b", three_orgs.bob)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(outcome).__name__ for outcome in outcomes.values()) == ["Case", "str"]
    assert "taken_elsewhere" in outcomes.values()
    assert Case.objects.count() == 1
    assert Intake.objects.get(pk=intake.pk).case == Case.objects.get()


def test_it_gives_the_case_the_requests_urgency_categories_and_parties(both: ThreeOrganisations) -> None:
    """Triage's urgency, categories and directory links become the case's; the typed name a sealed party."""
    from jornada.cases.models import CaseCategory, CaseParty
    from jornada.cases.workflow import case_stage

    employer = EmployerFactory()
    intake = linked(
        request_for("centro-a", urgent_reasons=["injury"], categories=["wage-theft", "recruitment-fees"]),
        employer=employer,
    )
    case = intake_accept(actor=both.alice, intake_id=intake.pk)
    assert case.urgent
    assert set(CaseCategory.objects.filter(case=case).values_list("category__code", flat=True)) == {
        "wage-theft",
        "recruitment-fees",
    }
    parties = CaseParty.objects.filter(case=case)
    assert sorted(parties.values_list("role", "employer_id")) == [("employer", employer.pk), ("other", None)]
    assert PARTY.encode() not in table_dump("cases_caseparty")
    assert case_stage(case) == "new"
