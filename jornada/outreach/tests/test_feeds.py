"""Every calendar feed parses with icalendar and with vobject; changes reach subscribers; one bad event breaks nothing."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jornada.core.tests.factories import OrganisationFactory
from jornada.outreach.models import Campaign, Event, EventStatus
from jornada.outreach.services import PlaceInput, event_save, event_status_set
from jornada.outreach.tests.helpers import event_input, publish, soon
from jornada.vocabulary.models import Category

pytestmark = pytest.mark.django_db


def _get(name: str, **kwargs) -> bytes:
    with translation.override("es"):
        url = reverse(f"outreach:{name}", kwargs=kwargs)
    response = Client().get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def _both(body: bytes) -> tuple[list, list]:
    """Parse ``body`` with both parsers; return each one's VEVENTs."""
    first = icalendar.Calendar.from_ical(body)
    second = vobject.readOne(body.decode("utf-8"))
    return list(first.walk("VEVENT")), list(getattr(second, "vevent_list", []))


@pytest.fixture
def world():
    organisation = OrganisationFactory(slug="centro-feeds")
    campaign = Campaign.objects.create(
        slug="lrw-2027",
        name_es="Semana 2027",
        name_en="Week 2027",
        starts_on=soon().date(),
        ends_on=soon(days=16).date(),
        organisation=organisation,
    )
    topic = Category.objects.active().first()
    zones = {
        "America/Mexico_City": ("Oaxaca", "MX-OAX"),
        "America/Los_Angeles": ("Salinas", "US-CA"),
        "America/Chicago": ("Chicago", "US-IL"),
        "America/New_York": ("Raleigh", "US-NC"),
    }
    events = [
        publish(
            organisation,
            time_zone=zone,
            place=PlaceInput(town=town, state=state),
            campaign=campaign,
            topics=[topic.code],
            rrule="FREQ=WEEKLY;COUNT=4",
        )
        for zone, (town, state) in zones.items()
    ]
    return organisation, campaign, topic, events


def test_it_publishes_every_feed_readable_by_two_parsers(world) -> None:
    """All, organisation, state, campaign, topic and one event's .ics parse with icalendar and vobject."""
    organisation, campaign, topic, events = world
    feeds = [
        ("ics_all", {}, 4),
        ("ics_organisation", {"slug": organisation.slug}, 4),
        ("ics_state", {"state": "US-CA"}, 1),
        ("ics_campaign", {"slug": campaign.slug}, 4),
        ("ics_topic", {"code": topic.code}, 4),
        ("ics_event", {"uid": events[0].uid}, 1),
    ]
    for name, kwargs, count in feeds:
        first, second = _both(_get(name, **kwargs))
        assert len(first) == len(second) == count, name
        assert {str(c["UID"]) for c in first} == {c.uid.value for c in second}


def test_it_round_trips_a_cancelled_event_with_the_same_uid_and_a_higher_sequence(world) -> None:
    """After cancelling, the feed has the same UID, SEQUENCE 1 and STATUS:CANCELLED in both parsers."""
    _organisation, _campaign, _topic, events = world
    event = events[1]
    before, _ = _both(_get("ics_event", uid=event.uid))
    event_status_set(actor=None, event=event, status=EventStatus.CANCELLED)
    first, second = _both(_get("ics_event", uid=event.uid))
    assert str(first[0]["UID"]) == str(before[0]["UID"]) == second[0].uid.value
    assert int(first[0]["SEQUENCE"]) == int(second[0].sequence.value) == int(before[0]["SEQUENCE"]) + 1
    assert str(first[0]["STATUS"]) == second[0].status.value == "CANCELLED"


