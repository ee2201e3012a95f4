"""The "already sent" marker that stops a second tap on Send from storing a contribution twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from jornada.contributions.limits import already_sent, sent_mark
from jornada.contributions.tests.test_anonymity_everywhere import PRODUCTION_CACHE
from jornada.directory.tests.factories import EmployerFactory
from jornada.reviews.tests.conftest import review_data, walk_form

pytestmark = pytest.mark.django_db


def _expiries() -> list[Any]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT expires FROM {PRODUCTION_CACHE['default']['LOCATION']}")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def _as_utc(value: Any) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def test_it_remembers_a_sent_form_until_a_day_boundary_not_to_the_second() -> None:
    """With the production (database) cache the marker expires at midnight UTC, 24 to 48 hours on."""
    with override_settings(CACHES=PRODUCTION_CACHE):
        call_command("createcachetable", verbosity=0)
        cache.clear()
        assert not already_sent(scope="reviews", nonce="n-1")
        sent_mark(scope="reviews", nonce="n-1")
        assert already_sent(scope="reviews", nonce="n-1")
        assert not already_sent(scope="alerts", nonce="n-1")
        (expires,) = _expiries()
        expires = _as_utc(expires)
        assert (expires.hour, expires.minute, expires.second, expires.microsecond) == (0, 0, 0, 0)
        left = expires - dt.datetime.now(dt.UTC)
        assert dt.timedelta(hours=24) <= left <= dt.timedelta(hours=48)


def test_it_keeps_no_marker_for_a_form_without_a_nonce() -> None:
    """An API request carries no nonce: nothing is written and nothing counts as sent."""
    with override_settings(CACHES=PRODUCTION_CACHE):
        call_command("createcachetable", verbosity=0)
        cache.clear()
        sent_mark(scope="reviews", nonce="")
        assert not already_sent(scope="reviews", nonce="")
        assert _expiries() == []


def test_a_review_sent_through_the_form_leaves_a_marker_dated_by_its_day_only() -> None:
    """The review form's marker, the only cache row a submission writes, ends on a day boundary."""
    employer = EmployerFactory()
    with override_settings(CACHES=PRODUCTION_CACHE):
        call_command("createcachetable", verbosity=0)
        cache.clear()
        assert walk_form(Client(), review_data(employer)).status_code == 200
        expiries = [_as_utc(value) for value in _expiries()]
        assert expiries
        assert all((value.hour, value.minute, value.second) == (0, 0, 0) for value in expiries)
