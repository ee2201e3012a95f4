"""Events about a contribution keep their day; what the public reads of them, their week."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from typing import Any

import pytest
from django.db import connection, models
from django.test import Client

from jornada.alerts.models import Delivery, Event, WarningIdentifier
from jornada.alerts.services import report_publish
from jornada.alerts.tests.factories import ReportFactory
from jornada.core.audit import audit_record
from jornada.core.models import AuditEvent
from jornada.reviews.tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def _midnight(moment: dt.datetime) -> bool:
    return moment.astimezone(dt.UTC).time() == dt.time.min


def test_it_keeps_only_the_day_of_an_audit_event_about_a_contribution(three_orgs: Any) -> None:
    """audit_record itself, for every caller: a review or report target gets midnight UTC of today."""
    review = ReviewFactory()
    opened = audit_record(actor=three_orgs.alice, action="reviews.review_opened", target=review)
    reported = audit_record(actor=three_orgs.alice, action="alerts.report_opened", target=ReportFactory())
    login = audit_record(actor=three_orgs.alice, action="staff.login", target=three_orgs.alice)
    assert _midnight(opened.at)
    assert _midnight(reported.at)
    assert opened.at.date() == dt.datetime.now(dt.UTC).date()
    assert not _midnight(login.at)  # staff actions keep their exact time


def test_it_keys_audit_events_identifiers_and_events_at_random(three_orgs: Any) -> None:
    """No sequence: keys of rows written beside contributions do not grow with arrival."""
    for _ in range(8):
        audit_record(actor=three_orgs.alice, action="staff.login", target=three_orgs.alice)
    keys = list(AuditEvent.objects.order_by("at").values_list("pk", flat=True))
    assert keys != sorted(keys)
    assert max(keys) > 2**40
    ReportFactory()
    assert min(WarningIdentifier.objects.values_list("pk", flat=True)) > 2**40


def test_it_publishes_news_of_a_warning_by_week_only(
    three_orgs: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The follower event keeps its day; the Atom feed and the JSON API show the week's Monday, no time."""
    report = ReportFactory()
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(report=report, moderator=three_orgs.alice)
    event = Event.objects.get(source=f"warning:{report.pk}")
    assert _midnight(event.created_at)
    monday = event.created_at.date() - dt.timedelta(days=event.created_at.weekday())
    feed = Client().get("/es/alerts/feed/").content.decode()
    stamps = re.findall(r"<(?:published|updated)>([^<]+)</", feed)
    assert stamps
    assert {stamp[:10] for stamp in stamps} == {monday.isoformat()}
    assert all(stamp[11:19] == "00:00:00" for stamp in stamps)
    events = json.loads(Client().get("/api/v1/alerts/events").content)
    assert [item["week"] for item in events] == [monday.isoformat()]
    assert "created_at" not in events[0]


def test_it_stores_contributions_in_no_arrival_order() -> None:
    """Read without ORDER BY (as a copy of the database is), reviews and reports are not in arrival order.

    On SQLite a UUID-keyed table still numbers rows by arrival in its hidden rowid; PostgreSQL
    keeps no such number (its physical order is the documented limit of this test).
    """
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's rowid")
    arrived = [str(ReviewFactory().pk) for _ in range(12)]
    reports = [str(ReportFactory().pk) for _ in range(12)]
    with connection.cursor() as cursor:
        for table, order in (("reviews_review", arrived), ("alerts_scamreport", reports)):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed names; a whole-row scan
            column = [description[0] for description in cursor.description].index("id")
            stored = [str(uuid.UUID(str(row[column]))) for row in cursor.fetchall()]
            assert sorted(stored) == sorted(order)
            assert stored != order
            cursor.execute(f"SELECT rowid FROM {table}")  # noqa: S608
            assert max(row[0] for row in cursor.fetchall()) > 2**40


def test_a_delivery_keeps_no_time_of_its_own() -> None:
    """A delivery is written when a contribution is published: any time on it would date that moment."""
    times = [
        field.name
        for field in Delivery._meta.get_fields()
        if isinstance(field, models.DateTimeField | models.DateField | models.TimeField)
    ]
    assert times == []
