"""A request's data key, wrapped once per recipient organisation, and its sealed fields.

The same primitives as cases (``jornada.cases.crypto``): the data key of a request is wrapped
by each recipient organisation's current key, bound to that recipient row and key version.
Helpers for services and selectors only: nothing here checks who asks or audits.
"""

from __future__ import annotations

from jornada.cases.keys import (
    held_key_unwrap,
    held_key_wrap,
    organisation_key_current,
    organisation_key_unwrap,
)
from jornada.cases.models import OrganisationKey
from jornada.intake.models import IntakeRecipient


def recipient_key_wrap(
    recipient: IntakeRecipient, clear: bytes, row: OrganisationKey, organisation_key: bytes
) -> None:
    """Store ``clear`` on ``recipient`` wrapped by the organisation key of ``row`` (caller saves)."""
    held_key_wrap(recipient, clear, row, organisation_key)


def recipient_key_wrap_current(recipient: IntakeRecipient, clear: bytes) -> None:
    """Wrap ``clear`` for ``recipient`` under its organisation's newest key (created if none yet)."""
    row = organisation_key_current(recipient.organisation)
    recipient_key_wrap(recipient, clear, row, organisation_key_unwrap(row))


def recipient_key_unwrap(
    recipient: IntakeRecipient, *, row: OrganisationKey | None = None, organisation_key: bytes | None = None
) -> bytes:
    """Return the request's clear data key as ``recipient`` holds it; raise if it cannot open."""
    return held_key_unwrap(
        recipient,
        organisation_id=recipient.organisation_id,
        missing=f"Organisation {recipient.organisation_id} holds no key to request {recipient.intake_id}.",
        what=f"The key of request {recipient.intake_id} for organisation {recipient.organisation_id}",
        row=row,
        organisation_key=organisation_key,
    )
