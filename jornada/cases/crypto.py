"""The keys that protect case data, and sealing and opening one value under a key.

Three levels, each wrapping the next with AES-256-GCM (``cryptography``'s AESGCM):

- the **master key**, ``JORNADA_CASE_KEY`` (or ``_FILE``), only ever in the environment;
- one **organisation key** per organisation and version (``OrganisationKey``), stored only
  wrapped by the master key;
- one **data key** per case (``Case.data_key``), stored only wrapped by its organisation's key.

Every sealed value is ``format byte | 96-bit random nonce | ciphertext and tag``, and its
associated data names the table, the field and the record it belongs to: a ciphertext copied to
another row or column does not open. A wrong key, a tampered value or a moved one raises
``CaseDecryptionError``; a missing master key raises ``ImproperlyConfigured``. Nothing here ever
returns garbage or an empty string in place of what it could not open.

Losing the master key loses every case's personal data: nothing can open it again.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FORMAT = b"\x01"
NONCE_BYTES = 12
KEY_BYTES = 32
_HEADER = len(FORMAT) + NONCE_BYTES
_TAG_BYTES = 16


class CaseDecryptionError(Exception):
    """A sealed value did not open: wrong key, tampered, or copied from another row or field."""


def new_key() -> bytes:
    """Return a fresh random 256-bit key."""
    return secrets.token_bytes(KEY_BYTES)


def associated_data(table: str, field: str, record_id: object, *, version: int | None = None) -> bytes:
    """Return what binds a sealed value to one field of one record (and one key version)."""
    parts = ["jornada.cases", table, field, str(record_id)]
    if version is not None:
        parts.append(f"v{version}")
    return "/".join(parts).encode("utf-8")


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Return ``plaintext`` encrypted under ``key`` with a fresh random nonce, bound to ``aad``."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return FORMAT + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(key: bytes, sealed: bytes | memoryview, aad: bytes, *, what: str) -> bytes:
    """Return what ``seal`` encrypted; raise CaseDecryptionError naming ``what`` when it does not open."""
    sealed = bytes(sealed)
    if len(sealed) < _HEADER + _TAG_BYTES or sealed[:1] != FORMAT:
        raise CaseDecryptionError(f"{what} is not a sealed value this version of Jornada can read.")
    try:
        return AESGCM(key).decrypt(sealed[1:_HEADER], sealed[_HEADER:], aad)
    except InvalidTag:
        raise CaseDecryptionError(
            f"{what} does not open with the key it should: a wrong key, or a value that was "
            "changed or copied from another record or field."
        ) from None


def master_key() -> bytes:
    """Return the master key; raise ImproperlyConfigured when the deployment has none."""
    key = getattr(settings, "JORNADA_CASE_KEY", None)
    if not key:
        raise ImproperlyConfigured(
            "Case data needs JORNADA_CASE_KEY (or JORNADA_CASE_KEY_FILE): 32 random bytes in URL-safe "
            "base64. Without it no case can be opened or written. Keep it safe and backed up "
            "apart from the database: losing it loses every case's personal data."
        )
    return bytes(key)


def previous_master_key() -> bytes | None:
    """Return the master key being rotated away from (JORNADA_CASE_KEY_PREVIOUS), if set."""
    key = getattr(settings, "JORNADA_CASE_KEY_PREVIOUS", None)
    return bytes(key) if key else None


def key_id(key: bytes) -> str:
    """Return a short public name for a master key, to tell which one wrapped what.

    A keyed hash of a constant: it identifies the key without helping anyone guess it.
    """
    return hmac.new(key, b"jornada.cases.master-key-id", hashlib.sha256).hexdigest()[:16]
