"""A hotline's numbers, hours and time zone are checked; it knows when it is open in its own zone."""

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jornada.hotline.models import HotlineOperator
from jornada.hotline.tests.helpers import hotline_of

pytestmark = pytest.mark.django_db


def test_it_is_open_within_its_hours_in_its_own_time_zone(three_orgs: Any) -> None:
    """08:00–20:00 in Mexico City: 15:00 UTC (09:00 there) is open, 03:00 UTC (21:00 the day before) is closed."""
    hotline = hotline_of(three_orgs.a)
    assert hotline.is_open(datetime(2026, 3, 2, 15, 0, tzinfo=UTC))
    assert not hotline.is_open(datetime(2026, 3, 2, 3, 0, tzinfo=UTC))


def test_it_refuses_unreadable_numbers_hours_and_zones(three_orgs: Any) -> None:
    """A number not in E.164, hours closing before they open and an unknown zone are each refused by code."""
    hotline = hotline_of(three_orgs.a)
    hotline.phone, hotline.hours, hotline.time_zone = "919 555", [[0, "18:00", "09:00"]], "Mars/Olympus"
    with pytest.raises(ValidationError) as raised:
        hotline.full_clean()
    codes = {name: [error.code for error in errors] for name, errors in raised.value.error_dict.items()}
    assert codes == {
        "phone": ["invalid_phone"],
        "hours": ["invalid_hours"],
        "time_zone": ["invalid_time_zone"],
    }


def test_it_takes_operators_only_from_its_organisation(three_orgs: Any) -> None:
    """An operator is a membership of the line's organisation; bob's membership of B is refused."""
    hotline = hotline_of(three_orgs.a)
    operator = HotlineOperator(hotline=hotline, membership=three_orgs.bob.memberships.first())
    with pytest.raises(ValidationError):
        operator.full_clean()
