"""Text messages through a pluggable gateway, chosen by ``JORNADA_SMS_BACKEND``.

``console`` (development and tests) prints each message and keeps it in ``outbox``;
``twilio`` posts to a Twilio-compatible Messages endpoint (Twilio itself, or any gateway that
speaks its API) with HTTP basic authentication: a text (``Body``), or an approved WhatsApp
template (``ContentSid`` with ``ContentVariables``, the only message Twilio lets through outside
WhatsApp's 24-hour window). A send either returns or raises ``SmsError``, whose ``transient`` says
whether trying again later may work; the notification task decides about retries.

WhatsApp notifications go through ``send_whatsapp_notice``: ``jornada.messaging``, which knows
each number's 24-hour window and the approved templates, connects the one receiver that sends them.
"""

from __future__ import annotations

import base64
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.dispatch import Signal

TIMEOUT_SECONDS = 15
# Twilio's error for a recipient who texted STOP: sending again is refused until they opt in.
UNSUBSCRIBED_RECIPIENT = 21610
# Twilio's "too many requests" and "service unavailable": worth trying again later.
TRANSIENT_CODES = frozenset({20429, 20500, 20503})

# Receivers (jornada.messaging) answer True for a number that asked to stop: nothing is sent to it.
sms_refused = Signal()
# Sent with ``number`` when the gateway says the recipient unsubscribed (Twilio's 21610).
sms_unsubscribed = Signal()
# Sent after each attempt with ``error_code``: None when the gateway took the message, else its
# code (or "error" without one); jornada.messaging counts them for the channel-health page.
sms_attempted = Signal()
# Sent with ``number``, ``body`` and ``channel`` (the follow's WhatsApp route): jornada.messaging
# connects the receiver that sends it, which raises when the message was not accepted.
whatsapp_requested = Signal()


class SmsError(Exception):
    """The gateway did not accept the message; ``code`` is the gateway's error code, if it gave one."""

    def __init__(self, message: str, *, code: int | None = None, transient: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.transient = transient


@dataclass(frozen=True)
class Sms:
    to: str  # E.164, or ``whatsapp:`` and E.164 for WhatsApp through Twilio
    body: str
    content_sid: str = ""  # an approved template; ``body`` is then its variables as JSON


outbox: list[Sms] = []


class Backend(Protocol):
    def send(self, to: str, body: str, *, sender: str = "") -> None: ...

    def send_content(self, to: str, content_sid: str, variables: dict[str, str], *, sender: str) -> None: ...


def masked(number: str) -> str:
    """``+525512345678`` → ``+52••••••••78``: enough to tell messages apart, not to reach anyone."""
    return number[:3] + "•" * max(0, len(number) - 5) + number[-2:]


class ConsoleBackend:
    """Keeps each message in ``outbox`` and prints it, the number masked: stdout ends up in logs."""

    def send(self, to: str, body: str, *, sender: str = "") -> None:
        outbox.append(Sms(to, body))
        sys.stdout.write(f"SMS to {masked(to)}:\n{body}\n")

    def send_content(self, to: str, content_sid: str, variables: dict[str, str], *, sender: str) -> None:
        outbox.append(Sms(to, json.dumps(variables, ensure_ascii=False), content_sid=content_sid))
        sys.stdout.write(f"Template {content_sid} to {masked(to)}:\n{variables}\n")


class TwilioBackend:
    """``POST {api}/2010-04-01/Accounts/{sid}/Messages.json`` with To, From and Body."""

    def __init__(self, *, api_url: str, account_sid: str, auth_token: str, sender: str) -> None:
        self.endpoint = (
            f"{api_url.rstrip('/')}/2010-04-01/Accounts/{urllib.parse.quote(account_sid)}/Messages.json"
        )
        credentials = base64.b64encode(f"{account_sid}:{auth_token}".encode()).decode()
        self.authorization = f"Basic {credentials}"
        self.sender = sender

    def send(self, to: str, body: str, *, sender: str = "") -> None:
        self._post({"To": to, "From": sender or self.sender, "Body": body})

    def send_content(self, to: str, content_sid: str, variables: dict[str, str], *, sender: str) -> None:
        """An approved template (Content API): the form ``twilio``'s ``messages.create`` posts."""
        self._post(
            {
                "To": to,
                "From": sender,
                "ContentSid": content_sid,
                "ContentVariables": json.dumps(variables, ensure_ascii=False),
            }
        )

    def _post(self, form: dict[str, str]) -> None:
        data = urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(  # noqa: S310 - the URL comes from settings, http(s) only
            self.endpoint,
            data=data,
            method="POST",
            headers={
                "Authorization": self.authorization,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                answer = response.read()
        except urllib.error.HTTPError as error:
            code = _error_code(error)
            transient = error.code >= 500 or error.code == 429 or code in TRANSIENT_CODES
            raise SmsError(
                f"gateway answered {error.code} (error {code})", code=code, transient=transient
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsError(f"gateway unreachable: {type(error).__name__}", transient=True) from None
        try:
            status = json.loads(answer or b"{}").get("status", "")
        except ValueError:
            raise SmsError("gateway answered something that is not JSON") from None
        if status in ("failed", "undelivered"):
            raise SmsError(f"gateway refused the message: {status}")


def _error_code(error: urllib.error.HTTPError) -> int | None:
    """Return the ``code`` of Twilio's JSON error body (21610: the recipient unsubscribed), if any."""
    try:
        code = json.loads(error.read(4096) or b"{}").get("code")
    except (ValueError, OSError, AttributeError):
        return None
    return code if isinstance(code, int) else None


def backend() -> Backend:
    """Return the configured gateway."""
    if settings.JORNADA_SMS_BACKEND == "twilio":
        return TwilioBackend(
            api_url=settings.JORNADA_TWILIO_API_URL,
            account_sid=settings.JORNADA_TWILIO_ACCOUNT_SID,
            auth_token=settings.JORNADA_TWILIO_AUTH_TOKEN,
            sender=settings.JORNADA_TWILIO_FROM,
        )
    return ConsoleBackend()


def send_sms(to: str, body: str) -> None:
    """Send one message, unless the number asked to stop; a gateway's 21610 stops it from now on."""
    if any(answer for _receiver, answer in sms_refused.send(sender=Sms, number=to)):
        raise SmsError("the recipient asked to stop receiving messages", code=UNSUBSCRIBED_RECIPIENT)
    try:
        backend().send(to, body)
    except SmsError as error:
        sms_attempted.send(sender=Sms, error_code=str(error.code or "error"))
        if error.code == UNSUBSCRIBED_RECIPIENT:
            sms_unsubscribed.send(sender=Sms, number=to)
        raise
    sms_attempted.send(sender=Sms, error_code=None)


def send_whatsapp_notice(to: str, body: str, *, channel: str) -> None:
    """Send one notification by WhatsApp (``channel``: the follow's route) through ``jornada.messaging``."""
    if not whatsapp_requested.send(sender=Sms, number=to, body=body, channel=channel):
        raise SmsError("no WhatsApp sender is installed")
