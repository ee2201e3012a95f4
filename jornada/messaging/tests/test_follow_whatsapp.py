"""A follow made in a WhatsApp conversation is confirmed and notified by WhatsApp, the way it came
in (the Cloud API, or Twilio's ``whatsapp:`` channel), as text within the 24-hour window and as
the approved template outside it; STOP ends it; follows made by SMS stay SMS."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from jornada.alerts import sms
from jornada.alerts.models import Delivery, Follow
from jornada.alerts.services import report_changed
from jornada.alerts.tests.factories import published_warning
from jornada.messaging import whatsapp
from jornada.messaging.models import Conversation
from jornada.messaging.tests.helpers import (
    NUMBER,
    NUMBER_DIGITS,
    Phone,
    meta_event,
    meta_post,
    meta_raw,
    receipt_code,
)

pytestmark = pytest.mark.django_db

TEMPLATE = "jornada_aviso"
CONTENT_SID = "HX" + "0123456789abcdef" * 2
TWILIO_WHATSAPP = f"whatsapp:{NUMBER}"


class CloudPhone:
    """A worker writing by WhatsApp through Meta: each ``send`` returns what the Cloud API was asked to send."""

    def send(self, body: str) -> list[str]:
        before = len(whatsapp.outbox)
        assert meta_post(Client(), meta_raw(meta_event(body, number=NUMBER_DIGITS))).status_code == 200
        return [message.body for message in whatsapp.outbox[before:]]


def _warn(capture: Any, run_tasks: Any) -> None:
    """A warning about the followed number is published and followers are told."""
    with capture(execute=True):
        report_changed(published_warning())
    run_tasks()


def _follow_by(phone: Any, capture: Any, run_tasks: Any, code_from: Any) -> Follow:
    with capture(execute=True):
        assert "código" in "\n".join(phone.send("seguir +52 55 1234 5678"))
    run_tasks()
    assert "Listo" in "\n".join(phone.send(receipt_code(code_from()).lower()))
    return Follow.objects.get()


def _leave_window() -> None:
    """24 hours pass without the worker writing (the conversation may even be gone)."""
    Conversation.objects.update(window_until=timezone.now() - dt.timedelta(seconds=1))


@override_settings(JORNADA_WHATSAPP_TEMPLATE=TEMPLATE)
def test_it_notifies_a_cloud_api_follow_by_whatsapp_text_then_template(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """SEGUIR over the Cloud API: code and notices by WhatsApp, as text in the window, as the template after."""
    follow = _follow_by(
        CloudPhone(), django_capture_on_commit_callbacks, run_tasks, lambda: whatsapp.outbox[-1].body
    )
    assert (follow.channel, follow.confirmed) == ("whatsapp", True)
    whatsapp.outbox.clear()
    _warn(django_capture_on_commit_callbacks, run_tasks)
    assert [(m.to, m.template) for m in whatsapp.outbox] == [(NUMBER, "")]
    assert "novedades" in whatsapp.outbox[0].body
    _leave_window()
    _warn(django_capture_on_commit_callbacks, run_tasks)
    assert [(m.to, m.template) for m in whatsapp.outbox[1:]] == [(NUMBER, TEMPLATE)]
    assert sms.outbox == []  # nothing by SMS
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.SENT}


@override_settings(
    JORNADA_TWILIO_WHATSAPP_CONTENT_SID=CONTENT_SID, JORNADA_TWILIO_WHATSAPP_FROM="+15005550006"
)
def test_it_notifies_a_twilio_whatsapp_follow_through_twilio(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """SEGUIR through Twilio's whatsapp: channel: code and notices to whatsapp:<number>, the ContentSid after 24 hours."""
    follow = _follow_by(
        Phone(number=TWILIO_WHATSAPP),
        django_capture_on_commit_callbacks,
        run_tasks,
        lambda: sms.outbox[-1].body,
    )
    assert follow.channel == "twilio-wa"
    sms.outbox.clear()
    _warn(django_capture_on_commit_callbacks, run_tasks)
    assert [(m.to, m.content_sid) for m in sms.outbox] == [(TWILIO_WHATSAPP, "")]
    _leave_window()
    _warn(django_capture_on_commit_callbacks, run_tasks)
    assert [(m.to, m.content_sid) for m in sms.outbox[1:]] == [(TWILIO_WHATSAPP, CONTENT_SID)]
    variables = json.loads(sms.outbox[1].body)
    assert list(variables) == ["1"]
    assert "novedades" in variables["1"]
    assert whatsapp.outbox == []


def test_it_keeps_a_follow_made_by_sms_on_sms(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A follow made in an SMS conversation is told by SMS, never by WhatsApp."""
    follow = _follow_by(Phone(), django_capture_on_commit_callbacks, run_tasks, lambda: sms.outbox[-1].body)
    assert follow.channel == "sms"
    sms.outbox.clear()
    _warn(django_capture_on_commit_callbacks, run_tasks)
    assert [(m.to, m.content_sid) for m in sms.outbox] == [(NUMBER, "")]
    assert whatsapp.outbox == []


@override_settings(JORNADA_WHATSAPP_TEMPLATE=TEMPLATE)
def test_it_ends_whatsapp_follows_on_stop(run_tasks: Any, django_capture_on_commit_callbacks: Any) -> None:
    """STOP by WhatsApp ends the WhatsApp follow: a later warning sends nothing, not even the template."""
    phone = CloudPhone()
    _follow_by(phone, django_capture_on_commit_callbacks, run_tasks, lambda: whatsapp.outbox[-1].body)
    assert "no te enviará" in "\n".join(phone.send("STOP"))
    assert not Follow.objects.exists()
    whatsapp.outbox.clear()
    _warn(django_capture_on_commit_callbacks, run_tasks)
    assert whatsapp.outbox == []
    assert sms.outbox == []


@override_settings(JORNADA_WHATSAPP_TEMPLATE=TEMPLATE)
def test_it_ends_whatsapp_follows_on_an_sms_stop_too(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A STOP from the same number by SMS ends its WhatsApp follows as well: every follow of that number."""
    _follow_by(CloudPhone(), django_capture_on_commit_callbacks, run_tasks, lambda: whatsapp.outbox[-1].body)
    Phone().send("BAJA")
    assert not Follow.objects.exists()
