"""`jornada rotate_keys` rewraps keys, never field data, and every case stays readable."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from jornada.cases.crypto import CaseDecryptionError
from jornada.cases.models import CASE_PERSONAL_FIELDS, Case, CaseNote, OrganisationKey
from jornada.cases.selectors import case_notes_read, case_personal_read
from jornada.cases.tests.helpers import NAME, NOTE, open_case
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent

OLD_MASTER = b"test-only-case-key-never-in-prod"
NEW_MASTER = b"a-brand-new-master-key-32-bytes!"


def _sealed(case_ids: list[int]) -> dict[int, tuple[bytes, ...]]:
    cases = Case.objects.filter(pk__in=case_ids)
    fields = {
        case.pk: tuple(bytes(getattr(case, f"{f}_sealed")) for f in CASE_PERSONAL_FIELDS) for case in cases
    }
    notes = {note.pk: (bytes(note.text_sealed),) for note in CaseNote.objects.filter(case_id__in=case_ids)}
    return {**fields, **notes}


def _all_readable(orgs: ThreeOrganisations, cases: list[Case]) -> None:
    for case in cases:
        user = orgs.alice if case.organisation_id == orgs.a.pk else orgs.bob
        assert case_personal_read(user=user, case_id=case.pk).worker_name == NAME
        assert [note.text for note in case_notes_read(user=user, case_id=case.pk)] == [NOTE]


def _rotate(*args: str) -> str:
    out = io.StringIO()
    call_command("rotate_keys", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_moves_organisation_keys_to_a_new_master_key(three_orgs: ThreeOrganisations) -> None:
    """After a master rotation every case reads with the new key, and field ciphertexts are unchanged."""
    cases = [open_case(three_orgs.a, three_orgs.alice) for _ in range(3)] + [
        open_case(three_orgs.b, three_orgs.bob)
    ]
    before = _sealed([case.pk for case in cases])
    wrapped_before = set(OrganisationKey.objects.values_list("wrapped", flat=True))
    with override_settings(JORNADA_CASE_KEY=NEW_MASTER, JORNADA_CASE_KEY_PREVIOUS=OLD_MASTER):
        assert "current master key: 2." in _rotate()
        _all_readable(three_orgs, cases)
        assert "current master key: 0." in _rotate()  # idempotent: nothing left to do
    event = AuditEvent.objects.get(action="case.keys_rotated")  # only the run that changed something
    assert event.detail["organisation_keys_moved"] == 2
    assert _sealed([case.pk for case in cases]) == before
    assert wrapped_before.isdisjoint(
        bytes(w) for w in OrganisationKey.objects.values_list("wrapped", flat=True)
    )
    with pytest.raises(CaseDecryptionError):  # the old master key no longer opens anything
        case_personal_read(user=three_orgs.alice, case_id=cases[0].pk)


def test_it_refuses_a_master_rotation_without_the_previous_key(three_orgs: ThreeOrganisations) -> None:
    """With a new master key but no JORNADA_CASE_KEY_PREVIOUS, the command stops and says what to set."""
    open_case(three_orgs.a)
    with (
        override_settings(JORNADA_CASE_KEY=NEW_MASTER, JORNADA_CASE_KEY_PREVIOUS=None),
        pytest.raises(CommandError, match="JORNADA_CASE_KEY_PREVIOUS"),
    ):
        _rotate()


def test_it_refuses_a_wrong_previous_key_and_changes_nothing(three_orgs: ThreeOrganisations) -> None:
    """A wrong previous master key fails loudly and leaves every organisation key as it was."""
    open_case(three_orgs.a)
    open_case(three_orgs.b)
    before = sorted(bytes(w) for w in OrganisationKey.objects.values_list("wrapped", flat=True))
    with (
        override_settings(JORNADA_CASE_KEY=NEW_MASTER, JORNADA_CASE_KEY_PREVIOUS=b"w" * 32),
        pytest.raises(CommandError, match="master key"),
    ):
        _rotate()
    assert sorted(bytes(w) for w in OrganisationKey.objects.values_list("wrapped", flat=True)) == before


def test_it_rewraps_case_keys_under_a_new_organisation_key(three_orgs: ThreeOrganisations) -> None:
    """A new organisation key version takes over every case key; fields stay byte-identical."""
    cases = [open_case(three_orgs.a, three_orgs.alice) for _ in range(5)] + [
        open_case(three_orgs.b, three_orgs.bob)
    ]
    before = _sealed([case.pk for case in cases])
    data_keys_before = dict(Case.objects.values_list("pk", "data_key"))
    output = _rotate("--new-organisation-keys", "--organisation", "centro-a", "--batch", "2")
    assert "New organisation key versions: 1. Case keys rewrapped: 5." in output
    assert "removed: 1." in output
    assert sorted(OrganisationKey.objects.values_list("organisation__slug", "version")) == [
        ("centro-a", 2),
        ("centro-b", 1),
    ]
    assert set(Case.objects.filter(organisation=three_orgs.a).values_list("key_version", flat=True)) == {2}
    for case in Case.objects.filter(organisation=three_orgs.a):
        assert bytes(case.data_key) != bytes(data_keys_before[case.pk])
    assert _sealed([case.pk for case in cases]) == before
    _all_readable(three_orgs, cases)
    assert "Case keys rewrapped: 0." in _rotate()


def test_it_finishes_an_interrupted_organisation_key_rotation(three_orgs: ThreeOrganisations) -> None:
    """Cases left under an older version (an interrupted run) are readable and moved on the next run."""
    cases = [open_case(three_orgs.a, three_orgs.alice) for _ in range(2)]
    from jornada.cases.rotation import organisation_keys_add_version

    organisation_keys_add_version(organisations=[three_orgs.a])  # the run stopped right here
    _all_readable(three_orgs, cases)
    newer = open_case(three_orgs.a, three_orgs.alice)
    assert newer.key_version == 2
    assert "Case keys rewrapped: 2." in _rotate()
    _all_readable(three_orgs, [*cases, newer])
    assert list(OrganisationKey.objects.values_list("version", flat=True)) == [2]


def test_it_warns_that_losing_the_master_key_loses_the_data() -> None:
    """The command's help says that losing the master key loses every case's personal data."""
    from jornada.cases.management.commands.rotate_keys import Command

    assert "loses every case's personal data" in Command.help


def test_it_leaves_anonymised_cases_alone(three_orgs: ThreeOrganisations) -> None:
    """A case without a data key (anonymised) is skipped, not an error."""
    from jornada.cases.services import case_anonymise

    case = open_case(three_orgs.a)
    case_anonymise(case=case, reason="retention")
    assert "Case keys rewrapped: 0." in _rotate("--new-organisation-keys")
