"""Anonymising a case erases its personal fields and notes' text and destroys its data key."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from jornada.cases.models import Case, CaseNote
from jornada.cases.selectors import case_notes_read, case_personal_read, cases_for_user
from jornada.cases.services import case_anonymise, case_note_add, case_personal_update
from jornada.cases.tests.helpers import CONTACT, NAME, NARRATIVE, NOTE, open_case, table_dump
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent


def test_it_erases_personal_data_and_keeps_the_counts(three_orgs: ThreeOrganisations) -> None:
    """Fields, notes' text and the data key are gone; the case, its number, dates and note count stay."""
    case = open_case(three_orgs.a, three_orgs.alice)
    case_note_add(actor=three_orgs.alice, case=case, text="Segunda nota")
    kept = open_case(three_orgs.a, three_orgs.alice)
    case_anonymise(case=case, reason="withdrawn", actor=three_orgs.alice)
    case.refresh_from_db()
    assert case.is_anonymised()
    assert case.anonymised_reason == "withdrawn"
    assert (case.data_key, case.key_version) == (None, None)
    assert (case.worker_name_sealed, case.contact_sealed, case.narrative_sealed) == (None, None, None)
    assert list(CaseNote.objects.filter(case=case).values_list("text_sealed", flat=True)) == [None, None]
    assert Case.objects.count() == 2
    listed = {c.number: c.note_count for c in cases_for_user(user=three_orgs.alice)}
    assert listed == {case.number: 2, kept.number: 1}
    personal = case_personal_read(user=three_orgs.alice, case_id=case.pk)
    assert (personal.worker_name, personal.contact, personal.narrative) == ("", "", "")
    assert [note.text for note in case_notes_read(user=three_orgs.alice, case_id=case.pk)] == ["", ""]
    # The other case is untouched.
    assert case_personal_read(user=three_orgs.alice, case_id=kept.pk).narrative == NARRATIVE


def test_it_leaves_no_trace_in_the_tables(three_orgs: ThreeOrganisations) -> None:
    """After anonymising, not even the sealed form of the old values remains in the case tables."""
    case = open_case(three_orgs.a, three_orgs.alice)
    sealed = [bytes(case.worker_name_sealed), bytes(case.narrative_sealed), bytes(case.data_key)]
    case_anonymise(case=case, reason="erasure_request")
    dump = table_dump(Case._meta.db_table, CaseNote._meta.db_table)
    for value in (*sealed, NAME.encode(), CONTACT.encode(), NOTE.encode()):
        assert value not in dump


def test_it_audits_the_anonymisation(three_orgs: ThreeOrganisations) -> None:
    """One case.anonymised event with the reason and the number of notes erased."""
    case = open_case(three_orgs.a, three_orgs.alice)
    case_anonymise(case=case, reason="retention")
    case_anonymise(case=case, reason="retention")  # a second time changes and records nothing
    event = AuditEvent.objects.get(action="case.anonymised")
    assert event.detail == {"reason": "retention", "notes": 1}
    assert event.organisation == three_orgs.a


def test_it_refuses_an_unknown_reason(three_orgs: ThreeOrganisations) -> None:
    """A reason outside the list is a ValidationError, and nothing is erased."""
    case = open_case(three_orgs.a)
    with pytest.raises(ValidationError) as caught:
        case_anonymise(case=case, reason="porque sí")
    assert caught.value.code == "invalid_reason"
    case.refresh_from_db()
    assert not case.is_anonymised()


def test_it_refuses_to_write_personal_data_into_an_anonymised_case(three_orgs: ThreeOrganisations) -> None:
    """Neither a field nor a note can be added after anonymisation."""
    case = open_case(three_orgs.a, three_orgs.alice)
    case_anonymise(case=case, reason="retention")
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        case_personal_update(actor=three_orgs.alice, case=case, worker_name="Otra vez")
    with pytest.raises(ValidationError):
        case_note_add(actor=three_orgs.alice, case=case, text="Nota tardía")
