"""Keyed hashes and encryption for numbers, ids and half-finished answers.

A number is known by an HMAC-SHA256 under a key derived (HKDF) from ``JORNADA_CONTACT_KEY`` when
set, else ``SECRET_KEY``: a copy of the database alone cannot test guessed numbers. Unlike the
rate limit's daily pseudonym it is stable, so a conversation and a STOP survive midnight. What
must be read back (the number, to answer; the answers of a flow) is encrypted like follows'
contacts (``jornada.alerts.crypto``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from jornada.alerts.crypto import decrypt_contact, encrypt_contact

_INFO = b"jornada.messaging.hash.v1"
_NOT_DIGITS = re.compile(r"\D")


def _key() -> bytes:
    source = getattr(settings, "JORNADA_CONTACT_KEY", "") or settings.SECRET_KEY
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(source.encode())


def keyed_hash(scope: str, value: str) -> str:
    return hmac.new(_key(), f"{scope}\x00{value}".encode(), hashlib.sha256).hexdigest()


def normalise_number(raw: str) -> str:
    """``whatsapp:+52 1 55…`` or Meta's ``5215…`` → ``+5215…`` (E.164 digits); '' if not a number."""
    digits = _NOT_DIGITS.sub("", raw.removeprefix("whatsapp:"))
    return f"+{digits}" if 7 <= len(digits) <= 15 else ""


def number_key(number: str) -> str:
    return keyed_hash("number", number)


def conversation_key(channel: str, number: str) -> str:
    return keyed_hash(f"conversation:{channel}", number)


def message_digest(channel: str, message_id: str) -> str:
    return keyed_hash(f"message:{channel}", message_id)


def encrypt_number(number: str) -> str:
    return encrypt_contact(number)


def decrypt_number(token: str) -> str | None:
    return decrypt_contact(token) if token else None


def encrypt_answers(answers: dict[str, Any]) -> str:
    return encrypt_contact(json.dumps(answers)) if answers else ""


def decrypt_answers(token: str) -> dict[str, Any]:
    opened = decrypt_contact(token) if token else None
    if not opened:
        return {}
    value = json.loads(opened)
    return value if isinstance(value, dict) else {}


def encrypt_replies(replies: list[str]) -> str:
    return encrypt_contact(json.dumps(replies))


def decrypt_replies(token: str) -> list[str]:
    opened = decrypt_contact(token) if token else None
    value = json.loads(opened) if opened else []
    return [str(reply) for reply in value] if isinstance(value, list) else []
