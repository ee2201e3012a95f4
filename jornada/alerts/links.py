"""Signed links in the messages sent to followers (nothing stored): one-click unsubscribe."""

from __future__ import annotations

from django.core import signing

UNSUBSCRIBE_SALT = "jornada.alerts.unsubscribe"


def unsubscribe_token(follow_id: int) -> str:
    """Return the token of a follow's one-click unsubscribe link."""
    return signing.dumps(follow_id, salt=UNSUBSCRIBE_SALT, compress=True)


def follow_id_for_token(token: str) -> int | None:
    """Return the follow id a token was made for, or None for a forged or damaged one."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
