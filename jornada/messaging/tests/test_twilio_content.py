"""WhatsApp through Twilio outside the 24-hour window: the approved template (ContentSid with
ContentVariables) posted exactly as the ``twilio`` package's own client posts it, both sent to
the same local HTTP server."""

from __future__ import annotations

import datetime as dt
import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from twilio.rest import Client as TwilioClient

from jornada.alerts import sms
from jornada.messaging.models import Conversation
from jornada.messaging.services import whatsapp_notify
from jornada.messaging.tests.helpers import NUMBER, twilio_params, twilio_post
from jornada.messaging.whatsapp import WhatsAppError

pytestmark = pytest.mark.django_db

ACCOUNT = "AC" + "0123456789abcdef" * 2
TOKEN = "test-rest-auth-token"
CONTENT_SID = "HX" + "fedcba9876543210" * 2
SENDER = "+15005550006"
NOTICE = "Jornada: hay novedades sobre algo que sigues. https://jornada.example.org/es/alerts/news/1/"


class _Twilio(BaseHTTPRequestHandler):
    """Answers like Twilio's Messages API and records each request's path, Authorization and form."""

    received: ClassVar[list[tuple[str, str, dict[str, list[str]]]]] = []

    def do_POST(self) -> None:
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.received.append((self.path, self.headers.get("Authorization", ""), form))
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"sid": "SM" + "0" * 32, "status": "queued"}).encode())

    def log_message(self, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def twilio_api() -> Iterator[str]:
    _Twilio.received = []
    server = HTTPServer(("127.0.0.1", 0), _Twilio)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _by_the_twilio_package(address: str, **message: str) -> tuple[str, str, dict[str, Any]]:
    """What ``twilio.rest.Client().messages.create`` posts, pointed at the local server."""
    client = TwilioClient(ACCOUNT, TOKEN)
    client.api.base_url = address
    client.messages.create(to=f"whatsapp:{NUMBER}", from_=f"whatsapp:{SENDER}", **message)
    return _Twilio.received.pop()


def _normalised(form: dict[str, list[str]]) -> dict[str, Any]:
    """The form with ContentVariables read as JSON (its spacing is not part of the shape)."""
    return {
        name: json.loads(values[0]) if name == "ContentVariables" else values for name, values in form.items()
    }


@override_settings(
    JORNADA_TWILIO_ACCOUNT_SID=ACCOUNT,
    JORNADA_TWILIO_WHATSAPP_FROM=SENDER,
    JORNADA_TWILIO_WHATSAPP_CONTENT_SID=CONTENT_SID,
)
def test_it_posts_the_content_template_as_the_twilio_client_does(twilio_api: str) -> None:
    """Inside the window a Body, outside it ContentSid + ContentVariables: the same requests as twilio's client."""
    expected_text = _by_the_twilio_package(twilio_api, body=NOTICE)
    expected_template = _by_the_twilio_package(
        twilio_api, content_sid=CONTENT_SID, content_variables=json.dumps({"1": NOTICE})
    )
    # The worker writes through Twilio's WhatsApp channel, which opens the 24-hour window.
    assert twilio_post(Client(), twilio_params("hola", number=f"whatsapp:{NUMBER}")).status_code == 200
    with override_settings(
        JORNADA_SMS_BACKEND="twilio",
        JORNADA_TWILIO_API_URL=twilio_api,
        JORNADA_TWILIO_AUTH_TOKEN=TOKEN,
        JORNADA_TWILIO_FROM="+15005550001",
    ):
        assert whatsapp_notify(number=NUMBER, body=NOTICE, channel="twilio-wa") == "text"
        Conversation.objects.update(window_until=timezone.now() - dt.timedelta(seconds=1))
        assert whatsapp_notify(number=NUMBER, body=NOTICE, channel="twilio-wa") == "template"
    sent_text, sent_template = _Twilio.received
    for ours, theirs in ((sent_text, expected_text), (sent_template, expected_template)):
        assert ours[:2] == theirs[:2]  # the same path and credentials
        assert _normalised(ours[2]) == _normalised(theirs[2])
    assert sent_template[2]["ContentSid"] == [CONTENT_SID]
    assert "Body" not in sent_template[2]


def test_it_sends_nothing_outside_the_window_without_a_content_sid() -> None:
    """Through Twilio, no ContentSid configured and no message from the worker within 24 hours: refused."""
    with override_settings(JORNADA_TWILIO_WHATSAPP_CONTENT_SID=""), pytest.raises(WhatsAppError):
        whatsapp_notify(number=NUMBER, body=NOTICE, channel="twilio-wa")
    assert sms.outbox == []
