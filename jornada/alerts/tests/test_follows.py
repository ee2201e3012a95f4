"""Follows: no secret or address in the task table, a daily cap per destination, neutral
messages on a lock screen, numbers read in the country the follower chose, and retention."""

from __future__ import annotations

import datetime as dt
import smtplib
from typing import Any
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jornada.alerts import sms
from jornada.alerts.models import Delivery, Follow, Screenshot, follow_day
from jornada.alerts.services import follow_subscribe, report_changed
from jornada.alerts.tests.factories import ReportFactory, published_warning

pytestmark = pytest.mark.django_db

FOLLOW_URL = "/es/alerts/follow/phone/+525512345678/"


def _task_rows() -> str:
    """Everything the task table holds, as one text."""
    return "\n".join(
        f"{row.args_kwargs} {row.return_value} {row.exception_class_path} {row.traceback}"
        for row in DBTaskResult.objects.all()
    )


def _subscribe(capture: Any, contact: str = "trabajadora@example.org", channel: str = "email") -> Follow:
    with capture(execute=True):
        return follow_subscribe(
            kind="phone",
            target="+525512345678",
            target_label="Reclutadora Inventada del Norte",
            channel=channel,
            contact=contact,
            language="es",
            base_url="http://testserver/",
        )


def _code_in(body: str) -> str:
    return body.split("?code=")[1].split()[0]


def test_it_keeps_the_confirmation_code_out_of_the_task_table(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The confirmation task takes the follow's id only; the code it makes is stored hashed and works once."""
    follow = _subscribe(django_capture_on_commit_callbacks)
    assert Follow.objects.get(pk=follow.pk).confirm_hash is None  # nothing until the task sends it
    run_tasks()
    code = _code_in(mail.outbox[0].body)
    rows = _task_rows()
    assert f"'follow_id': {follow.pk}" in rows.replace('"', "'")
    assert code not in rows
    assert code.replace("-", "") not in rows
    assert "trabajadora@example.org" not in rows
    assert Client().post("/es/alerts/follow/confirm/", {"code": code}).status_code == 200
    assert Follow.objects.get(pk=follow.pk).confirmed


def test_it_records_a_failed_send_without_the_address(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """An SMTP refusal names the recipient; the task row and the delivery keep the error class and a scrubbed message."""
    refused = smtplib.SMTPRecipientsRefused({"trabajadora@example.org": (550, b"no such user")})
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=refused):
        _subscribe(django_capture_on_commit_callbacks)
        run_tasks()
    rows = _task_rows()
    assert "SMTPRecipientsRefused" in rows
    assert "jornada.core.mail.SendFailed" in rows
    assert "trabajadora" not in rows
    follow = Follow.objects.get()
    follow.confirmed = True
    follow.save()
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=refused):
        with django_capture_on_commit_callbacks(execute=True):
            report_changed(published_warning())
        run_tasks()
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.FAILED
    assert delivery.last_error.startswith("SMTPRecipientsRefused")
    assert "trabajadora" not in delivery.last_error
    assert "trabajadora" not in _task_rows()


