"""Staff publish and change their own organisation's events through plain forms; others get 404."""

from zoneinfo import ZoneInfo

import pytest

from jornada.outreach.models import Event, EventStatus
from jornada.outreach.tests.helpers import publish, soon

pytestmark = pytest.mark.django_db


def _form(organisation, **overrides) -> dict:
    start = soon()
    data = {
        "organisation": organisation.pk,
        "kind": "mobile_consulate",
        "title_es": "Consulado sobre ruedas",
        "status": "scheduled",
        "time_zone": "America/Los_Angeles",
        "slots": f"{start:%Y-%m-%d} 09:00-15:00\n{soon(days=11):%Y-%m-%d} 09:00-13:00",
        "town": "Salinas",
        "state": "US-CA",
        "languages": "Español, Triqui",
        "appointment": "yes",
        "audiences": ["h2a", "families"],
    }
    data.update(overrides)
    return data


def test_it_publishes_an_event_from_the_form(three_orgs, staff_client) -> None:
    """alice publishes for organisation A; the event has both slots in Los Angeles time."""
    response = staff_client(three_orgs.alice).post("/es/staff/events/new/", _form(three_orgs.a))
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.organisation == three_orgs.a
    assert event.slots.count() == 2
    assert event.languages == ["es", "triqui"]
    assert event.slots.first().starts_at.astimezone(ZoneInfo("America/Los_Angeles")).hour == 9
    assert event.time_zone == "America/Los_Angeles"


def test_it_does_not_publish_for_another_organisation(three_orgs, staff_client) -> None:
    """bob cannot choose organisation A as the organiser: the form refuses it."""
    response = staff_client(three_orgs.bob).post("/es/staff/events/new/", _form(three_orgs.a))
    assert response.status_code == 200
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"slots": "2030-05-01 14:00-09:00"}, "slots", "no es después del inicio"),
        ({"time_zone": "Mexico/Tijuanita"}, "time_zone", "no es una zona horaria"),
        ({"rrule": "FREQ=WEEKLY"}, "rrule", "nunca termina"),
        ({"rrule": "FREQ=DAILY;COUNT=900"}, "rrule", "más de 500"),
        ({"slots": "mañana temprano"}, "slots", "no es una fecha con horas"),
    ],
)
def test_it_shows_a_translated_error_at_the_field(
    three_orgs, staff_client, overrides, field, message
) -> None:
    """Bad input comes back in Spanish, next to the field it is about, and nothing is saved."""
    data = _form(three_orgs.a, **overrides)
    response = staff_client(three_orgs.alice).post("/es/staff/events/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert not Event.objects.exists()


def test_it_shows_the_error_in_english_too(three_orgs, staff_client) -> None:
    """The same refusal in English names the problem in English."""
    data = _form(three_orgs.a, rrule="FREQ=WEEKLY")
    response = staff_client(three_orgs.alice).post("/en/staff/events/new/", data)
    assert "The recurrence never ends" in response.content.decode()


def test_it_cancels_an_event_from_its_page(three_orgs, staff_client) -> None:
    """Saving the form with status cancelled keeps the event, cancelled, with SEQUENCE 1."""
    event = publish(three_orgs.a, three_orgs.alice)
    client = staff_client(three_orgs.alice)
    page = client.get(f"/es/staff/events/{event.pk}/")
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["status"] = "cancelled"
    response = client.post(f"/es/staff/events/{event.pk}/", data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.sequence) == (EventStatus.CANCELLED, 1)


def test_it_lists_only_the_own_organisations_events(three_orgs, staff_client) -> None:
    """bob's list shows organisation B's events, never A's."""
    publish(three_orgs.a, title_es="Evento de A")
    publish(three_orgs.b, title_es="Evento de B")
    page = staff_client(three_orgs.bob).get("/es/staff/events/").content.decode()
    assert "Evento de B" in page
    assert "Evento de A" not in page


def test_it_hides_another_organisations_event(three_orgs, staff_client) -> None:
    """bob cannot open or change organisation A's event: 404 either way, and nothing changes."""
    event = publish(three_orgs.a)
    client = staff_client(three_orgs.bob)
    assert client.get(f"/es/staff/events/{event.pk}/").status_code == 404
    assert client.post(f"/es/staff/events/{event.pk}/", _form(three_orgs.b)).status_code == 404
    event.refresh_from_db()
    assert event.sequence == 0
