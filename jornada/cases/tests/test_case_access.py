"""Cases are read only through the reader's organisations, and every read of personal text is audited."""

from __future__ import annotations

import pytest
from django.http import Http404

from jornada.cases.selectors import case_get, case_notes_read, case_personal_read, cases_for_user
from jornada.cases.services import case_note_add
from jornada.cases.tests.helpers import NAME, open_case
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent
from jornada.core.tests.factories import UserFactory


def test_it_audits_every_read_of_personal_fields(three_orgs: ThreeOrganisations) -> None:
    """Each read writes one case.read event naming the fields (never their content) and the reader."""
    case = open_case(three_orgs.a, three_orgs.alice)
    case_personal_read(user=three_orgs.charlie, case_id=case.pk)
    case_personal_read(user=three_orgs.charlie, case_id=case.pk)
    events = AuditEvent.objects.filter(action="case.read", target_id=str(case.pk))
    assert events.count() == 2
    event = events.first()
    assert event is not None
    assert event.actor == three_orgs.charlie
    assert event.organisation == three_orgs.a
    assert event.detail == {
        "fields": ["worker_name", "contact", "safe_times", "narrative", "parties", "steps"]
    }
    assert NAME not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_it_audits_every_read_of_notes(three_orgs: ThreeOrganisations) -> None:
    """Reading the notes writes a case.notes_read event with their count."""
    case = open_case(three_orgs.a, three_orgs.alice)
    case_notes_read(user=three_orgs.alice, case_id=case.pk)
    event = AuditEvent.objects.get(action="case.notes_read", target_id=str(case.pk))
    assert event.detail == {"notes": 1}


@pytest.mark.parametrize("read", [case_personal_read, case_notes_read, case_get])
def test_it_hides_another_organisations_case(three_orgs: ThreeOrganisations, read: object) -> None:
    """Bob (every role in B) gets a 404 for A's case, and no read is audited or decrypted."""
    case = open_case(three_orgs.a, three_orgs.alice)
    with pytest.raises(Http404):
        read(user=three_orgs.bob, case_id=case.pk)  # type: ignore[operator]
    assert not AuditEvent.objects.filter(action__in=["case.read", "case.notes_read"]).exists()


def test_it_gives_a_missing_case_the_same_404(three_orgs: ThreeOrganisations) -> None:
    """A case number that does not exist is the same 404 as another organisation's."""
    with pytest.raises(Http404):
        case_personal_read(user=three_orgs.alice, case_id=123)


def test_it_hides_cases_from_a_member_without_a_case_role(three_orgs: ThreeOrganisations) -> None:
    """An organisation administrator who is neither advocate nor supervisor cannot open a case."""
    from jornada.core.models import Role
    from jornada.core.tests.factories import member

    admin_only = member(three_orgs.a, Role.ORG_ADMIN, name="Olga", email="olga@example.org")
    case = open_case(three_orgs.a)
    with pytest.raises(Http404):
        case_personal_read(user=admin_only, case_id=case.pk)
    assert list(cases_for_user(user=admin_only)) == []


def test_it_lists_only_the_readers_organisations_cases(three_orgs: ThreeOrganisations) -> None:
    """The case list of each user holds exactly their organisation's cases."""
    a_case = open_case(three_orgs.a)
    b_case = open_case(three_orgs.b)
    assert list(cases_for_user(user=three_orgs.alice)) == [a_case]
    assert list(cases_for_user(user=three_orgs.bob)) == [b_case]
    assert list(cases_for_user(user=UserFactory())) == []


def test_it_numbers_cases_per_organisation_and_year(three_orgs: ThreeOrganisations) -> None:
    """Each organisation counts its own cases: CA-<year>-0001, CA-<year>-0002, CB-<year>-0001."""
    from django.utils import timezone

    year = timezone.localdate().year
    numbers = [open_case(three_orgs.a).number, open_case(three_orgs.a).number, open_case(three_orgs.b).number]
    assert numbers == [f"CA-{year}-0001", f"CA-{year}-0002", f"CB-{year}-0001"]


def test_it_never_edits_a_note(three_orgs: ThreeOrganisations) -> None:
    """Saving an existing note again is refused: a correction is a new note."""
    case = open_case(three_orgs.a, three_orgs.alice)
    note = case_note_add(actor=three_orgs.alice, case=case, text="Corrección: fue en mayo.")
    with pytest.raises(PermissionError):
        note.save()
