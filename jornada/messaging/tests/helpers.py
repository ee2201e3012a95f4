"""A fake gateway for the tests: messages posted to the real webhooks, signed as Twilio and Meta sign them."""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from django.http import HttpResponse
from django.test import Client
from twilio.request_validator import RequestValidator

from jornada.messaging.signatures import meta_signature

TWILIO_TOKEN = "test-twilio-auth-token-0123456789"
TWILIO_URL = "https://jornada.example.org/messaging/twilio/"
META_SECRET = "test-meta-app-secret-0123456789"
META_VERIFY = "test-meta-verify-token"
# A fictional worker's number (reserved for fiction in Mexico City's 55 5xxx range).
NUMBER = "+525512349876"
NUMBER_DIGITS = "525512349876"
SETTINGS = {
    "JORNADA_TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
    "JORNADA_MESSAGING_TWILIO_URL": TWILIO_URL,
    "JORNADA_WHATSAPP_APP_SECRET": META_SECRET,
    "JORNADA_WHATSAPP_VERIFY_TOKEN": META_VERIFY,
}
_ids = itertools.count(1)


def twilio_signature(params: dict[str, str], url: str = TWILIO_URL, token: str = TWILIO_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def twilio_post(client: Client, params: dict[str, str], *, signature: str | None = None) -> HttpResponse:
    return client.post(
        "/messaging/twilio/",
        params,
        HTTP_X_TWILIO_SIGNATURE=twilio_signature(params) if signature is None else signature,
    )


def twilio_params(body: str, *, number: str = NUMBER, sid: str | None = None, **extra: str) -> dict[str, str]:
    return {
        "MessageSid": sid or f"SM{next(_ids):032x}",
        "AccountSid": "AC" + "0" * 32,
        "From": number,
        "To": "+15005550006",
        "Body": body,
        "NumMedia": "0",
        **extra,
    }


def replies(response: HttpResponse) -> list[str]:
    """The messages of a TwiML answer."""
    assert response.status_code == 200, response.status_code
    root = ET.fromstring(response.content)  # noqa: S314 - our own TwiML
    return [element.text or "" for element in root.iter("Message")]


class Phone:
    """A worker texting Jornada through Twilio: each ``send`` returns Jornada's replies."""

    def __init__(self, client: Client | None = None, number: str = NUMBER) -> None:
        self.client = client or Client()
        self.number = number

    def send(self, body: str) -> list[str]:
        return replies(twilio_post(self.client, twilio_params(body, number=self.number)))

    def text(self, body: str) -> str:
        return "\n".join(self.send(body))


def meta_event(
    body: str | None = None, *, number: str = NUMBER_DIGITS, kind: str = "text", message_id: str | None = None
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "from": number,
        "id": message_id or f"wamid.{next(_ids):020d}",
        "timestamp": "1700000000",
        "type": kind,
    }
    if kind == "text":
        message["text"] = {"body": body}
    elif kind == "image":
        message["image"] = {"id": "1234", "mime_type": "image/jpeg"}
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "0",
                "changes": [
                    {
                        "field": "messages",
                        "value": {"messaging_product": "whatsapp", "metadata": {}, "messages": [message]},
                    }
                ],
            }
        ],
    }


def meta_post(client: Client, raw: bytes, *, signature: str | None = None) -> HttpResponse:
    return client.post(
        "/messaging/whatsapp/",
        raw,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=meta_signature(META_SECRET, raw) if signature is None else signature,
    )


def meta_raw(event: dict[str, Any]) -> bytes:
    return json.dumps(event).encode()


def receipt_code(text: str) -> str:
    found = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", text)
    assert found, text
    return found.group()
