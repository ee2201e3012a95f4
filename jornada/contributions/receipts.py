"""Receipt codes: the only link between a worker and what they wrote, and only they hold it.

A code is 12 symbols of Crockford's base32 (60 bits), shown in three groups of four
(``K7QM-4XPA-93TZ``). Letters that are easy to confuse are folded when a code is typed back
(O is read as 0, I and L as 1, U as V), and case, spaces and dashes do not matter.

Only an HMAC-SHA256 of the code is stored, under a key derived from SECRET_KEY (and each of
SECRET_KEY_FALLBACKS while a key is being rotated), so a copy of the database alone cannot
test guesses. Rotating the secret key without keeping the old one as a fallback makes every
outstanding code useless: say so in the release notes if it ever happens.
"""

from __future__ import annotations

import hmac
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
GROUP = 4
BITS = LENGTH * 5  # 60
MAX_TYPED_LENGTH = 40
_KEY_SALT = "jornada.contributions.receipt"
_FOLD = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
_IGNORED = str.maketrans("", "", " -_.\t\n\r")


def new_receipt_code() -> str:
    """Return a fresh random code, grouped for reading aloud and writing down."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(symbols[start : start + GROUP] for start in range(0, LENGTH, GROUP))


def normalise_receipt_code(typed: str) -> str | None:
    """Return the 12 canonical symbols of a typed code, or None if it cannot be one."""
    if len(typed) > MAX_TYPED_LENGTH:
        return None
    symbols = typed.upper().translate(_IGNORED).translate(_FOLD)
    if len(symbols) != LENGTH or any(symbol not in ALPHABET for symbol in symbols):
        return None
    return symbols


def _hash(symbols: str, secret: str) -> str:
    return salted_hmac(_KEY_SALT, symbols, secret=secret, algorithm="sha256").hexdigest()


def receipt_hash(code: str) -> str:
    """Return what is stored for ``code``: its HMAC under the current secret key."""
    symbols = normalise_receipt_code(code)
    if symbols is None:
        raise ValueError("not a receipt code")
    return _hash(symbols, settings.SECRET_KEY)


def candidate_hashes(typed: str) -> list[str]:
    """Return the hashes a typed code may be stored under (current key, then fallbacks)."""
    symbols = normalise_receipt_code(typed)
    if symbols is None:
        return []
    secrets_in_use = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [_hash(symbols, secret) for secret in secrets_in_use]


def matches(stored: str, typed: str) -> bool:
    """Return True when ``typed`` is the code behind ``stored``, comparing in constant time."""
    found = False
    for candidate in candidate_hashes(typed):
        found |= hmac.compare_digest(stored, candidate)
    return found
