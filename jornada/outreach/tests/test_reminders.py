"""Reminders without accounts (through the follows' machinery) and reservations as a count only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from jornada.alerts import sms
from jornada.alerts.models import Delivery, Follow, FollowKind
from jornada.cases.tests.helpers import table_dump
from jornada.core.retention import retention_prune
from jornada.core.tests.factories import OrganisationFactory
from jornada.outreach.models import Event, EventStatus
from jornada.outreach.reminders import (
    reminder_follows_prune,
    reminder_request,
    reminders_send,
    reservation_add,
)
from jornada.outreach.services import event_status_set
from jornada.outreach.tests.helpers import publish, soon
from jornada.reviews.tests.test_anonymity import every_log_line  # noqa: F401

pytestmark = pytest.mark.django_db

EMAIL = "recordatorio-unico-7q@example.org"
NUMBER = "+525512340177"


def _ask(event: Event, capture: Any, *, contact: str = EMAIL, channel: str = "email") -> Follow:
    with capture(execute=True):
        return reminder_request(
            event=event, channel=channel, contact=contact, language="es", base_url="http://testserver/"
        )


def _confirm(run_tasks: Any, *, outbox_body: str | None = None) -> None:
    run_tasks()
    body = outbox_body or mail.outbox[-1].body
    code = body.split("?code=")[1].split()[0]
    response = Client().post("/es/alerts/follow/confirm/", {"code": code})
    assert response.status_code == 200
    assert "te recordaremos" in response.content.decode().lower()


def test_it_keeps_the_reminders_contact_encrypted(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The address a worker gives for a reminder is stored encrypted: no table holds it in clear."""
    event = publish(OrganisationFactory())
    follow = _ask(event, django_capture_on_commit_callbacks)
    assert follow.kind == FollowKind.EVENT
    assert follow.target == str(event.uid)
    run_tasks()
    dump = table_dump("alerts_follow", "outreach_event", "django_tasks_database_dbtaskresult")
    assert EMAIL.encode() not in dump
    assert b"recordatorio-unico" not in dump


