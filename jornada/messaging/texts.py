"""The fixed answers of a conversation, each through gettext (read in the conversation's language)."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation import gettext as _

from jornada.intake.emergency import EMERGENCY_NUMBERS

# Longest single reply: Twilio joins up to 1,600 characters into one message; shorter costs less.
MAX_REPLY = 1000
_MARKUP = re.compile(r"^#+\s*|\*\*|__|^[-*]\s+|`", re.MULTILINE)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BLANK_LINES = re.compile(r"\n{2,}")


def fit(text: str, limit: int = MAX_REPLY) -> str:
    """Return ``text`` cut at a word boundary to at most ``limit`` characters, marked with an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def plain(markdown: str) -> str:
    """Return Markdown as plain text for a text message: links as their words, no markup."""
    text = _LINK.sub(r"\1", markdown)
    text = _MARKUP.sub("", text)
    return _BLANK_LINES.sub("\n", text).strip()


def absolute(path: str) -> str:
    return f"{settings.JORNADA_BASE_URL}{path}"


def menu() -> str:
    return _(
        "Jornada. Reply with a number or a word:\n"
        "1 CHECK a recruiter, employer or phone number\n"
        "2 REPORT a fraud\n"
        "3 RIGHTS: know your rights\n"
        "4 FOLLOW a recruiter, employer or number\n"
        "5 HELP: ask an organisation for help\n"
        "6 URGENT: emergency numbers\n"
        "7 CALL ME: a hotline calls you back\n"
        "ESPAÑOL: en español. MENU at any time."
    )


def not_understood() -> str:
    return _("Sorry, I did not understand.") + "\n" + menu()


def urgent() -> str:
    lines = [_("Emergency numbers:")]
    lines += [f"{entry.name} ({entry.where}): {entry.number}" for entry in EMERGENCY_NUMBERS]
    return "\n".join(lines)


def only_text() -> str:
    return _("Jornada only understands text messages. Write MENU to see what you can do.")


def slow_down() -> str:
    return _("You are sending many messages at once. Wait a minute, then write again.")


def stopped() -> str:
    return _(
        "Jornada will send you no more messages and your follows have ended. Write anything to start again."
    )


def expired() -> str:
    return _(
        "What you had started expired after %(hours)d hours without messages and was deleted: "
        "nothing of it was kept."
    ) % {"hours": settings.JORNADA_MESSAGING_CONVERSATION_HOURS}


def left_flow() -> str:
    return _("You left what you had started; nothing of it was kept.")