def test_it_moves_a_rescheduled_event_under_the_same_uid(world) -> None:
    """Moving an event keeps its UID; the feed has the new start and SEQUENCE 1."""
    organisation, _campaign, _topic, events = world
    event = events[2]
    data = event_input(start=soon(days=12, hour=9), time_zone="America/Chicago")
    event_save(actor=None, organisation=organisation, data=data, event=event)
    first, second = _both(_get("ics_event", uid=event.uid))
    assert int(first[0]["SEQUENCE"]) == 1
    assert first[0].decoded("DTSTART").hour == second[0].dtstart.value.hour == 9


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        ("America/New_York", -5, -4),
        ("America/Chicago", -6, -5),
        ("America/Los_Angeles", -8, -7),
        ("America/Mexico_City", -6, -6),  # Mexico left daylight-saving time in 2022
    ],
)
def test_it_keeps_local_time_across_the_dst_change_in_both_parsers(
    zone: str, before: int, after: int
) -> None:
    """A weekly 18:00 event across the March change is 18:00 local each week, with the right UTC offset."""
    event = publish(
        OrganisationFactory(), time_zone=zone, start=datetime(2030, 3, 4, 18, 0), rrule="FREQ=WEEKLY;COUNT=3"
    )
    first, second = _both(_get("ics_event", uid=event.uid))
    assert first[0]["DTSTART"].params["TZID"] == zone
    starts = list(second[0].getrruleset(addRDate=True))
    assert [moment.hour for moment in starts] == [18, 18, 18]
    offsets = [moment.astimezone(ZoneInfo(zone)).utcoffset() for moment in starts]
    assert offsets == [timedelta(hours=before), timedelta(hours=after), timedelta(hours=after)]
    utc_hours = [moment.astimezone(ZoneInfo("UTC")).hour for moment in starts]
    assert utc_hours == [(18 - before) % 24, (18 - after) % 24, (18 - after) % 24]


def test_it_leaves_out_a_bad_event_and_keeps_the_feed(world) -> None:
    """An event whose stored zone is broken is skipped; the feed still parses with the others."""
    _organisation, _campaign, _topic, events = world
    Event.objects.filter(pk=events[0].pk).update(time_zone="Not/AZone")
    first, second = _both(_get("ics_all"))
    assert len(first) == len(second) == 3


def test_it_answers_404_for_an_unknown_state_campaign_or_topic() -> None:
    """A feed of nothing that exists is a 404, not an empty calendar."""
    client = Client()
    assert client.get("/es/eventos/estados/US-XX.ics").status_code == 404
    assert client.get("/es/eventos/campanas/nada.ics").status_code == 404
    assert client.get("/es/eventos/temas/nada.ics").status_code == 404


def test_it_lists_new_events_in_the_atom_feed(world) -> None:
    """The Atom feed has an entry per new event, with a stable urn:uuid id."""
    _organisation, _campaign, _topic, events = world
    response = Client().get("/es/eventos/nuevos.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    for event in events:
        assert f"urn:uuid:{event.uid}".encode() in response.content


def test_it_carries_the_coming_year_and_series_already_running() -> None:
    """An event two years ahead is left out of the feeds; a weekly series begun months ago is in."""
    organisation = OrganisationFactory()
    far = publish(organisation, title_es="Dentro de dos años", start=soon(days=730))
    running = publish(
        organisation, title_es="Serie en curso", start=soon(days=-140), rrule="FREQ=WEEKLY;COUNT=30"
    )
    first, second = _both(_get("ics_all"))
    uids = {str(component["UID"]).split("-0@")[0] for component in first}
    assert str(running.uid) in uids
    assert str(far.uid) not in uids
    assert len(second) == 1


def test_it_writes_text_both_parsers_read_back_unchanged() -> None:
    """Commas, semicolons, backslashes, line breaks and long accented text survive the hand-written VEVENT.

    Lines are folded at 75 octets without splitting a UTF-8 character, so both parsers return the
    exact title, description and place that were saved.
    """
    title = "Taller; derechos, salarios \\ y más: " + "ñandú ó " * 12
    description = "Primera línea,\ncon; signos\\raros\n\n" + "Tráiganse papeles " * 10
    event = publish(
        OrganisationFactory(),
        title_es=title.strip(),
        description_es=description.strip(),
        place=PlaceInput(town="Santa María, la Ribera", state="US-CA", name="Salón; 2"),
    )
    first, second = _both(_get("ics_event", uid=event.uid))
    assert str(first[0]["SUMMARY"]) == second[0].summary.value == title.strip()
    assert str(first[0]["DESCRIPTION"]).startswith(description.strip())
    assert second[0].description.value.startswith(description.strip())
    assert "Santa María, la Ribera" in str(first[0]["LOCATION"]) == second[0].location.value
    body = _get("ics_event", uid=event.uid)
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
