"""The staff page of channel health: counts per day and by error code, stopped numbers counted, no number shown."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jornada.alerts.sms import SmsError, send_sms
from jornada.messaging.demo import create_demo_data
from jornada.messaging.health import channel_health
from jornada.messaging.tests.helpers import NUMBER, Phone, meta_event, meta_post, meta_raw

pytestmark = pytest.mark.django_db


def test_it_counts_messages_in_and_out_and_the_time_to_answer() -> None:
    """Two messages by SMS and one by WhatsApp: received, sent and an average answer time today."""
    phone = Phone()
    phone.send("hola")
    phone.send("URGENTE")
    meta_post(Client(), meta_raw(meta_event("hola")))
    today = channel_health().days[0]
    assert (today.received, today.sent, today.failed) == (3, 3, 0)
    assert today.average_reply_ms() is not None


def test_it_counts_stopped_numbers_and_failures_by_code(refusing_gateway: str) -> None:
    """A send the gateway refuses is counted under its code; the number it stopped is counted, not listed."""
    with pytest.raises(SmsError):
        send_sms(NUMBER, "Aviso")
    health = channel_health()
    assert health.stopped_numbers == 1
    assert health.failures == [("sms", "21610", 1)]


def test_it_shows_staff_the_counts_and_never_a_number(three_orgs: Any, staff_client: Any) -> None:
    """The page lists days and codes; the worker's number appears nowhere on it."""
    Phone().send("hola")
    Phone().send("STOP")
    create_demo_data()
    page = staff_client(three_orgs.alice).get("/es/staff/messaging/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "21610" in text
    assert "1 número pidió no recibir nada" in text
    assert NUMBER not in text
    assert NUMBER[1:] not in text


def test_it_keeps_the_page_for_staff() -> None:
    """Without a signed-in staff member the page sends to the sign-in page."""
    assert Client().get("/es/staff/messaging/").status_code == 302
