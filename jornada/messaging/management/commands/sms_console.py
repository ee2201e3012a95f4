"""``jornada sms_console``: chat with Jornada in the terminal, as a worker's phone would, through the real webhook.

Each line typed is posted to ``/messaging/twilio/`` as Twilio posts an inbound SMS, signed with
Twilio's own algorithm; the TwiML answer is printed. By default the request goes through this
process's Django stack (no server needed); ``--url`` posts to a running server instead, whose
``JORNADA_TWILIO_AUTH_TOKEN`` must be the one given here. Without a configured token, a random
one is used for this session (in-process only). The number is fictional unless you pass one.
"""

from __future__ import annotations

import secrets
import sys
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from typing import Any, TextIO
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import Client, override_settings
from twilio.request_validator import RequestValidator

FICTIONAL_NUMBER = "+525500000000"


class Command(BaseCommand):
    help = "Chat with Jornada by text message in the terminal, through the signed Twilio webhook."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--number", default=FICTIONAL_NUMBER, help="The sender's number (E.164).")
        parser.add_argument("--whatsapp", action="store_true", help="Send as WhatsApp through Twilio.")
        parser.add_argument("--url", default="", help="Post to a running server at this webhook address.")

    def handle(self, *args: Any, **options: Any) -> None:
        stdin: TextIO = options.get("stdin") or sys.stdin
        token = settings.JORNADA_TWILIO_AUTH_TOKEN
        if options["url"] and not token:
            raise CommandError("--url needs JORNADA_TWILIO_AUTH_TOKEN, the same as the server's.")
        token = token or secrets.token_hex(16)
        url = options["url"] or settings.JORNADA_MESSAGING_TWILIO_URL
        sender = f"whatsapp:{options['number']}" if options["whatsapp"] else options["number"]
        with override_settings(JORNADA_TWILIO_AUTH_TOKEN=token, JORNADA_MESSAGING_TWILIO_URL=url):
            self._chat(stdin, token=token, url=url, sender=sender, remote=bool(options["url"]))

    def _chat(self, stdin: TextIO, *, token: str, url: str, sender: str, remote: bool) -> None:
        validator = RequestValidator(token)
        client = Client(HTTP_HOST=urlsplit(settings.JORNADA_BASE_URL).netloc or "localhost")
        self.stdout.write("Jornada by SMS. Write a message (MENU, BUSCAR, AYUDA…); Ctrl-D ends.")
        for count, line in enumerate(stdin, start=1):
            params = {
                "MessageSid": f"SMconsole{secrets.token_hex(12)}{count}",
                "From": sender,
                "To": "+15005550006",
                "Body": line.rstrip("\n"),
                "NumMedia": "0",
            }
            signature = validator.compute_signature(url, params)
            if remote:
                request = urllib.request.Request(  # noqa: S310 - a developer's own address
                    url,
                    data=urllib.parse.urlencode(params).encode(),
                    headers={"X-Twilio-Signature": signature},
                )
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    status, content = response.status, response.read()
            else:
                answer = client.post("/messaging/twilio/", params, HTTP_X_TWILIO_SIGNATURE=signature)
                status, content = answer.status_code, answer.content
            if status != 200:
                self.stdout.write(f"[the webhook answered {status}]")
                continue
            for message in ET.fromstring(content).iter("Message"):  # noqa: S314
                self.stdout.write(f"Jornada: {message.text or ''}\n")
