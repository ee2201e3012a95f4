"""The demo data: Labor Rights Week 2027 with events in several states, and each kind of change."""

import pytest

from jornada.core.demo import demo_staff_create
from jornada.outreach.demo import create_demo_data
from jornada.outreach.models import Campaign, Event, EventStatus, SlotTombstone

pytestmark = pytest.mark.django_db


def test_it_creates_the_fictional_outreach_demo_once() -> None:
    """A campaign across states, a mobile consulate, a recurring workshop, a cancelled and a moved event; a second run adds none."""
    demo_staff_create()
    create_demo_data()
    count = Event.objects.count()
    create_demo_data()
    assert Event.objects.count() == count
    campaign = Campaign.objects.get(slug="semana-derechos-laborales-2027")
    assert campaign.events.values("state").distinct().count() >= 3
    assert Event.objects.filter(kind="mobile_consulate").exists()
    assert Event.objects.exclude(rrule="").exists()
    assert Event.objects.filter(status=EventStatus.CANCELLED).exists()
    moved = Event.objects.get(status=EventStatus.RESCHEDULED)
    assert moved.previous_start is not None
    assert all("ficti" in event.title_es for event in Event.objects.all())
    assert SlotTombstone.objects.filter(event__kind="mobile_consulate").count() == 1


def test_it_demonstrates_reservations_and_counts_after_an_event() -> None:
    """One demo event takes reservations; one already held has its attendance and referrals recorded."""
    demo_staff_create()
    create_demo_data()
    assert Event.objects.filter(takes_reservations=True).exists()
    held = Event.objects.get(attendance__isnull=False)
    assert (held.attendance, held.referrals_made) == (38, 3)
    assert all(event.code for event in Event.objects.all())
