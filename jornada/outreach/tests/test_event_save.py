"""Saving an event: bad input is refused naming the field; changes bump SEQUENCE and keep the old date."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from jornada.core.tests.factories import OrganisationFactory
from jornada.outreach.models import MAX_INSTANCES, EventStatus, Occurrence
from jornada.outreach.services import event_save, event_status_set
from jornada.outreach.tests.helpers import event_input, publish, soon

pytestmark = pytest.mark.django_db


def _refusal(**overrides):
    with pytest.raises(ValidationError) as caught:
        publish(OrganisationFactory(), **overrides)
    return caught.value


def test_it_refuses_an_end_before_the_start_on_the_slots_field() -> None:
    """A slot ending before it starts is refused with code end_before_start on ``slots``."""
    start = soon()
    error = _refusal(slots=[(start, start - timedelta(hours=1))])
    assert error.error_dict["slots"][0].code == "end_before_start"


def test_it_refuses_an_unknown_time_zone_in_spanish_and_english() -> None:
    """A zone that is not IANA is refused on ``time_zone`` with a translated message naming it."""
    error = _refusal(time_zone="America/Atlantis")
    assert error.error_dict["time_zone"][0].code == "invalid_time_zone"
    with translation.override("es"):
        assert "no es una zona horaria" in error.messages[0]
    with translation.override("en"):
        assert "is not a time zone" in error.messages[0]


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ("FREQ=WEEKLY", "endless_rrule"),
        ("FREQ=DAILY;INTERVAL=2", "endless_rrule"),
        (f"FREQ=DAILY;COUNT={MAX_INSTANCES + 1}", "too_many_instances"),
        ("FREQ=HOURLY;UNTIL=20991231T000000Z", "too_many_instances"),
        ("FREQ=SOMETIMES;COUNT=2", "invalid_rrule"),
        ("FREQ=WEEKLY;COUNT=2\r\nATTENDEE:x", "invalid_rrule"),
    ],
)
def test_it_refuses_a_recurrence_that_never_ends_or_makes_too_many(rule: str, code: str) -> None:
    """An endless rule, one over 500 instances, or one that is not an RRULE, is refused on ``rrule``."""
    assert _refusal(rrule=rule).error_dict["rrule"][0].code == code


def test_it_accepts_exactly_the_limit_of_instances() -> None:
    """A rule of exactly 500 instances is kept, and makes 500 occurrences."""
    event = publish(OrganisationFactory(), rrule=f"FREQ=DAILY;COUNT={MAX_INSTANCES}")
    assert Occurrence.objects.filter(event=event).count() == MAX_INSTANCES


def test_it_keeps_the_wall_clock_time_across_daylight_saving() -> None:
    """A weekly 18:00 workshop in Chicago stays at 18:00 local after the March DST change."""
    from datetime import datetime

    start = datetime(2030, 3, 4, 18, 0)
    event = publish(
        OrganisationFactory(), start=start, rrule="FREQ=WEEKLY;COUNT=3", time_zone="America/Chicago"
    )
    zone = ZoneInfo("America/Chicago")
    local = [o.starts_at.astimezone(zone) for o in event.occurrences.order_by("starts_at")]
    assert [moment.hour for moment in local] == [18, 18, 18]
    assert [moment.utcoffset() for moment in local] == [
        timedelta(hours=-6),
        timedelta(hours=-5),
        timedelta(hours=-5),
    ]


def test_it_writes_a_local_until_in_utc() -> None:
    """UNTIL typed as a local date is kept in UTC (RFC 5545, beside a TZID) and includes that day."""
    from datetime import datetime

    event = publish(
        OrganisationFactory(),
        start=datetime(2030, 3, 4, 18, 0),
        rrule="rrule:freq=weekly;until=20300318",
        time_zone="America/Chicago",
    )
    assert event.rrule == "FREQ=WEEKLY;UNTIL=20300319T045959Z"
    assert event.occurrences.count() == 3


def test_it_refuses_an_event_with_no_place_and_no_link() -> None:
    """Neither a town nor an online link: refused on ``town``."""
    assert _refusal(place=None).error_dict["town"][0].code == "no_place"


def test_it_refuses_an_unknown_state() -> None:
    """A state code that is not ISO 3166-2 is refused on ``state``."""
    from jornada.outreach.services import PlaceInput

    error = _refusal(place=PlaceInput(town="Salinas", state="US-XX"))
    assert error.error_dict["state"][0].code == "unknown_state"


def test_it_bumps_the_sequence_and_keeps_the_previous_start_when_moved() -> None:
    """Moving the first slot makes a scheduled event rescheduled, keeps the old start, SEQUENCE + 1."""
    organisation = OrganisationFactory()
    event = publish(organisation)
    assert event.sequence == 0
    old_start = event.slots.get().starts_at
    uid = event.uid
    data = event_input(start=soon(days=17))
    moved = event_save(actor=None, organisation=organisation, data=data, event=event)
    assert moved.uid == uid
    assert moved.sequence == 1
    assert moved.status == EventStatus.RESCHEDULED
    assert moved.previous_start == old_start


def test_it_bumps_the_sequence_when_cancelled() -> None:
    """Cancelling raises SEQUENCE, so a subscriber's calendar takes the change."""
    event = publish(OrganisationFactory())
    event_status_set(actor=None, event=event, status=EventStatus.CANCELLED)
    event.refresh_from_db()
    assert (event.status, event.sequence) == (EventStatus.CANCELLED, 1)


def test_it_keeps_indigenous_languages_by_their_key() -> None:
    """Languages typed any way are kept under one key ("Purépecha" and "purepecha" are one)."""
    event = publish(OrganisationFactory(), languages=["Purépecha", "purepecha", "Tu'un savi"])
    assert event.languages == ["purepecha", "mixteco"]
