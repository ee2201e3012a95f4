"""Inbound webhook signatures, checked before anything in a request is used.

Twilio signs the public URL and the sorted form parameters with the account's auth token
(HMAC-SHA1, ``X-Twilio-Signature``); its own ``RequestValidator`` checks it. Meta signs the raw
body with the app secret (HMAC-SHA256, ``X-Hub-Signature-256: sha256=<hex>``), compared in
constant time. Without a configured secret both refuse everything: a webhook that would accept
unsigned requests would let anyone write as any number.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest
from twilio.request_validator import RequestValidator


def twilio_signature_valid(request: HttpRequest) -> bool:
    """Return True when the request carries Twilio's signature over the configured URL and its form."""
    token = settings.JORNADA_TWILIO_AUTH_TOKEN
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    validator = RequestValidator(token)
    return bool(validator.validate(settings.JORNADA_MESSAGING_TWILIO_URL, request.POST, signature))


def meta_signature(secret: str, body: bytes) -> str:
    """Return the ``X-Hub-Signature-256`` value Meta sends for ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def meta_signature_valid(request: HttpRequest, body: bytes) -> bool:
    """Return True when ``X-Hub-Signature-256`` is the app secret's HMAC of the raw body."""
    secret = settings.JORNADA_WHATSAPP_APP_SECRET
    given = request.headers.get("X-Hub-Signature-256", "")
    if not secret or not given:
        return False
    return hmac.compare_digest(meta_signature(secret, body).encode(), given.encode())


def meta_verify_token_valid(given: str) -> bool:
    """Return True when Meta's handshake names the configured verify token."""
    expected = settings.JORNADA_WHATSAPP_VERIFY_TOKEN
    return bool(expected) and hmac.compare_digest(expected.encode(), given.encode())
