"""Personal fields are sealed field by field under a per-case key, and open only where they belong."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from jornada.cases.crypto import CaseDecryptionError
from jornada.cases.models import Case, CaseNote, OrganisationKey
from jornada.cases.selectors import case_notes_read, case_personal_read
from jornada.cases.services import case_create, case_note_add, case_personal_update
from jornada.cases.tests.helpers import CONTACT, NAME, NARRATIVE, NOTE, open_case, table_dump
from jornada.conftest import ThreeOrganisations

OTHER_KEY = b"another-master-key-32-bytes-long"


def test_it_reads_back_what_was_written(three_orgs: ThreeOrganisations) -> None:
    """Opening a case and reading it gives back the same name, contact, narrative and note."""
    case = open_case(three_orgs.a, three_orgs.alice)
    personal = case_personal_read(user=three_orgs.alice, case_id=case.pk)
    assert (personal.worker_name, personal.contact, personal.narrative) == (NAME, CONTACT, NARRATIVE)
    notes = case_notes_read(user=three_orgs.alice, case_id=case.pk)
    assert [(note.text, note.author_name) for note in notes] == [(NOTE, "Alice")]


def test_it_keeps_unicode_and_empty_fields(three_orgs: ThreeOrganisations) -> None:
    """Names in any script and empty fields come back exactly."""
    case = open_case(three_orgs.a, worker_name="Ñuu Savi – Tu̱ʼun Ndáʼví 🌽", contact="")
    personal = case_personal_read(user=three_orgs.alice, case_id=case.pk)
    assert personal.worker_name == "Ñuu Savi – Tu̱ʼun Ndáʼví 🌽"
    assert personal.contact == ""


def test_it_stores_no_personal_text_in_clear(three_orgs: ThreeOrganisations) -> None:
    """A raw SQL dump of the case, note and key tables holds none of the personal text or keys."""
    case = open_case(three_orgs.a, three_orgs.alice)
    case_personal_update(actor=three_orgs.alice, case=case, narrative=NARRATIVE + " más")
    dump = table_dump(
        Case._meta.db_table, CaseNote._meta.db_table, OrganisationKey._meta.db_table, "core_auditevent"
    )
    for text in (NAME, CONTACT, NARRATIVE, NOTE, "Unico-7Q", "Unica-7Q", "5555 0177"):
        assert text.encode("utf-8") not in dump
    master = b"test-only-case-key-never-in-prod"
    assert master not in dump
    assert base64.urlsafe_b64encode(master) not in dump


def test_it_uses_a_fresh_nonce_for_every_value(three_orgs: ThreeOrganisations) -> None:
    """Two cases with the same name store different ciphertexts (own key, random nonce)."""
    first = open_case(three_orgs.a)
    second = open_case(three_orgs.a)
    assert bytes(first.worker_name_sealed) != bytes(second.worker_name_sealed)
    assert bytes(first.data_key) != bytes(second.data_key)


@pytest.mark.parametrize(("source", "target"), [("worker_name", "contact"), ("narrative", "worker_name")])
def test_it_refuses_a_ciphertext_moved_to_another_field(
    three_orgs: ThreeOrganisations, source: str, target: str
) -> None:
    """A sealed value copied into another field of the same case does not open: it fails loudly."""
    case = open_case(three_orgs.a)
    Case.objects.filter(pk=case.pk).update(**{f"{target}_sealed": getattr(case, f"{source}_sealed")})
    with pytest.raises(CaseDecryptionError, match=target):
        case_personal_read(user=three_orgs.alice, case_id=case.pk)


def test_it_refuses_a_ciphertext_moved_to_another_case(three_orgs: ThreeOrganisations) -> None:
    """A sealed name copied into another case of the same organisation does not open."""
    first = open_case(three_orgs.a)
    second = open_case(three_orgs.a, worker_name="Otra persona")
    Case.objects.filter(pk=second.pk).update(worker_name_sealed=first.worker_name_sealed)
    with pytest.raises(CaseDecryptionError):
        case_personal_read(user=three_orgs.alice, case_id=second.pk)


def test_it_refuses_a_data_key_moved_to_another_case(three_orgs: ThreeOrganisations) -> None:
    """Even the wrapped data key and all fields copied together to another row do not open."""
    first = open_case(three_orgs.a)
    second = open_case(three_orgs.a)
    Case.objects.filter(pk=second.pk).update(
        data_key=first.data_key,
        worker_name_sealed=first.worker_name_sealed,
        contact_sealed=first.contact_sealed,
        narrative_sealed=first.narrative_sealed,
    )
    with pytest.raises(CaseDecryptionError):
        case_personal_read(user=three_orgs.alice, case_id=second.pk)


def test_it_refuses_a_note_moved_to_another_note(three_orgs: ThreeOrganisations) -> None:
    """A note's text copied onto another note of the same case (same data key) does not open."""
    case = open_case(three_orgs.a, three_orgs.alice)
    second = case_note_add(actor=three_orgs.alice, case=case, text="Otra nota")
    first = CaseNote.objects.exclude(pk=second.pk).get(case=case)
    CaseNote.objects.filter(pk=second.pk).update(text_sealed=first.text_sealed)
    with pytest.raises(CaseDecryptionError):
        case_notes_read(user=three_orgs.alice, case_id=case.pk)


