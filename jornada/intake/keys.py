"""A request's data key, wrapped once per recipient organisation, and its sealed fields.

The same primitives as cases (``jornada.cases.crypto``): the data key of a request is wrapped
by each recipient organisation's current key, bound to that recipient row and key version.
Helpers for services and selectors only: nothing here checks who asks or audits.
"""

from __future__ import annotations

from jornada.cases.crypto import CaseDecryptionError, associated_data, seal, unseal
from jornada.cases.keys import organisation_key_current, organisation_key_row, organisation_key_unwrap
from jornada.cases.models import OrganisationKey
from jornada.intake.models import IntakeRecipient


def recipient_key_aad(recipient: IntakeRecipient, version: int) -> bytes:
    return associated_data(IntakeRecipient._meta.db_table, "data_key", recipient.pk, version=version)


def recipient_key_wrap(
    recipient: IntakeRecipient, clear: bytes, row: OrganisationKey, organisation_key: bytes
) -> None:
    """Store ``clear`` on ``recipient`` wrapped by the organisation key of ``row`` (caller saves)."""
    recipient.data_key = seal(organisation_key, clear, recipient_key_aad(recipient, row.version))
    recipient.key_version = row.version


def recipient_key_wrap_current(recipient: IntakeRecipient, clear: bytes) -> None:
    """Wrap ``clear`` for ``recipient`` under its organisation's newest key (created if none yet)."""
    row = organisation_key_current(recipient.organisation)
    recipient_key_wrap(recipient, clear, row, organisation_key_unwrap(row))


def recipient_key_unwrap(
    recipient: IntakeRecipient, *, row: OrganisationKey | None = None, organisation_key: bytes | None = None
) -> bytes:
    """Return the request's clear data key as ``recipient`` holds it; raise if it cannot open."""
    if recipient.data_key is None or recipient.key_version is None:
        raise CaseDecryptionError(
            f"Organisation {recipient.organisation_id} holds no key to request {recipient.intake_id}."
        )
    if organisation_key is None:
        row = row or organisation_key_row(recipient.organisation_id, recipient.key_version)
        organisation_key = organisation_key_unwrap(row)
    return unseal(
        organisation_key,
        recipient.data_key,
        recipient_key_aad(recipient, recipient.key_version),
        what=f"The key of request {recipient.intake_id} for organisation {recipient.organisation_id}",
    )