def test_it_sends_the_reminder_the_day_before_once(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A confirmed reminder is sent once when the event starts within a day, never earlier, never twice."""
    event = publish(OrganisationFactory(), start=soon(days=3))
    _ask(event, django_capture_on_commit_callbacks)
    _confirm(run_tasks)
    mail.outbox.clear()
    start = event.occurrences.get().starts_at
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=start - dt.timedelta(days=2)) == 0
        assert reminders_send(now=start - dt.timedelta(hours=20)) == 1
        assert reminders_send(now=start - dt.timedelta(hours=2)) == 0
    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert "Recordatorio: Taller de prueba es mañana." in message.body
    assert Delivery.objects.get().state == Delivery.State.SENT


def test_its_sms_reminder_names_nothing_on_a_lock_screen(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The reminder by SMS says "Jornada" and a link, not the event's title; STOP is offered."""
    event = publish(OrganisationFactory(), start=soon(days=3), title_es="Taller de la visa H-2A")
    sms.outbox.clear()
    _ask(event, django_capture_on_commit_callbacks, contact=NUMBER, channel="sms")
    run_tasks()
    _confirm(run_tasks, outbox_body=sms.outbox[-1].body)
    start = event.occurrences.get().starts_at
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(now=start - dt.timedelta(hours=20))
    run_tasks()
    text = sms.outbox[-1]
    assert text.to == NUMBER
    assert "H-2A" not in text.body
    assert "recordatorio" in text.body


def test_it_does_not_remind_of_a_cancelled_event(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """An event cancelled after the worker asked sends no reminder."""
    organisation = OrganisationFactory()
    event = publish(organisation, start=soon(days=3))
    _ask(event, django_capture_on_commit_callbacks)
    _confirm(run_tasks)
    start = event.occurrences.get().starts_at
    event_status_set(actor=None, event=event, status=EventStatus.CANCELLED)
    assert reminders_send(now=start - dt.timedelta(hours=20)) == 0
    with pytest.raises(ValidationError) as raised:
        reminder_request(event=event, channel="email", contact=EMAIL, language="es", base_url="http://x/")
    assert raised.value.code == "no_date"


def test_it_deletes_the_contact_after_the_event(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Once an event's last occurrence has ended, ``jornada prune`` deletes its reminders and their contacts."""
    ended = publish(OrganisationFactory(), start=soon(days=3))
    coming = publish(OrganisationFactory(), start=soon(days=30))
    _ask(ended, django_capture_on_commit_callbacks)
    _confirm(run_tasks)
    _ask(coming, django_capture_on_commit_callbacks, contact="otra-persona@example.org")
    end = ended.occurrences.get().ends_at
    assert reminder_follows_prune(now=end - dt.timedelta(minutes=1)) == 0
    ended.occurrences.update(
        starts_at=timezone.now() - dt.timedelta(days=1, hours=2),
        ends_at=timezone.now() - dt.timedelta(days=1),
    )
    assert retention_prune()["event_reminders"] == 1
    assert list(Follow.objects.values_list("target", flat=True)) == [str(coming.uid)]
    assert EMAIL.encode() not in table_dump("alerts_follow", "alerts_delivery")


def test_it_never_writes_the_contact_to_a_log(
    every_log_line: list[str],  # noqa: F811
    run_tasks: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Asking, confirming, sending and pruning a reminder log neither the address nor the number."""
    event = publish(OrganisationFactory(), start=soon(days=3))
    response = Client().post(f"/es/eventos/{event.uid}/recordatorio/", {"channel": "email", "contact": EMAIL})
    assert response.status_code == 200
    sms.outbox.clear()
    Client().post(f"/es/eventos/{event.uid}/recordatorio/", {"channel": "sms", "contact": NUMBER})
    run_tasks()
    for follow in Follow.objects.all():
        Follow.objects.filter(pk=follow.pk).update(confirmed=True, confirm_hash=None)
    start = event.occurrences.get().starts_at
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(now=start - dt.timedelta(hours=20))
    run_tasks()
    Event.objects.filter(pk=event.pk).delete()
    reminder_follows_prune()
    logged = "\n".join(every_log_line)
    assert "recordatorio-unico" not in logged
    assert "5512340177" not in logged
    assert not Follow.objects.exists()


def test_its_reminder_page_works_without_javascript() -> None:
    """The event page links to the reminder form, which is a plain form posting to itself."""
    event = publish(OrganisationFactory())
    page = Client().get(f"/es/eventos/{event.uid}/").content.decode()
    assert f"/es/eventos/{event.uid}/recordatorio/" in page
    form = Client().get(f"/es/eventos/{event.uid}/recordatorio/")
    assert form.status_code == 200
    assert 'method="post"' in form.content.decode()
    bad = Client().post(f"/es/eventos/{event.uid}/recordatorio/", {"channel": "email", "contact": "no"})
    assert bad.status_code == 422


def _row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - the database's own names
            counts[table] = cursor.fetchone()[0]
    return counts


def test_it_counts_reservations_and_keeps_nobody() -> None:
    """Reserving a place adds one to the event's counter and writes no other row: no name, no address."""
    event = publish(OrganisationFactory(), takes_reservations=True)
    before = _row_counts()
    client = Client()
    response = client.post(f"/es/eventos/{event.uid}/reservar/")
    assert response.status_code == 302
    client.post(f"/es/eventos/{event.uid}/reservar/")
    event.refresh_from_db()
    assert event.places_reserved == 2
    after = _row_counts()
    changed = {table for table in after if after[table] != before.get(table)}
    assert changed <= {"django_session", "django_cache_table"}, changed  # rate-limit counters only
    page = client.get(f"/es/eventos/{event.uid}/?reservado=1").content.decode()
    assert "2 lugares apartados hasta ahora" in page


def test_it_limits_reservations_per_client() -> None:
    """One client cannot fill the hall: after a few reservations an hour it gets 429 and the count stops."""
    event = publish(OrganisationFactory(), takes_reservations=True)
    client = Client()
    statuses = [client.post(f"/es/eventos/{event.uid}/reservar/").status_code for _ in range(7)]
    assert statuses.count(429) == 2
    event.refresh_from_db()
    assert event.places_reserved == 5


def test_it_refuses_reservations_an_event_does_not_take() -> None:
    """An event that does not take reservations keeps its counter at zero."""
    event = publish(OrganisationFactory())
    with pytest.raises(ValidationError) as raised:
        reservation_add(event=event)
    assert raised.value.code == "no_reservations"
    Client().post(f"/es/eventos/{event.uid}/reservar/")
    event.refresh_from_db()
    assert event.places_reserved == 0


def test_the_reminder_command_queues_due_reminders() -> None:
    """``jornada outreach_send_reminders`` runs the same, repeatable step (for cron)."""
    call_command("outreach_send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
