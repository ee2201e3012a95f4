"""The staff API of cases: list with filters, one case and its notes (reads audited), adding a note."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from jornada.cases.models import CaseNote
from jornada.cases.tests.helpers import CONTACT, NAME, NOTE, open_and_evaluate, open_case
from jornada.cases.workflow import case_categories_set
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent, User

StaffClient = Callable[[User], Client]
URL = "/api/v1/staff/cases"


def test_it_lists_filters_and_pages_without_reading_personal_fields(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """The list gives stage, categories and assignee, filters by stage and category, and audits no read."""
    new = open_case(three_orgs.a, three_orgs.alice)
    evaluated = open_and_evaluate(three_orgs.a, three_orgs.alice)
    case_categories_set(actor=three_orgs.alice, case=evaluated, codes=["wage-theft"])
    open_case(three_orgs.b, three_orgs.bob)
    client = staff_client(three_orgs.alice)
    body = client.get(URL).json()
    assert body["count"] == 2
    assert body["pages"] == 1
    assert {row["number"]: row["stage"] for row in body["results"]} == {
        new.number: "new",
        evaluated.number: "open",
    }
    assert NAME not in str(body)
    only = client.get(URL, {"stage": "open", "category": "wage-theft"}).json()["results"]
    assert [(row["id"], row["categories"], row["assignee"]) for row in only] == [
        (str(evaluated.pk), ["wage-theft"], "Alice")
    ]
    assert client.get(URL, {"q": new.number}).json()["count"] == 1
    assert not AuditEvent.objects.filter(action__in=["case.read", "case.notes_read"]).exists()


@pytest.mark.parametrize(
    "query", [{"stage": "finished"}, {"page": "0"}, {"q": "x" * 101}, {"assignee": "nadie"}]
)
def test_it_refuses_bad_filters_naming_the_field(
    three_orgs: ThreeOrganisations, staff_client: StaffClient, query: dict[str, str]
) -> None:
    """A malformed filter answers 422 naming it."""
    response = staff_client(three_orgs.alice).get(URL, query, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == set(query)


def test_it_gives_one_case_and_its_notes_and_audits_both_reads(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """Detail and notes are in clear for charlie (A); each read is one audit event."""
    case = open_case(three_orgs.a, three_orgs.alice)
    client = staff_client(three_orgs.charlie)
    detail = client.get(f"{URL}/{case.pk}").json()
    assert (detail["worker_name"], detail["contact"], detail["stage"]) == (NAME, CONTACT, "new")
    notes = client.get(f"{URL}/{case.pk}/notes").json()
    assert [note["text"] for note in notes] == [NOTE]
    actions = list(AuditEvent.objects.filter(actor=three_orgs.charlie).values_list("action", flat=True))
    assert sorted(actions) == ["case.notes_read", "case.read"]


def test_it_adds_a_note_and_refuses_bad_ones(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """A note is added (201); empty, oversized or control characters answer 422 on ``text``, nothing written."""
    case = open_case(three_orgs.a, three_orgs.alice)
    client = staff_client(three_orgs.charlie)
    url = f"{URL}/{case.pk}/notes"
    response = client.post(url, {"text": "Llamó otra vez."}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["author"] == "Charlie"
    for text in ("", "   ", "x" * 20_001, "a\x07b"):
        response = client.post(
            url, {"text": text}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="es"
        )
        assert response.status_code == 422, text
        assert list(response.json()["errors"]) == ["text"]
    assert CaseNote.objects.filter(case=case).count() == 2
