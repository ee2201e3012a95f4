"""WhatsApp messages through Meta's Cloud API, beside ``jornada.alerts.sms``'s text messages.

``console`` (development and tests) keeps each message in ``outbox`` and prints it with the
number masked; ``cloud`` posts ``{api}/{phone number id}/messages`` with the access token. A send
returns or raises ``WhatsAppError`` carrying Meta's error code when it gave one. A free-form text
may only be sent within 24 hours of the worker's last message (Meta's customer-service window);
outside it only an approved template (``send_template``): ``messaging.services.whatsapp_notify`` decides.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

from jornada.alerts.sms import masked

TIMEOUT_SECONDS = 15
# Cloud API errors that say "later": throttling (4, 80007, 130429, 131056), and Meta's own
# trouble (1, 2, 131000, 131016, 133004). Anything else (a bad number, a template refused) will
# fail the same way again.
TRANSIENT_CODES = frozenset({1, 2, 4, 80007, 130429, 131000, 131016, 131056, 133004})


class WhatsAppError(Exception):
    """The message was not sent; ``transient`` when trying again later may work."""

    def __init__(self, message: str, *, code: int | None = None, transient: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.transient = transient


@dataclass(frozen=True)
class WhatsAppMessage:
    to: str
    body: str
    template: str = ""  # an approved template's name; ``body`` is then its one parameter


outbox: list[WhatsAppMessage] = []


class Backend(Protocol):
    def send(self, to: str, body: str) -> None: ...

    def send_template(self, to: str, name: str, language: str, body: str) -> None: ...


class ConsoleBackend:
    """Keeps each message in ``outbox`` and prints it, the number masked."""

    def send(self, to: str, body: str) -> None:
        outbox.append(WhatsAppMessage(to, body))
        sys.stdout.write(f"WhatsApp to {masked(to)}:\n{body}\n")

    def send_template(self, to: str, name: str, language: str, body: str) -> None:
        outbox.append(WhatsAppMessage(to, body, template=name))
        sys.stdout.write(f"WhatsApp template {name} ({language}) to {masked(to)}:\n{body}\n")


class CloudBackend:
    """``POST {api}/{phone_number_id}/messages``: a text message, in the 24-hour reply window."""

    def __init__(self, *, api_url: str, access_token: str, phone_number_id: str) -> None:
        self.endpoint = f"{api_url.rstrip('/')}/{urllib.parse.quote(phone_number_id)}/messages"
        self.authorization = f"Bearer {access_token}"

    def send(self, to: str, body: str) -> None:
        self._post(
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to.removeprefix("+"),
                "type": "text",
                "text": {"preview_url": False, "body": body},
            }
        )

    def send_template(self, to: str, name: str, language: str, body: str) -> None:
        """An approved template whose body has one parameter: the only message allowed outside the window."""
        self._post(
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to.removeprefix("+"),
                "type": "template",
                "template": {
                    "name": name,
                    "language": {"code": language},
                    "components": [{"type": "body", "parameters": [{"type": "text", "text": body}]}],
                },
            }
        )

    def _post(self, payload: dict[str, object]) -> None:
        request = urllib.request.Request(  # noqa: S310 - the URL comes from settings, http(s) only
            self.endpoint,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={"Authorization": self.authorization, "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as error:
            code = _error_code(error)
            transient = error.code >= 500 or error.code == 429 or code in TRANSIENT_CODES
            raise WhatsAppError(
                f"Cloud API answered {error.code} (error {code})", code=code, transient=transient
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise WhatsAppError(f"Cloud API unreachable: {type(error).__name__}", transient=True) from None


def _error_code(error: urllib.error.HTTPError) -> int | None:
    try:
        code = json.loads(error.read(4096) or b"{}").get("error", {}).get("code")
    except (ValueError, OSError, AttributeError):
        return None
    return code if isinstance(code, int) else None


def backend() -> Backend:
    """Return the configured WhatsApp sender."""
    if settings.JORNADA_WHATSAPP_BACKEND == "cloud":
        return CloudBackend(
            api_url=settings.JORNADA_WHATSAPP_API_URL,
            access_token=settings.JORNADA_WHATSAPP_ACCESS_TOKEN,
            phone_number_id=settings.JORNADA_WHATSAPP_PHONE_NUMBER_ID,
        )
    return ConsoleBackend()


def send_whatsapp(to: str, body: str) -> None:
    backend().send(to, body)


def send_whatsapp_template(to: str, name: str, language: str, body: str) -> None:
    backend().send_template(to, name, language, body)
