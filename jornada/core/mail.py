"""An e-mail backend for machines without SMTP that prints messages without their recipients.

Django's console backend prints whole messages, ``To:`` included, to standard output, which
ends up in the server's logs. Followers of the scam alerts are workers: their addresses must
never reach a log (see ``privacy.py``), so this backend prints each message with its recipients
replaced by a marker. Links and codes in the body stay readable for development.
"""

from __future__ import annotations

from email.message import Message
from typing import Any

from django.conf import settings
from django.core.mail.backends import console

HIDDEN = "[address hidden]"
RECIPIENT_HEADERS = ("To", "Cc", "Bcc", "Reply-To")


def without_recipients(message: Message) -> Message:
    for header in RECIPIENT_HEADERS:
        if header in message:
            del message[header]
            message[header] = HIDDEN
    return message


class ConsoleBackend(console.EmailBackend):
    def write_message(self, message: Any) -> None:
        printed = without_recipients(message.message())
        text = printed.as_bytes().decode(message.encoding or settings.DEFAULT_CHARSET, errors="replace")
        self.stream.write(f"{text}\n{'-' * 79}\n")
