"""The staff API of the intake queue: the same queue, reads and decisions as the pages."""

from __future__ import annotations

from typing import Any

import pytest

from jornada.cases.models import Case
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent
from jornada.directory.tests.factories import EmployerFactory
from jornada.intake.models import Intake, IntakeStatus
from jornada.intake.tests.helpers import NAME, accepting
from jornada.intake.tests.queue_helpers import linked, request_for

QUEUE = "/api/v1/staff/intake"


@pytest.fixture
def both(three_orgs: ThreeOrganisations) -> ThreeOrganisations:
    accepting(three_orgs.a)
    accepting(three_orgs.b)
    return three_orgs


def test_it_lists_the_queue_with_filters_and_pages(both: ThreeOrganisations, staff_client: Any) -> None:
    """Urgent first; labels beside codes; filters narrow; 51 requests make two pages; nothing personal."""
    employer = EmployerFactory(name="Granja Api LLC")
    for hours in range(50):
        request_for("centro-a", hours_ago=hours + 2)
    urgent = linked(request_for("centro-a", hours_ago=1, urgent_reasons=["injury"]), employer=employer)
    client = staff_client(both.alice)
    body = client.get(QUEUE).json()
    assert (body["waiting"], body["urgent"], body["count"], body["pages"]) == (51, 1, 51, 2)
    first = body["results"][0]
    assert first["id"] == urgent.pk
    assert first["urgent_reasons"] == [{"code": "injury", "label": "Herido o enfermo"}]
    assert first["employer"]["name"] == "Granja Api LLC"
    assert first["waiting"] == "1\xa0hora"
    assert NAME not in str(body)
    assert len(client.get(QUEUE, {"page": 2}).json()["results"]) == 1
    assert [row["id"] for row in client.get(QUEUE, {"urgent": "true"}).json()["results"]] == [urgent.pk]
    assert client.get(QUEUE, {"q": "granja api"}).json()["count"] == 1
    assert client.get(QUEUE, {"place": "US-NC"}).json()["count"] == 0
    assert client.get(QUEUE, {"page": 0}).status_code == 422
    assert client.get(QUEUE, {"q": "x" * 101}).status_code == 422


def test_it_shows_another_organisation_nothing_of_the_queue(
    both: ThreeOrganisations, staff_client: Any
) -> None:
    """B's queue holds none of A's requests; naming A's queue is a 404."""
    request_for("centro-a", urgent_reasons=["injury"])
    bob = staff_client(both.bob)
    assert bob.get(QUEUE).json() | {"results": []} == {
        "organisation": "centro-b",
        "waiting": 0,
        "urgent": 0,
        "count": 0,
        "page": 1,
        "pages": 1,
        "results": [],
    }
    assert bob.get(QUEUE, {"organisation": "centro-a"}).status_code == 404


def test_it_reads_one_request_audited(both: ThreeOrganisations, staff_client: Any) -> None:
    intake = request_for("centro-a")
    body = staff_client(both.alice).get(f"{QUEUE}/{intake.pk}").json()
    assert (body["worker_name"], body["contact"], body["status"]) == (NAME, "+529515550144", "reviewing")
    assert body["conflicts"] == []
    assert AuditEvent.objects.filter(action="intake.read", actor=both.alice).count() == 1


def test_it_accepts_declines_and_marks_duplicates(both: ThreeOrganisations, staff_client: Any) -> None:
    first, second, third = (request_for("centro-a") for _ in range(3))
    client = staff_client(both.alice)
    accepted = client.post(f"{QUEUE}/{first.pk}/accept", {}, content_type="application/json")
    assert accepted.status_code == 200
    assert accepted.json()["case_number"] == Case.objects.get().number
    declined = client.post(
        f"{QUEUE}/{second.pk}/decline", {"reason": "no_capacity"}, content_type="application/json"
    )
    assert declined.json() == {"id": second.pk, "status": "declined"}
    duplicate = client.post(
        f"{QUEUE}/{third.pk}/duplicate", {"duplicate_of": first.pk}, content_type="application/json"
    )
    assert duplicate.status_code == 422, "an accepted request is no longer one to be a duplicate of"
    assert duplicate.json()["errors"]["duplicate_of"][0]["code"] == "invalid_choice"
    fourth = request_for("centro-a")
    assert client.post(
        f"{QUEUE}/{third.pk}/duplicate", {"duplicate_of": fourth.pk}, content_type="application/json"
    ).json() == {"id": third.pk, "status": "duplicate"}
    assert Intake.objects.get(pk=third.pk).status == IntakeStatus.DUPLICATE


def test_it_answers_bad_decisions_with_the_field_named(both: ThreeOrganisations, staff_client: Any) -> None:
    employer = EmployerFactory()
    earlier = linked(request_for("centro-a"), employer=employer)
    intake = linked(request_for("centro-a"), employer=employer)
    client = staff_client(both.alice)
    bad_reason = client.post(
        f"{QUEUE}/{intake.pk}/decline", {"reason": "<b>"}, content_type="application/json"
    )
    assert bad_reason.status_code == 422
    assert "reason" in bad_reason.json()["errors"]
    conflict = client.post(f"{QUEUE}/{intake.pk}/accept", {}, content_type="application/json")
    assert conflict.status_code == 422
    assert conflict.json()["errors"]["confirm_conflicts"][0]["code"] == "conflict_unconfirmed"
    assert earlier.pk in {row["id"] for row in client.get(QUEUE).json()["results"]}
    confirmed = client.post(
        f"{QUEUE}/{intake.pk}/accept", {"confirm_conflicts": True}, content_type="application/json"
    )
    assert confirmed.status_code == 200
