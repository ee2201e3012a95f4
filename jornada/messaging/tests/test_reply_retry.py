"""Replies a gateway's API refused for now are tried again with a doubling delay, the number held
encrypted only meanwhile: deleted once sent, or after the last attempt, and never logged."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jornada.messaging.models import ChannelDay, HeldReply, SeenMessage
from jornada.messaging.services import Inbound, message_receive, replies_send
from jornada.messaging.tests.helpers import NUMBER, NUMBER_DIGITS, meta_event, meta_post, meta_raw
from jornada.reviews.tests.test_anonymity import whole_database

pytestmark = pytest.mark.django_db

RECEIPT = "K7QM-4XPA-93TZ"


class _Gateway(BaseHTTPRequestHandler):
    """Answers each POST with the next scripted (status, JSON) and records what it was sent."""

    script: ClassVar[list[tuple[int, dict[str, Any]]]] = []
    received: ClassVar[list[bytes]] = []

    def do_POST(self) -> None:
        self.received.append(self.rfile.read(int(self.headers["Content-Length"])))
        status, body = self.script.pop(0) if self.script else (200, {"messages": [{"id": "wamid.x"}]})
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())

    def log_message(self, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def gateway() -> Iterator[type[_Gateway]]:
    """A local Cloud API and Twilio-compatible gateway; both channels pointed at it."""
    _Gateway.script, _Gateway.received = [], []
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_port}"
    with override_settings(
        JORNADA_WHATSAPP_BACKEND="cloud",
        JORNADA_WHATSAPP_API_URL=address,
        JORNADA_WHATSAPP_ACCESS_TOKEN="test-access-token",
        JORNADA_WHATSAPP_PHONE_NUMBER_ID="1098765",
        JORNADA_SMS_BACKEND="twilio",
        JORNADA_TWILIO_API_URL=address,
        JORNADA_TWILIO_ACCOUNT_SID="AC" + "0" * 32,
        JORNADA_TWILIO_FROM="+15005550006",
        JORNADA_NOTIFY_ATTEMPTS=3,
    ):
        yield _Gateway
    server.shutdown()
    server.server_close()


UNAVAILABLE = (503, {"error": {"code": 131016, "message": "Service unavailable"}})
TWILIO_BUSY = (503, {"code": 20503, "message": "Service unavailable", "status": 503})


def _retry_now(run_tasks: Any) -> None:
    """The backoff has passed: run the queued retry."""
    waiting = DBTaskResult.objects.filter(status="READY")
    assert waiting.count() == 1
    assert waiting.get().run_after > timezone.now()  # it was deferred, not run at once
    waiting.update(run_after=timezone.now())
    run_tasks()


def _nothing_left() -> None:
    assert not HeldReply.objects.exists()
    database = whole_database()
    for needle in (NUMBER, NUMBER_DIGITS, RECEIPT):
        assert needle not in database


def test_it_retries_a_failed_whatsapp_reply_and_forgets_the_number_once_sent(
    gateway: type[_Gateway], run_tasks: Any, every_log_line: list[str]
) -> None:
    """Meta answers 503: the reply is held encrypted, retried after the backoff, sent, and the row deleted."""
    gateway.script = [UNAVAILABLE]
    assert meta_post(Client(), meta_raw(meta_event("hola"))).status_code == 200
    held = HeldReply.objects.get()
    assert (held.channel, held.attempts) == ("whatsapp", 1)
    assert NUMBER_DIGITS not in whole_database()
    task = DBTaskResult.objects.get(status="READY")
    assert task.args_kwargs == {"args": [], "kwargs": {"held_id": held.pk}}
    _retry_now(run_tasks)
    assert len(gateway.received) == 2
    assert b"BUSCAR" in gateway.received[1]  # the menu, sent on the second attempt
    _nothing_left()
    for line in every_log_line:
        assert NUMBER_DIGITS[-8:] not in line
        assert "BUSCAR" not in line


def test_it_gives_up_after_the_last_attempt_and_deletes_the_number(
    gateway: type[_Gateway], run_tasks: Any, every_log_line: list[str]
) -> None:
    """Three attempts that all fail (JORNADA_NOTIFY_ATTEMPTS=3), a doubling delay apart: then nothing is kept."""
    gateway.script = [UNAVAILABLE] * 3
    meta_post(Client(), meta_raw(meta_event("hola")))
    first = DBTaskResult.objects.get(status="READY")
    delay_1 = first.run_after - first.enqueued_at
    _retry_now(run_tasks)
    assert HeldReply.objects.get().attempts == 2
    second = DBTaskResult.objects.get(status="READY")
    delay_2 = second.run_after - second.enqueued_at
    assert 1.8 < delay_2 / delay_1 < 2.2  # backoff: twice as long
    _retry_now(run_tasks)
    assert len(gateway.received) == 3
    assert not DBTaskResult.objects.filter(status="READY").exists()  # no fourth attempt
    _nothing_left()
    failed = ChannelDay.objects.get(channel="whatsapp", direction="failed")
    assert (failed.error_code, failed.count) == ("131016", 3)
    assert not [line for line in every_log_line if NUMBER_DIGITS[-8:] in line]


def test_it_does_not_hold_a_reply_refused_for_good(gateway: type[_Gateway]) -> None:
    """A lasting error (131026: the number cannot receive WhatsApp) is not retried and nothing is kept."""
    gateway.script = [(400, {"error": {"code": 131026, "message": "Message undeliverable"}})]
    meta_post(Client(), meta_raw(meta_event("hola")))
    assert len(gateway.received) == 1
    assert not DBTaskResult.objects.filter(status="READY").exists()
    _nothing_left()


def test_it_retries_an_sms_reply_sent_through_the_rest_api(gateway: type[_Gateway], run_tasks: Any) -> None:
    """An SMS reply posted to a Twilio-compatible API (not TwiML) that gets 20503 is retried; the rest follow in order."""
    gateway.script = [TWILIO_BUSY]
    replies_send(channel="twilio", number=NUMBER, replies=[f"Tu código: {RECEIPT}", "Segundo"])
    assert HeldReply.objects.get().channel == "twilio"
    assert RECEIPT not in whole_database()  # the held replies are encrypted too
    _retry_now(run_tasks)
    bodies = [body.decode() for body in gateway.received]
    assert len(bodies) == 3
    assert "K7QM-4XPA-93TZ" in bodies[1].replace("%2D", "-")
    assert "Segundo" in bodies[2]
    _nothing_left()


def test_it_drops_a_held_reply_to_a_number_that_stopped(gateway: type[_Gateway], run_tasks: Any) -> None:
    """STOP between the failure and the retry: the retry sends nothing and deletes the row."""
    gateway.script = [UNAVAILABLE]
    meta_post(Client(), meta_raw(meta_event("hola")))
    meta_post(Client(), meta_raw(meta_event("STOP")))
    sent = len(gateway.received)
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_tasks()
    assert len(gateway.received) == sent
    assert not HeldReply.objects.exists()


def test_it_forgets_a_whatsapp_message_s_replies_once_sent_and_sends_nothing_on_a_duplicate(
    gateway: type[_Gateway],
) -> None:
    """The Cloud API path knows its replies went: they are not kept, and Meta's duplicate gets nothing.

    Before they are sent (the server died after the commit), a duplicate gets them.
    """
    event = meta_raw(meta_event("hola", message_id="wamid.replayed"))
    assert meta_post(Client(), event).status_code == 200
    assert len(gateway.received) == 1
    assert not SeenMessage.objects.exclude(replies_encrypted="").exists()
    assert meta_post(Client(), event).status_code == 200
    assert len(gateway.received) == 1  # nothing more sent

    # The server died after the message's commit, before its replies went: Meta's retry gets them.
    message_receive(inbound=Inbound(channel="whatsapp", number=NUMBER, message_id="wamid.lost", text="hola"))
    assert meta_post(Client(), meta_raw(meta_event("hola", message_id="wamid.lost"))).status_code == 200
    assert len(gateway.received) == 2
    assert b"BUSCAR" in gateway.received[1]
    assert not SeenMessage.objects.exclude(replies_encrypted="").exists()
