"""An e-mail backend for machines without SMTP that prints messages without their recipients.

Django's console backend prints whole messages, ``To:`` included, to standard output, which
ends up in the server's logs. Followers of the scam alerts are workers: their addresses must
never reach a log (see ``privacy.py``), so this backend prints each message with its recipients
replaced by a marker. Links and codes in the body stay readable for development.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.message import Message
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.mail.backends import console

from jornada.core.privacy import scrub

HIDDEN = "[address hidden]"
MAX_ERROR = 200
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


class SendFailed(Exception):
    """A message could not be sent; the message says why without saying to whom."""


def describe_error(error: BaseException, contact: str = "") -> str:
    """Return an error's class and message with the contact, addresses and numbers removed.

    What a background task raises is kept in the task table (its message and traceback): an
    SMTP refusal names its recipients, so no send error is stored as raised.
    """
    message = str(error)
    if contact:
        message = message.replace(contact, "[contact]")
    return f"{type(error).__name__}: {scrub(message)}"[:MAX_ERROR]


def send_mail_scrubbed(subject: str, body: str, recipients: Sequence[str]) -> None:
    """``send_mail`` for background tasks: a failure raises SendFailed with no address in it."""
    try:
        send_mail(subject, body, None, list(recipients))
    except Exception as error:
        # Not chained: the original's message and traceback carry the recipients' addresses.
        raise SendFailed(describe_error(error, ", ".join(recipients))) from None
