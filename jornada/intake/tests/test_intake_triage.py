"""Triage of a waiting request, and the conflict check shown before accepting it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent
from jornada.directory.services.refresh import search_entries_refresh
from jornada.directory.tests.factories import EmployerFactory, RecruiterFactory
from jornada.intake.models import Intake
from jornada.intake.selectors import intake_recipient_get
from jornada.intake.selectors_staff import cases_naming_parties, intake_conflicts
from jornada.intake.services_staff import intake_accept, intake_triage
from jornada.intake.tests.helpers import accepting
from jornada.intake.tests.queue_helpers import linked, request_for


@pytest.fixture
def both(three_orgs: ThreeOrganisations) -> ThreeOrganisations:
    accepting(three_orgs.a)
    accepting(three_orgs.b)
    return three_orgs


def _triage(user: Any, intake: Intake, **changes: Any) -> Intake:
    values: dict[str, Any] = {"urgent": False, "categories": ["wage-theft"], "language": "Español", **changes}
    return intake_triage(actor=user, intake_id=intake.pk, **values)


def test_it_sets_urgency_categories_parties_and_language(both: ThreeOrganisations) -> None:
    """Every triage field is kept as given (the language as its key) and the change is audited by field."""
    employer, recruiter = EmployerFactory(), RecruiterFactory()
    intake = request_for("centro-a")
    _triage(
        both.alice,
        intake,
        urgent=True,
        categories=["recruitment-fees", "document-retention"],
        language="Purépecha",
        employer_id=employer.pk,
        recruiter_id=recruiter.pk,
    )
    intake.refresh_from_db()
    assert (intake.urgent, intake.categories, intake.language) == (
        True,
        ["recruitment-fees", "document-retention"],
        "purepecha",
    )
    assert (intake.employer, intake.recruiter) == (employer, recruiter)
    event = AuditEvent.objects.get(action="intake.triaged")
    assert event.detail == {"fields": ["categories", "employer", "language", "recruiter", "urgent"]}


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"categories": ["not-a-category"]}, "categories", "invalid_choice"),
        ({"categories": [f"c{number}" for number in range(13)]}, "categories", "too_many"),
        ({"language": ""}, "language", "required"),
        ({"language": "<script>"}, "language", "invalid"),
        ({"language": "x" * 41}, "language", "invalid"),
        ({"employer_id": 999_999_999}, "employer", "invalid_choice"),
        ({"recruiter_id": 999_999_999}, "recruiter", "invalid_choice"),
    ],
)
def test_it_refuses_bad_triage_naming_the_field(
    both: ThreeOrganisations, changes: dict[str, Any], field: str, code: str
) -> None:
    intake = request_for("centro-a")
    with pytest.raises(ValidationError) as caught:
        _triage(both.alice, intake, urgent=True, **changes)
    assert caught.value.error_dict[field][0].code == code
    intake.refresh_from_db()
    assert intake.urgent is False, "nothing half-written"
    assert not AuditEvent.objects.filter(action="intake.triaged").exists()


def test_it_is_a_404_to_triage_another_organisations_request(both: ThreeOrganisations) -> None:
    intake = request_for("centro-b")
    with pytest.raises(Http404):
        _triage(both.alice, intake, urgent=True)


def test_it_links_the_employer_found_in_the_directory_from_the_page(
    both: ThreeOrganisations, staff_client: Any
) -> None:
    """Searching the directory offers the hits as choices; saving links the one chosen."""
    employer = EmployerFactory(name="Campos Buscados LLC")
    search_entries_refresh("employer", [employer.pk])
    intake = request_for("centro-a")
    client = staff_client(both.alice)
    url = reverse("intake_staff:detail", args=[intake.pk])
    page = client.get(url, {"party": "campos buscados"}).content.decode()
    assert f'value="{employer.pk}"' in page
    saved = client.post(
        f"{url}?party=campos+buscados",
        {"action": "triage", "categories": ["wage-theft"], "language": "Mixteco", "employer": employer.pk},
    )
    assert saved.status_code == 302
    intake.refresh_from_db()
    assert (intake.employer, intake.language) == (employer, "mixteco")
    refused = client.post(url, {"action": "triage", "language": "Mixteco", "employer": "12345"})
    assert refused.status_code == 400, "an employer the search did not offer is not a choice"


def test_it_finds_cases_and_requests_of_the_organisation_naming_the_same_parties(
    both: ThreeOrganisations,
) -> None:
    """A's case (from a request) and A's other request naming the employer are listed; B's never are."""
    employer, recruiter = EmployerFactory(), RecruiterFactory()
    case = intake_accept(actor=both.alice, intake_id=linked(request_for("centro-a"), employer=employer).pk)
    other = linked(request_for("centro-a"), recruiter=recruiter)
    intake_accept(actor=both.bob, intake_id=linked(request_for("centro-b"), employer=employer).pk)
    linked(request_for("centro-b"), employer=employer)
    linked(request_for("centro-a"), employer=EmployerFactory())
    intake = linked(request_for("centro-a"), employer=employer, recruiter=recruiter)
    check = intake_conflicts(recipient=intake_recipient_get(user=both.alice, intake_id=intake.pk))
    assert check.found()
    assert [(conflict.kind, conflict.label) for conflict in check.conflicts] == [
        ("case", case.number),
        ("request", other.received_at.date().isoformat()),
    ]
    assert list(cases_naming_parties(organisation=both.a, employer_id=employer.pk, recruiter_id=None)) == [
        case
    ]


def test_it_finds_no_conflict_without_a_linked_party(both: ThreeOrganisations) -> None:
    intake = request_for("centro-a")
    check = intake_conflicts(recipient=intake_recipient_get(user=both.alice, intake_id=intake.pk))
    assert not check.found()


def test_it_finds_cases_whose_own_parties_name_the_employer(both: ThreeOrganisations) -> None:
    """A case opened by hand, with the employer added as a party, is a conflict too; B's is not."""
    from jornada.cases.tests.helpers import open_case
    from jornada.cases.workflow import case_party_add

    employer = EmployerFactory()
    by_hand = open_case(both.a, both.alice)
    case_party_add(actor=both.alice, case=by_hand, role="employer", employer=employer)
    elsewhere = open_case(both.b, both.bob)
    case_party_add(actor=both.bob, case=elsewhere, role="employer", employer=employer)
    intake = linked(request_for("centro-a"), employer=employer)
    check = intake_conflicts(recipient=intake_recipient_get(user=both.alice, intake_id=intake.pk))
    assert [(conflict.kind, conflict.label) for conflict in check.conflicts] == [("case", by_hand.number)]
