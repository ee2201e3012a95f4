"""A call's or callback request's data key, wrapped by its organisation's key, and its sealed fields.

The same primitives as cases (``jornada.cases.crypto``), bound to the row's table, id and key
version. Helpers for services and selectors only: nothing here checks who asks or audits.
"""

from __future__ import annotations

from jornada.cases.crypto import new_key
from jornada.cases.keys import (
    field_seal,
    field_unseal,
    held_key_unwrap,
    held_key_wrap,
    organisation_key_current,
)
from jornada.cases.keys import organisation_key_unwrap as _organisation_key_unwrap
from jornada.cases.models import OrganisationKey
from jornada.hotline.models import Call, CallbackRequest

Sealed = Call | CallbackRequest


def record_key_wrap(record: Sealed, clear: bytes, row: OrganisationKey, organisation_key: bytes) -> None:
    """Store ``clear`` on ``record`` wrapped by the organisation key of ``row`` (the caller saves)."""
    held_key_wrap(record, clear, row, organisation_key)


def record_key_new(record: Sealed) -> bytes:
    """Give ``record`` a fresh data key wrapped by its organisation's newest key; return it in clear."""
    clear = new_key()
    row = organisation_key_current(record.organisation)
    record_key_wrap(record, clear, row, _organisation_key_unwrap(row))
    return clear


def record_key_unwrap(
    record: Sealed, *, row: OrganisationKey | None = None, organisation_key: bytes | None = None
) -> bytes:
    """Return ``record``'s clear data key; raise CaseDecryptionError when it cannot be opened."""
    return held_key_unwrap(
        record,
        organisation_id=record.organisation_id,
        missing=f"{record._meta.label_lower} {record.pk} has no data key: it was erased.",
        what=f"The data key of {record._meta.label_lower} {record.pk}",
        row=row,
        organisation_key=organisation_key,
    )


def sealed_set(record: Sealed, data_key: bytes, name: str, value: str) -> None:
    """Seal ``value`` into ``name`` of ``record``; an empty value stores nothing."""
    setattr(record, f"{name}_sealed", field_seal(data_key, record, name, value) if value else None)


def sealed_get(record: Sealed, data_key: bytes, name: str) -> str:
    """Return the clear text of ``name`` of ``record`` ('' when nothing is stored)."""
    if getattr(record, f"{name}_sealed") is None:
        return ""
    return field_unseal(data_key, record, name)
