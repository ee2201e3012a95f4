"""Save and resume the interview with a code, without an account.

Between steps a worker's answers are kept in an ``IntakeDraft`` row, encrypted with AES-GCM
under a key derived (HKDF-SHA256, with the row's random salt) from a random resume code that
only the worker holds: the code is shown on every step and never stored. The row is found by an
HMAC of the code under a key derived from SECRET_KEY, so a copy of the database can neither find
nor open a draft. Only the day a draft expires is kept (``DRAFT_DAYS`` after its last save); the
daily prune deletes it then, and sending the request deletes it at once.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from jornada.contributions.receipts import new_receipt_code, normalise_receipt_code
from jornada.intake.models import IntakeDraft
from jornada.intake.services import IntakeAnswers, IntakeReceipt, intake_submit

DRAFT_DAYS = 7
# The largest draft kept: the answers' own limits (10,000 characters of story, at most 4 bytes
# each in UTF-8, and a few short fields) fit well within it.
MAX_DRAFT_BYTES = 64_000
_HASH_SALT = "jornada.intake.draft"
_KDF_INFO = b"jornada.intake.draft.v1"
_NONCE_BYTES = 12


@dataclass
class DraftState:
    """The answers given so far (step form values) and the steps the worker confirmed."""

    answers: dict[str, Any] = field(default_factory=dict)
    done: list[str] = field(default_factory=list)


def _code_hash(symbols: str, secret: str) -> str:
    return salted_hmac(_HASH_SALT, symbols, secret=secret, algorithm="sha256").hexdigest()


def _key(symbols: str, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_KDF_INFO).derive(symbols.encode())


def _seal(symbols: str, draft: IntakeDraft, state: DraftState) -> bytes:
    clear = json.dumps(
        {"answers": state.answers, "done": state.done}, separators=(",", ":"), ensure_ascii=False
    ).encode()
    if len(clear) > MAX_DRAFT_BYTES:
        raise ValueError("draft too large")
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(_key(symbols, bytes(draft.salt))).encrypt(nonce, clear, draft.code_hash.encode())


def _unseal(symbols: str, draft: IntakeDraft) -> DraftState | None:
    sealed = bytes(draft.sealed)
    try:
        clear = AESGCM(_key(symbols, bytes(draft.salt))).decrypt(
            sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], draft.code_hash.encode()
        )
    except InvalidTag:
        return None
    data = json.loads(clear)
    return DraftState(answers=dict(data.get("answers") or {}), done=list(data.get("done") or []))


def _find(code: str, *, for_update: bool = False) -> tuple[str, IntakeDraft] | None:
    symbols = normalise_receipt_code(code or "")
    if symbols is None:
        return None
    secrets_in_use = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    hashes_ = [_code_hash(symbols, secret) for secret in secrets_in_use]
    drafts = IntakeDraft.objects.filter(code_hash__in=hashes_, expires_on__gte=timezone.localdate())
    if for_update:
        drafts = drafts.select_for_update()
    draft = drafts.first()
    return None if draft is None else (symbols, draft)


@transaction.atomic
def draft_start(*, state: DraftState) -> str:
    """Keep the first answers in a new draft; return its resume code (shown to the worker, never stored)."""
    code = new_receipt_code()
    symbols = normalise_receipt_code(code)
    assert symbols is not None  # noqa: S101 - a fresh code is always well formed
    draft = IntakeDraft(
        code_hash=_code_hash(symbols, settings.SECRET_KEY),
        salt=os.urandom(16),
        expires_on=timezone.localdate() + timedelta(days=DRAFT_DAYS),
    )
    draft.sealed = _seal(symbols, draft, state)
    draft.save(force_insert=True)
    return code


def code_shown(typed: str) -> str:
    """Return a typed code as it is shown (``K7QM-4XPA-93TZ``), or '' when it cannot be one."""
    symbols = normalise_receipt_code(typed or "")
    if symbols is None:
        return ""
    return "-".join(symbols[start : start + 4] for start in range(0, len(symbols), 4))


def draft_open(*, code: str) -> DraftState | None:
    """Return the answers kept under ``code``, or None (unknown, expired or already sent: no hint which)."""
    found = _find(code)
    if found is None:
        return None
    return _unseal(*found)


@transaction.atomic
def draft_save(*, code: str, state: DraftState) -> bool:
    """Replace the answers kept under ``code`` and push its expiry back; False if there is no such draft."""
    found = _find(code, for_update=True)
    if found is None:
        return False
    symbols, draft = found
    draft.sealed = _seal(symbols, draft, state)
    draft.expires_on = timezone.localdate() + timedelta(days=DRAFT_DAYS)
    draft.save(update_fields=["sealed", "expires_on"])
    return True


@transaction.atomic
def draft_submit(*, code: str, answers: IntakeAnswers) -> IntakeReceipt | None:
    """Send the request and delete its draft in one transaction; None when the draft is gone.

    A draft is sent once: a second press of the button (or a reload) finds nothing to send.
    A ValidationError from ``intake_submit`` leaves the draft as it was.
    """
    found = _find(code, for_update=True)
    if found is None:
        return None
    receipt = intake_submit(answers=answers)
    found[1].delete()
    return receipt


def drafts_prune() -> int:
    """Delete the drafts whose day of expiry has passed; return how many."""
    deleted, _by_model = IntakeDraft.objects.filter(expires_on__lt=timezone.localdate()).delete()
    return deleted
