"""Encryption of a follower's contact (e-mail address or phone number) at rest.

Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) under a key derived with HKDF-SHA256
from ``JORNADA_CONTACT_KEY`` when it is set, else from ``SECRET_KEY``. A dedicated key lets the
secret key rotate without losing every follow; with the secret key as the source, keep the old
key in ``SECRET_KEY_FALLBACKS`` while rotating (contacts still decrypt, and are re-encrypted
under the new key the next time they are written). A copy of the database alone reveals no
contact.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_INFO = b"jornada.alerts.contact.v1"


def _fernet(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    dedicated = getattr(settings, "JORNADA_CONTACT_KEY", "")
    sources = [dedicated] if dedicated else []
    sources += [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(source) for source in sources])


def encrypt_contact(contact: str) -> str:
    """Return ``contact`` encrypted under the current key, as text for the database."""
    return _keys().encrypt(contact.encode()).decode()


def decrypt_contact(token: str) -> str | None:
    """Return the contact behind ``token``, or None when no known key opens it."""
    try:
        return _keys().decrypt(token.encode()).decode()
    except InvalidToken:
        return None
