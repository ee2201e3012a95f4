from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.test import override_settings

from jornada.alerts import sms
from jornada.core import ratelimit
from jornada.messaging import whatsapp
from jornada.messaging.tests.helpers import SETTINGS
from jornada.reviews.tests.test_anonymity import every_log_line  # noqa: F401 - a shared fixture


@pytest.fixture(autouse=True)
def gateway_settings() -> Iterator[None]:
    """Secrets configured as at a real deployment; outboxes and rate counters empty."""
    sms.outbox.clear()
    whatsapp.outbox.clear()
    ratelimit.forget_process_state()
    with override_settings(**SETTINGS):
        yield
    sms.outbox.clear()
    whatsapp.outbox.clear()


@pytest.fixture
def taking(three_orgs: Any) -> Any:
    """Organisation A takes requests in Spanish and English."""
    from jornada.intake.tests.helpers import accepting

    accepting(three_orgs.a, languages=["es", "en"])
    return three_orgs


class _Unsubscribed(BaseHTTPRequestHandler):
    """A Twilio-compatible gateway that answers every send with error 21610."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        body = json.dumps(
            {"code": 21610, "message": "Attempt to send to unsubscribed recipient", "status": 400}
        )
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def refusing_gateway() -> Iterator[str]:
    """Alerts' SMS backend pointed at a local Twilio-compatible gateway that refuses with 21610."""
    server = HTTPServer(("127.0.0.1", 0), _Unsubscribed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    address = f"http://127.0.0.1:{server.server_port}"
    with override_settings(
        JORNADA_SMS_BACKEND="twilio",
        JORNADA_TWILIO_API_URL=address,
        JORNADA_TWILIO_ACCOUNT_SID="AC" + "0" * 32,
        JORNADA_TWILIO_FROM="+15005550006",
    ):
        yield address
    server.shutdown()
