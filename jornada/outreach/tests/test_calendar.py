"""The public calendar and an event's page: filters, empty state, links to attend, schema.org JSON-LD."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jornada.core.tests.factories import OrganisationFactory
from jornada.outreach.models import Event, EventStatus
from jornada.outreach.services import PlaceInput, event_save, event_status_set
from jornada.outreach.tests.helpers import event_input, publish, soon

pytestmark = pytest.mark.django_db

# schema.org's Event: what Google's event rich results require, and the enumerations' members.
REQUIRED = {"@context", "@type", "name", "startDate", "location", "eventStatus", "eventAttendanceMode"}
EVENT_STATUS = {
    "https://schema.org/EventScheduled",
    "https://schema.org/EventCancelled",
    "https://schema.org/EventPostponed",
    "https://schema.org/EventRescheduled",
    "https://schema.org/EventMovedOnline",
}
ATTENDANCE = {
    "https://schema.org/OfflineEventAttendanceMode",
    "https://schema.org/OnlineEventAttendanceMode",
    "https://schema.org/MixedEventAttendanceMode",
}


def json_ld(event: Event, language: str = "es") -> dict:
    response = Client().get(f"/{language}/eventos/{event.uid}/")
    assert response.status_code == 200
    found = re.search(rb'<script type="application/ld\+json">(.*?)</script>', response.content, re.S)
    assert found, "no JSON-LD on the page"
    return json.loads(found.group(1))


def check_event_shape(data: dict) -> None:
    """Fail unless ``data`` is a schema.org Event with its required properties and valid enumerations."""
    assert set(data) >= REQUIRED, REQUIRED - set(data)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["eventStatus"] in EVENT_STATUS
    assert data["eventAttendanceMode"] in ATTENDANCE
    locations = data["location"] if isinstance(data["location"], list) else [data["location"]]
    for location in locations:
        assert location["@type"] in {"Place", "VirtualLocation"}
        if location["@type"] == "Place":
            assert location["address"]["@type"] == "PostalAddress"
            assert location["address"]["addressLocality"]
        else:
            assert location["url"].startswith("https://")
    for organizer in data["organizer"]:
        assert organizer["@type"] == "Organization"
        assert organizer["name"]
    for key in ("startDate", "endDate", "previousStartDate"):
        if key in data:
            assert timezone.datetime.fromisoformat(data[key]).tzinfo is not None


def test_it_shows_upcoming_events_soonest_first() -> None:
    """The calendar lists what is coming, soonest first, and leaves out what is over."""
    organisation = OrganisationFactory()
    later = publish(organisation, title_es="Evento posterior", start=soon(days=20))
    sooner = publish(organisation, title_es="Evento anterior", start=soon(days=5))
    publish(organisation, title_es="Evento pasado", start=soon(days=-5))
    page = Client().get("/es/eventos/").content.decode()
    assert page.index(sooner.title_es) < page.index(later.title_es)
    assert "Evento pasado" not in page


def test_it_filters_by_state_town_type_and_topic() -> None:
    """Each filter narrows the list to matching events."""
    from jornada.vocabulary.models import Category

    organisation = OrganisationFactory()
    topic = Category.objects.active().first()
    publish(
        organisation,
        title_es="En Salinas",
        place=PlaceInput(town="Salinas", state="US-CA"),
        topics=[topic.code],
    )
    publish(
        organisation,
        title_es="En Raleigh",
        place=PlaceInput(town="Raleigh", state="US-NC"),
        kind="health_fair",
    )
    client = Client()
    by_state = client.get("/es/eventos/", {"state": "US-NC"}).content.decode()
    assert "En Raleigh" in by_state
    assert "En Salinas" not in by_state
    by_town = client.get("/es/eventos/", {"town": "salinas"}).content.decode()
    assert "En Salinas" in by_town
    assert "En Raleigh" not in by_town
    by_kind = client.get("/es/eventos/", {"kind": "health_fair"}).content.decode()
    assert "En Raleigh" in by_kind
    assert "En Salinas" not in by_kind
    by_topic = client.get("/es/eventos/", {"topic": topic.code}).content.decode()
    assert "En Salinas" in by_topic
    assert "En Raleigh" not in by_topic


def test_it_says_so_when_nothing_matches() -> None:
    """An empty calendar says there is nothing yet; an empty filter says to widen it."""
    client = Client()
    assert "No hay eventos próximos publicados" in client.get("/es/eventos/").content.decode()
    assert "Ningún evento próximo" in client.get("/es/eventos/", {"state": "US-NC"}).content.decode()
    assert "No upcoming events have been published yet." in client.get("/en/eventos/").content.decode()


def test_it_paginates_the_calendar() -> None:
    """Past 20 occurrences the list continues on page 2."""
    publish(OrganisationFactory(), rrule="FREQ=DAILY;COUNT=25")
    client = Client()
    first = client.get("/es/eventos/").content.decode()
    assert 'rel="next"' in first
    second = client.get("/es/eventos/", {"page": 2}).content.decode()
    assert second.count("<time") == 5


def test_it_gives_everything_needed_to_attend() -> None:
    """The page has the place, the local time, tel: and WhatsApp links and the .ics link."""
    event = publish(
        OrganisationFactory(name="Consulado Ficticio"),
        what_to_bring_es="Acta de nacimiento",
        appointment="yes",
        appointment_how_es="Llame antes",
    )
    page = Client().get(f"/es/eventos/{event.uid}/").content.decode()
    for expected in (
        "Salinas",
        "Acta de nacimiento",
        "Llame antes",
        "Consulado Ficticio",
        'href="tel:+19195550100"',
        "https://wa.me/19195550100?text=",
        f"/es/eventos/{event.uid}/evento.ics",
        "America/Chicago",
        "Mixteco",
    ):
        assert expected in page, expected


def test_it_publishes_valid_schema_org_event_json_ld() -> None:
    """The JSON-LD is a schema.org Event: required properties present, enumerations valid."""
    event = publish(OrganisationFactory(), online_url="https://example.org/sala")
    data = json_ld(event)
    check_event_shape(data)
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"


def test_it_gives_previous_start_date_for_a_rescheduled_event() -> None:
    """A moved event is EventRescheduled with previousStartDate, and the page names the old date."""
    organisation = OrganisationFactory()
    event = publish(organisation)
    old = event.slots.get().starts_at
    event_save(actor=None, organisation=organisation, data=event_input(start=soon(days=30)), event=event)
    data = json_ld(event)
    check_event_shape(data)
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert timezone.datetime.fromisoformat(data["previousStartDate"]) == old


def test_it_marks_a_cancelled_event_on_its_page_and_in_json_ld() -> None:
    """A cancelled event says so at the top and is EventCancelled in the JSON-LD."""
    event = publish(OrganisationFactory())
    event_status_set(actor=None, event=event, status=EventStatus.CANCELLED)
    data = json_ld(event)
    check_event_shape(data)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert "Este evento está cancelado" in Client().get(f"/es/eventos/{event.uid}/").content.decode()


def test_it_escapes_markup_inside_the_json_ld() -> None:
    """A title with </script> cannot end the JSON-LD element early."""
    event = publish(OrganisationFactory(), title_es="</script><script>alert(1)</script>")
    body = Client().get(f"/es/eventos/{event.uid}/").content
    assert b"<script>alert(1)" not in body
    assert json_ld(event)["name"] == "</script><script>alert(1)</script>"


def test_it_answers_404_for_an_unknown_event() -> None:
    """An identifier that names no event is a 404."""
    assert Client().get("/es/eventos/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_it_keeps_a_past_event_page() -> None:
    """An event that is over still has its page, saying it has taken place."""
    start = timezone.localtime().replace(tzinfo=None) - timedelta(days=3)
    event = publish(OrganisationFactory(), start=start)
    assert "ya se realizó" in Client().get(f"/es/eventos/{event.uid}/").content.decode()