def test_it_refuses_a_tampered_ciphertext(three_orgs: ThreeOrganisations) -> None:
    """One flipped bit in a sealed field is an error, not altered text."""
    case = open_case(three_orgs.a)
    sealed = bytearray(bytes(case.narrative_sealed))
    sealed[-1] ^= 1
    Case.objects.filter(pk=case.pk).update(narrative_sealed=bytes(sealed))
    with pytest.raises(CaseDecryptionError):
        case_personal_read(user=three_orgs.alice, case_id=case.pk)


def test_it_fails_loudly_with_a_wrong_master_key(three_orgs: ThreeOrganisations) -> None:
    """With another master key configured, reading raises CaseDecryptionError, never garbage."""
    case = open_case(three_orgs.a)
    with (
        override_settings(JORNADA_CASE_KEY=OTHER_KEY),
        pytest.raises(CaseDecryptionError, match="master key"),
    ):
        case_personal_read(user=three_orgs.alice, case_id=case.pk)


def test_it_fails_loudly_when_a_wrapped_organisation_key_was_swapped(three_orgs: ThreeOrganisations) -> None:
    """Organisation B's wrapped key copied over A's does not open A's cases (bound to its row)."""
    case = open_case(three_orgs.a)
    open_case(three_orgs.b)
    b_key = OrganisationKey.objects.get(organisation=three_orgs.b)
    OrganisationKey.objects.filter(organisation=three_orgs.a).update(wrapped=b_key.wrapped)
    with pytest.raises(CaseDecryptionError):
        case_personal_read(user=three_orgs.alice, case_id=case.pk)


def test_it_refuses_every_case_operation_without_a_master_key(three_orgs: ThreeOrganisations) -> None:
    """With no JORNADA_CASE_KEY, opening and reading a case raise ImproperlyConfigured naming it."""
    case = open_case(three_orgs.a)
    with override_settings(JORNADA_CASE_KEY=None):
        with pytest.raises(ImproperlyConfigured, match="JORNADA_CASE_KEY"):
            case_create(actor=None, organisation=three_orgs.a, worker_name="X")
        with pytest.raises(ImproperlyConfigured, match="JORNADA_CASE_KEY"):
            case_personal_read(user=three_orgs.alice, case_id=case.pk)
    assert Case.objects.count() == 1


def test_it_never_writes_the_organisation_key_in_clear(three_orgs: ThreeOrganisations) -> None:
    """The stored organisation key is the sealed form (format, nonce, 32 bytes, tag), not 32 bytes."""
    open_case(three_orgs.a)
    row = OrganisationKey.objects.get(organisation=three_orgs.a)
    assert len(bytes(row.wrapped)) == 1 + 12 + 32 + 16
    assert row.version == 1
