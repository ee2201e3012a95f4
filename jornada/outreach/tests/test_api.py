"""GET /api/v1/events: upcoming events as JSON, documented in the OpenAPI schema."""

import pytest
from django.test import Client

from jornada.core.tests.factories import OrganisationFactory
from jornada.outreach.models import EventStatus
from jornada.outreach.services import PlaceInput, event_status_set
from jornada.outreach.tests.helpers import publish, soon

pytestmark = pytest.mark.django_db


def test_it_documents_the_events_operations_in_the_schema() -> None:
    """The OpenAPI schema has both operations and the CalendarEventOut shape."""
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/events" in schema["paths"]
    assert "/api/v1/events/{uid}" in schema["paths"]
    assert "CalendarEventOut" in schema["components"]["schemas"]


def test_it_lists_upcoming_events_filtered_by_state() -> None:
    """Only events with an occurrence still to come, in the state asked for."""
    organisation = OrganisationFactory(slug="org-api")
    wanted = publish(organisation, place=PlaceInput(town="Raleigh", state="US-NC"))
    publish(organisation, place=PlaceInput(town="Salinas", state="US-CA"))
    publish(organisation, place=PlaceInput(town="Raleigh", state="US-NC"), start=soon(days=-4))
    body = Client().get("/api/v1/events", {"state": "US-NC"}).json()
    assert body["total"] == 1
    assert body["results"][0]["uid"] == str(wanted.uid)
    assert body["results"][0]["organiser"] == "org-api"


def test_it_gives_status_and_sequence_of_a_cancelled_event() -> None:
    """A cancelled event stays listed with its status, schema.org status and a higher sequence."""
    event = publish(OrganisationFactory())
    event_status_set(actor=None, event=event, status=EventStatus.CANCELLED)
    body = Client().get(f"/api/v1/events/{event.uid}").json()
    assert body["status"] == "cancelled"
    assert body["schema_org_status"] == "https://schema.org/EventCancelled"
    assert body["sequence"] == 1


def test_it_refuses_a_bad_filter_and_an_unknown_event() -> None:
    """A state that is not ISO 3166-2 is 422; an unknown identifier is 404."""
    client = Client()
    assert client.get("/api/v1/events", {"state": "carolina"}).status_code == 422
    assert client.get("/api/v1/events/00000000-0000-0000-0000-000000000000").status_code == 404
