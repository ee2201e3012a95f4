"""WhatsApp through Meta's Cloud API: a conversation answered through a local fake of the send endpoint."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import pytest
from django.test import Client, override_settings

from jornada.messaging.models import Conversation
from jornada.messaging.tests.helpers import NUMBER_DIGITS, meta_event, meta_post, meta_raw

pytestmark = pytest.mark.django_db


class _CloudApi(BaseHTTPRequestHandler):
    """Records each POST to /<phone number id>/messages, with its Authorization header."""

    received: ClassVar[list[tuple[str, str, dict[str, Any]]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append((self.path, self.headers.get("Authorization", ""), body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"messages": [{"id": "wamid.out"}]}')

    def log_message(self, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def cloud_api() -> Iterator[list[tuple[str, str, dict[str, Any]]]]:
    _CloudApi.received = []
    server = HTTPServer(("127.0.0.1", 0), _CloudApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with override_settings(
        JORNADA_WHATSAPP_BACKEND="cloud",
        JORNADA_WHATSAPP_API_URL=f"http://127.0.0.1:{server.server_port}/v21.0",
        JORNADA_WHATSAPP_ACCESS_TOKEN="test-access-token",
        JORNADA_WHATSAPP_PHONE_NUMBER_ID="1098765",
    ):
        yield _CloudApi.received
    server.shutdown()


def _bodies(received: list[tuple[str, str, dict[str, Any]]]) -> list[str]:
    return [body["text"]["body"] for _path, _auth, body in received]


def test_it_answers_through_the_cloud_api(cloud_api: list[tuple[str, str, dict[str, Any]]]) -> None:
    """A signed text event is answered by POSTs to the send endpoint, to the sender, with the token."""
    assert meta_post(Client(), meta_raw(meta_event("hola"))).status_code == 200
    path, authorization, body = cloud_api[0]
    assert path == "/v21.0/1098765/messages"
    assert authorization == "Bearer test-access-token"
    assert (body["messaging_product"], body["to"], body["type"]) == ("whatsapp", NUMBER_DIGITS, "text")
    assert "1 BUSCAR" in body["text"]["body"]


def test_it_holds_a_conversation_in_english_over_whatsapp(
    cloud_api: list[tuple[str, str, dict[str, Any]]],
) -> None:
    """ENGLISH then URGENT, over WhatsApp: replies in English, the conversation keyed by hash only."""
    meta_post(Client(), meta_raw(meta_event("ingles")))
    meta_post(Client(), meta_raw(meta_event("urgent")))
    bodies = _bodies(cloud_api)
    assert "1 CHECK" in bodies[0]
    assert "Emergency numbers" in bodies[1]
    conversation = Conversation.objects.get()
    assert conversation.channel == "whatsapp"
    assert NUMBER_DIGITS not in conversation.key


def test_it_answers_a_repeated_event_once(cloud_api: list[tuple[str, str, dict[str, Any]]]) -> None:
    """Meta retries an event with the same message id: one answer."""
    raw = meta_raw(meta_event("MENU", message_id="wamid.same"))
    meta_post(Client(), raw)
    meta_post(Client(), raw)
    assert len(cloud_api) == 1
