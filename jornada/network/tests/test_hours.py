"""Opening hours from iCalendar recurrences: weekly days, the nth weekday of a month, time zones."""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.utils import translation

from jornada.network.hours import hours_text, open_now
from jornada.network.models import Frequency, Schedule


def schedule(byday: str, freq: str = Frequency.WEEKLY) -> Schedule:
    return Schedule(freq=freq, byday=byday, opens_at=time(9), closes_at=time(13))


def test_it_opens_on_the_second_saturday_of_the_month_only() -> None:
    """MONTHLY 2SA is open on 14 March 2026 (second Saturday), closed on 7 and 21 March."""
    rule = [schedule("2SA", Frequency.MONTHLY)]
    assert open_now(rule, timezone_name="UTC", now=datetime(2026, 3, 14, 10, tzinfo=UTC)) is True
    assert open_now(rule, timezone_name="UTC", now=datetime(2026, 3, 7, 10, tzinfo=UTC)) is False
    assert open_now(rule, timezone_name="UTC", now=datetime(2026, 3, 21, 10, tzinfo=UTC)) is False


def test_it_opens_on_the_last_friday_of_the_month() -> None:
    """MONTHLY -1FR is the last Friday: 27 March 2026, not 20 March."""
    rule = [schedule("-1FR", Frequency.MONTHLY)]
    assert open_now(rule, timezone_name="UTC", now=datetime(2026, 3, 27, 10, tzinfo=UTC)) is True
    assert open_now(rule, timezone_name="UTC", now=datetime(2026, 3, 20, 10, tzinfo=UTC)) is False


def test_it_reads_the_hours_in_the_locations_time_zone() -> None:
    """09:00-13:00 in Los Angeles is open at 17:00 UTC on a Monday and closed at 22:00 UTC."""
    rule = [schedule("MO")]
    assert (
        open_now(rule, timezone_name="America/Los_Angeles", now=datetime(2026, 3, 2, 17, tzinfo=UTC)) is True
    )
    assert (
        open_now(rule, timezone_name="America/Los_Angeles", now=datetime(2026, 3, 2, 22, tzinfo=UTC)) is False
    )


def test_it_says_nothing_without_hours_and_writes_them_in_one_line() -> None:
    """No schedule: open-now is unknown (None); a schedule reads as days and times."""
    assert open_now([], timezone_name="UTC", now=datetime(2026, 3, 2, tzinfo=UTC)) is None
    with translation.override("es"):
        assert hours_text(schedule("MO,WE")) == "lunes, miércoles de 09:00 a 13:00"
    with translation.override("en"):
        assert hours_text(schedule("MO,WE")) == "Monday, Wednesday 09:00 to 13:00"