def test_it_caps_the_confirmations_one_destination_gets_a_day(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Whoever asks, from any address, one number gets at most JORNADA_FOLLOW_DESTINATION_PER_DAY confirmations a day."""
    with override_settings(JORNADA_FOLLOW_DESTINATION_PER_DAY=2):
        _subscribe(django_capture_on_commit_callbacks, contact="+15595551234", channel="sms")
        _subscribe(django_capture_on_commit_callbacks, contact="+15595551234", channel="sms")
        with pytest.raises(ValidationError) as refused:
            _subscribe(django_capture_on_commit_callbacks, contact="+15595551234", channel="sms")
        assert refused.value.code == "destination_limit"
        other_client = Client(REMOTE_ADDR="203.0.113.9")
        response = other_client.post(
            FOLLOW_URL, {"channel": "sms", "contact": "+1 559 555 1234", "country": ""}
        )
        assert response.status_code == 429
        # Another number is not affected.
        _subscribe(django_capture_on_commit_callbacks, contact="+15595559999", channel="sms")
    assert Follow.objects.count() == 3


def test_its_messages_name_nothing_on_a_lock_screen(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The confirmation SMS and e-mail subject say only "Jornada" and the code, never what is followed."""
    sms.outbox.clear()
    _subscribe(django_capture_on_commit_callbacks, contact="+525587654321", channel="sms")
    _subscribe(django_capture_on_commit_callbacks)
    run_tasks()
    text = sms.outbox[-1].body
    assert text.startswith("Jornada: tu código es ")
    assert "Reclutadora" not in text
    assert "Reclutadora" not in mail.outbox[-1].subject
    assert mail.outbox[-1].body.startswith("Jornada: tu código es ")
    with override_settings(JORNADA_SMS_STOP_WORD="STOP"):
        _subscribe(django_capture_on_commit_callbacks, contact="+525587654322", channel="sms")
        run_tasks()
    assert "Responde STOP para dejar de recibirlos." in sms.outbox[-1].body


@pytest.mark.parametrize(
    ("typed", "country", "e164", "shown"),
    [
        ("559 555 1234", "US", "+15595551234", "+1 559-555-1234"),
        ("831 555 1234", "US", "+18315551234", "+1 831-555-1234"),
        ("916 555 1234", "US", "+19165551234", "+1 916-555-1234"),
        ("55 1234 5678", "MX", "+525512345678", "+52 55 1234 5678"),
        ("+1 559 555 1234", "", "+15595551234", "+1 559-555-1234"),
    ],
)
def test_it_reads_a_followers_number_in_the_country_they_chose(
    typed: str, country: str, e164: str, shown: str
) -> None:
    """A number without its country code needs the country; the confirmation page shows it in international form."""
    if not country:
        pass
    else:
        guessed = Client().post(FOLLOW_URL, {"channel": "sms", "contact": typed, "country": ""})
        assert guessed.status_code == 422
        assert "Elige el país de tu número" in guessed.content.decode()
        assert not Follow.objects.exists()
    response = Client().post(FOLLOW_URL, {"channel": "sms", "contact": typed, "country": country})
    assert response.status_code == 200
    assert shown in response.content.decode()
    from jornada.alerts.crypto import decrypt_contact

    assert decrypt_contact(Follow.objects.get().contact_encrypted) == e164


def test_it_prunes_what_its_retention_periods_end(settings: Any) -> None:
    """``jornada prune`` deletes old task results, expired sessions, unconfirmed follows and old screenshots only."""
    settings.JORNADA_RETENTION_TASK_DAYS = 7
    settings.JORNADA_RETENTION_UNCONFIRMED_FOLLOW_DAYS = 2
    settings.JORNADA_RETENTION_SCREENSHOT_MONTHS = 6
    now = timezone.now()
    old_task = DBTaskResult.objects.create(
        task_path="jornada.core.tasks.prune",
        args_kwargs={"args": [], "kwargs": {}},
        status="SUCCESSFUL",
        enqueued_at=now,
        finished_at=now - dt.timedelta(days=8),
        run_after=now,
        backend_name="default",
        queue_name="default",
        priority=0,
    )
    new_task = DBTaskResult.objects.create(
        task_path="jornada.core.tasks.prune",
        args_kwargs={"args": [], "kwargs": {}},
        status="SUCCESSFUL",
        enqueued_at=now,
        finished_at=now - dt.timedelta(days=1),
        run_after=now,
        backend_name="default",
        queue_name="default",
        priority=0,
    )
    expired = SessionStore()
    expired.set_expiry(-10)
    expired.create()
    live = SessionStore()
    live.create()

    def follow(**fields: Any) -> Follow:
        return Follow.objects.create(
            kind="phone", target="+525512345678", target_label="x", channel="email",
            contact_encrypted="x", base_url="http://testserver/", **fields,
        )  # fmt: skip

    today = follow_day()
    stale = follow(created_on=today - dt.timedelta(days=3), confirm_hash="a" * 64)
    waiting = follow(created_on=today - dt.timedelta(days=2), confirm_hash="b" * 64)
    old_but_confirmed = follow(created_on=today - dt.timedelta(days=300), confirmed=True)
    report = ReportFactory()

    def shot(month: dt.date | None) -> Screenshot:
        made = Screenshot(report=report, width=1, height=1, published_month=month)
        made.image.save("x.jpg", ContentFile(b"jpeg"), save=True)
        return made

    this_month = timezone.localdate().replace(day=1)
    seven_months_ago = (this_month - dt.timedelta(days=200)).replace(day=1)
    old_shot, recent_shot, unpublished_shot = shot(seven_months_ago), shot(this_month), shot(None)
    old_file = old_shot.image.name
    call_command("prune", verbosity=0)
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [new_task.pk]
    assert not DBTaskResult.objects.filter(pk=old_task.pk).exists()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert set(Follow.objects.values_list("pk", flat=True)) == {waiting.pk, old_but_confirmed.pk}
    assert not Follow.objects.filter(pk=stale.pk).exists()
    assert set(Screenshot.objects.values_list("pk", flat=True)) == {recent_shot.pk, unpublished_shot.pk}
    assert not Screenshot._meta.get_field("image").storage.exists(old_file)


def test_a_code_expires_with_its_unconfirmed_follow(
    run_tasks: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    """A confirmation code older than JORNADA_RETENTION_UNCONFIRMED_FOLLOW_DAYS no longer works."""
    follow = _subscribe(django_capture_on_commit_callbacks)
    run_tasks()
    code = _code_in(mail.outbox[0].body)
    Follow.objects.filter(pk=follow.pk).update(created_on=follow_day() - dt.timedelta(days=3))
    Client().post("/es/alerts/follow/confirm/", {"code": code})
    assert not Follow.objects.get(pk=follow.pk).confirmed


def test_it_keeps_only_the_day_a_follow_was_made(
    run_tasks: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    """A follow stores the day it was made (UTC), no time; its code works that day and two whole days more."""
    settings.JORNADA_RETENTION_UNCONFIRMED_FOLLOW_DAYS = 2
    follow = _subscribe(django_capture_on_commit_callbacks)
    run_tasks()
    code = _code_in(mail.outbox[0].body)
    times = [
        f.name for f in Follow._meta.get_fields() if isinstance(f, models.DateTimeField | models.TimeField)
    ]
    assert times == []
    assert (
        Follow.objects.values_list("created_on", flat=True).get(pk=follow.pk)
        == timezone.now().astimezone(dt.UTC).date()
    )
    Follow.objects.filter(pk=follow.pk).update(created_on=follow_day() - dt.timedelta(days=2))
    Client().post("/es/alerts/follow/confirm/", {"code": code})
    assert Follow.objects.get(pk=follow.pk).confirmed


def test_a_notification_text_names_nothing_and_its_link_leads_to_the_news(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The event SMS says "news about something you follow" with a neutral link that leads to the warning."""
    sms.outbox.clear()
    follow = _subscribe(django_capture_on_commit_callbacks, contact="+525587654321", channel="sms")
    Follow.objects.filter(pk=follow.pk).update(confirmed=True)
    warning = published_warning()
    with django_capture_on_commit_callbacks(execute=True):
        report_changed(warning)
    run_tasks()
    text = sms.outbox[-1].body
    assert text.startswith("Jornada: hay novedades sobre algo que sigues.")
    assert "Reclutadora" not in text
    assert "Visas" not in text
    link = next(word for word in text.split() if "/alerts/news/" in word).replace("http://testserver", "")
    response = Client().get(link)
    assert (response.status_code, response["Location"]) == (302, f"/es/alerts/warnings/{warning.pk}/")


def test_a_look_up_offers_each_reading_of_an_ambiguous_number_to_follow() -> None:
    """``559 555 1234`` can be followed as the US or the Mexican number, never as a guess."""
    page = Client().get("/es/alerts/", {"q": "559 555 1234"}).content.decode()
    assert "/es/alerts/follow/phone/+15595551234/" in page
    assert "/es/alerts/follow/phone/+525595551234/" in page
    assert Client().get("/es/alerts/follow/phone/5595551234/").status_code == 404
    assert Client().get("/es/alerts/follow/phone/+15595551234/").status_code == 200
