"""A time slot removed from an event is cancelled in subscribers' calendars, then forgotten.

Read back with icalendar and vobject: the removed slot keeps its UID, comes with a higher
SEQUENCE and STATUS:CANCELLED (a tombstone) until its last date has passed; ``jornada prune``
then deletes it.
"""

from datetime import timedelta

import icalendar
import pytest
import vobject
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from jornada.core.retention import retention_prune
from jornada.core.tests.factories import OrganisationFactory
from jornada.outreach.models import SlotTombstone
from jornada.outreach.services import event_save, tombstones_prune
from jornada.outreach.tests.helpers import event_input, publish, soon

pytestmark = pytest.mark.django_db


def _vevents(name: str, **kwargs) -> dict[str, tuple]:
    """Fetch a feed and return, by UID, (icalendar VEVENT, vobject VEVENT)."""
    with translation.override("es"):
        url = reverse(f"outreach:{name}", kwargs=kwargs)
    body = Client().get(url).content
    first = {str(c["UID"]): c for c in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    second = {c.uid.value: c for c in getattr(vobject.readOne(body.decode("utf-8")), "vevent_list", [])}
    assert first.keys() == second.keys()
    return {uid: (first[uid], second[uid]) for uid in first}


def _three_slots(organisation, **overrides):
    times = [soon(days=days) for days in (10, 11, 12)]
    return publish(
        organisation, slots=[(start, start + timedelta(hours=2)) for start in times], **overrides
    ), times


def test_it_publishes_a_removed_slot_as_cancelled_with_its_uid_and_a_higher_sequence() -> None:
    """Removing the middle of three slots: the feeds still carry its UID, SEQUENCE 1, STATUS:CANCELLED.

    The other two keep their UIDs and stay confirmed; both parsers read the same.
    """
    organisation = OrganisationFactory()
    event, times = _three_slots(organisation)
    before = _vevents("ics_all")
    assert len(before) == 3
    middle = f"{event.uid}-1@jornada"
    kept = [times[0], times[2]]
    event_save(
        actor=None,
        organisation=organisation,
        data=event_input(slots=[(start, start + timedelta(hours=2)) for start in kept]),
        event=event,
    )
    for feed, kwargs in (
        ("ics_all", {}),
        ("ics_state", {"state": "US-CA"}),
        ("ics_event", {"uid": event.uid}),
    ):
        after = _vevents(feed, **kwargs)
        assert after.keys() == before.keys(), feed
        first, second = after[middle]
        assert str(first["STATUS"]) == second.status.value == "CANCELLED"
        assert int(first["SEQUENCE"]) == int(second.sequence.value) == int(before[middle][0]["SEQUENCE"]) + 1
        assert first.decoded("DTSTART") == before[middle][0].decoded("DTSTART")
        for uid in set(after) - {middle}:
            assert str(after[uid][0]["STATUS"]) == "CONFIRMED"
            assert after[uid][0].decoded("DTSTART") == before[uid][0].decoded("DTSTART")


def test_it_cancels_a_removed_recurring_slot_as_the_whole_series() -> None:
    """A weekly slot that is removed is written with its old RRULE, so every instance is cancelled."""
    organisation = OrganisationFactory()
    start = soon()
    event = publish(
        organisation,
        slots=[(start, start + timedelta(hours=1)), (soon(days=11), soon(days=11) + timedelta(hours=1))],
        rrule="FREQ=WEEKLY;COUNT=3",
    )
    event_save(
        actor=None,
        organisation=organisation,
        data=event_input(slots=[(start, start + timedelta(hours=1))]),
        event=event,
    )
    first, second = _vevents("ics_event", uid=event.uid)[f"{event.uid}-1@jornada"]
    assert str(first["STATUS"]) == "CANCELLED"
    assert len(list(second.getrruleset(addRDate=True))) == 3
    tombstone = SlotTombstone.objects.get(event=event)
    assert tombstone.until == tombstone.ends_at + timedelta(weeks=2)


def test_it_drops_occurrences_a_shorter_rule_removes_under_the_same_uid() -> None:
    """Shortening a weekly rule from 4 to 2: the same UID, a higher SEQUENCE, two instances left."""
    organisation = OrganisationFactory()
    event = publish(organisation, rrule="FREQ=WEEKLY;COUNT=4")
    event_save(
        actor=None, organisation=organisation, data=event_input(rrule="FREQ=WEEKLY;COUNT=2"), event=event
    )
    ((first, second),) = _vevents("ics_event", uid=event.uid).values()
    assert int(first["SEQUENCE"]) == 1
    assert len(list(second.getrruleset(addRDate=True))) == 2
    assert not SlotTombstone.objects.exists()


def test_it_never_gives_a_removed_slots_uid_to_another_time() -> None:
    """A slot added after one was removed gets a new position: the cancelled UID stays cancelled."""
    organisation = OrganisationFactory()
    event, times = _three_slots(organisation)
    two = [(start, start + timedelta(hours=2)) for start in times[:2]]
    event_save(actor=None, organisation=organisation, data=event_input(slots=two), event=event)
    later = soon(days=20)
    event_save(
        actor=None,
        organisation=organisation,
        data=event_input(slots=[*two, (later, later + timedelta(hours=2))]),
        event=event,
    )
    found = _vevents("ics_event", uid=event.uid)
    assert str(found[f"{event.uid}-2@jornada"][0]["STATUS"]) == "CANCELLED"
    assert str(found[f"{event.uid}-3@jornada"][0]["STATUS"]) == "CONFIRMED"
    assert sorted(event.slots.values_list("position", flat=True)) == [0, 1, 3]


def test_it_keeps_an_event_in_the_feed_while_only_its_tombstone_is_current() -> None:
    """Moving an event's only near slot a year and more away still tells subscribers it is cancelled."""
    organisation = OrganisationFactory()
    event, _times = _three_slots(organisation)
    far = soon(days=500)
    event_save(
        actor=None,
        organisation=organisation,
        data=event_input(slots=[(far, far + timedelta(hours=2))]),
        event=event,
    )
    found = _vevents("ics_all")
    cancelled = [uid for uid, (first, _second) in found.items() if str(first["STATUS"]) == "CANCELLED"]
    assert len(cancelled) == 2


def test_it_prunes_a_tombstone_once_the_slot_has_passed() -> None:
    """``jornada prune`` deletes a removed slot after its last date; one still to come is kept."""
    organisation = OrganisationFactory()
    event, times = _three_slots(organisation)
    event_save(
        actor=None,
        organisation=organisation,
        data=event_input(slots=[(times[0], times[0] + timedelta(hours=2))]),
        event=event,
    )
    assert SlotTombstone.objects.count() == 2
    assert tombstones_prune(now=timezone.now()) == 0
    SlotTombstone.objects.filter(position=1).update(until=timezone.now() - timedelta(minutes=1))
    assert retention_prune()["event_removed_slots"] == 1
    assert list(SlotTombstone.objects.values_list("position", flat=True)) == [2]
    found = _vevents("ics_event", uid=event.uid)
    assert f"{event.uid}-1@jornada" not in found
