"""WhatsApp and SMS delivery status callbacks counted on the channel-health page (never the number), and
WhatsApp's 24-hour customer-service window: outside it only the configured template may be sent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from jornada.messaging import whatsapp
from jornada.messaging.health import channel_health
from jornada.messaging.models import ChannelDay, Conversation, StoppedNumber
from jornada.messaging.services import whatsapp_notify
from jornada.messaging.tests.helpers import (
    NUMBER,
    NUMBER_DIGITS,
    meta_event,
    meta_post,
    meta_raw,
    twilio_post,
)
from jornada.messaging.whatsapp import WhatsAppError

pytestmark = pytest.mark.django_db


def _statuses(*statuses: dict[str, Any]) -> dict[str, Any]:
    event = meta_event("x")
    value = event["entry"][0]["changes"][0]["value"]
    del value["messages"]
    value["statuses"] = list(statuses)
    return event


def _status(message_id: str, status: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": message_id,
        "status": status,
        "timestamp": "1700000000",
        "recipient_id": NUMBER_DIGITS,
        **extra,
    }


def test_it_counts_meta_delivery_statuses_once_and_never_the_number() -> None:
    """Delivered, read and failed (by error code) are counted; a retried callback counts once; no number kept."""
    event = _statuses(
        _status("wamid.A", "sent"),
        _status("wamid.A", "delivered"),
        _status("wamid.A", "read"),
        _status("wamid.B", "failed", errors=[{"code": 131047, "title": "Re-engagement message"}]),
    )
    client = Client()
    assert meta_post(client, meta_raw(event)).status_code == 200
    assert meta_post(client, meta_raw(event)).status_code == 200  # Meta retries
    today = channel_health().days[0]
    assert (today.delivered, today.read, today.failed, today.received) == (1, 1, 1, 0)
    assert channel_health().failures == [("whatsapp", "131047", 1)]
    rows = repr(list(ChannelDay.objects.values()))
    assert NUMBER_DIGITS not in rows
    assert whatsapp.outbox == []  # a status is not a message: nothing answered


def test_it_counts_twilio_status_callbacks_and_stops_an_unsubscribed_number() -> None:
    """MessageStatus delivered/undelivered is counted, not answered; error 21610 stops the number."""
    base = {"AccountSid": "AC" + "0" * 32, "From": "+15005550006", "To": NUMBER, "SmsStatus": "delivered"}
    delivered = twilio_post(Client(), {**base, "MessageSid": "SM1", "MessageStatus": "delivered"})
    assert (delivered.status_code, delivered.content) == (204, b"")
    failed = {**base, "MessageSid": "SM2", "MessageStatus": "undelivered", "ErrorCode": "21610"}
    twilio_post(Client(), failed)
    twilio_post(Client(), failed)  # retried: counted once
    today = channel_health().days[0]
    assert (today.delivered, today.failed, today.received) == (1, 1, 0)
    assert channel_health().failures == [("twilio", "21610", 1)]
    assert StoppedNumber.objects.count() == 1


def test_it_shows_delivered_and_read_on_the_health_page(three_orgs: Any, staff_client: Any) -> None:
    """The page has delivered and read columns with today's counts."""
    meta_post(Client(), meta_raw(_statuses(_status("wamid.C", "delivered"), _status("wamid.C", "read"))))
    text = staff_client(three_orgs.alice).get("/es/staff/messaging/").content.decode()
    assert "Entregados" in text
    assert "Leídos" in text
    assert NUMBER not in text


def test_it_sends_text_inside_the_window_and_only_the_template_outside() -> None:
    """Within 24 hours of the worker's message: text. After: the template, with the text as its parameter."""
    meta_post(Client(), meta_raw(meta_event("english")))  # the worker writes: the window opens
    whatsapp.outbox.clear()
    with override_settings(JORNADA_WHATSAPP_TEMPLATE="jornada_aviso"):
        assert whatsapp_notify(number=NUMBER, body="Aviso 1") == "text"
        Conversation.objects.update(window_until=timezone.now() - dt.timedelta(seconds=1))
        assert whatsapp_notify(number=NUMBER, body="Aviso 2") == "template"
    assert [(m.body, m.template) for m in whatsapp.outbox] == [("Aviso 1", ""), ("Aviso 2", "jornada_aviso")]


def test_it_sends_nothing_outside_the_window_without_a_template() -> None:
    """No template configured and no message from the worker within 24 hours: refused, nothing sent."""
    with override_settings(JORNADA_WHATSAPP_TEMPLATE=""), pytest.raises(WhatsAppError):
        whatsapp_notify(number=NUMBER, body="Aviso")
    assert whatsapp.outbox == []
    assert channel_health().days[0].sent == 0
