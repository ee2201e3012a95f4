"""The relationship memory's data key, one per staff organisation, wrapped by its organisation key.

Partner contacts' names and channels and the interaction log's summaries are personal data of a
partner's staff: each is sealed per field under this key, with the primitives cases use
(``jornada.cases.keys``). Helpers for services and selectors only: nothing here checks who asks
or audits. Rotation (``jornada rotate_keys``) rewraps the key like a case's.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from jornada.cases.crypto import new_key
from jornada.cases.keys import (
    field_seal,
    field_unseal,
    held_key_unwrap,
    held_key_wrap,
    organisation_key_current,
    organisation_key_unwrap,
)
from jornada.cases.models import OrganisationKey
from jornada.core.models import Organisation
from jornada.network.models import PartnerContact, PartnerInteraction, PartnerMemoryKey

Sealed = PartnerContact | PartnerInteraction
CONTACT_SEALED_FIELDS = ("name", "channel")
INTERACTION_SEALED_FIELDS = ("summary",)


def memory_key_wrap(
    holder: PartnerMemoryKey, clear: bytes, row: OrganisationKey, organisation_key: bytes
) -> None:
    """Store ``clear`` on ``holder`` wrapped by the organisation key of ``row`` (the caller saves)."""
    held_key_wrap(holder, clear, row, organisation_key)


def memory_key_unwrap(
    holder: PartnerMemoryKey, *, row: OrganisationKey | None = None, organisation_key: bytes | None = None
) -> bytes:
    """Return the clear memory key of ``holder``; raise CaseDecryptionError when it cannot be opened."""
    return held_key_unwrap(
        holder,
        organisation_id=holder.organisation_id,
        missing=f"The relationship memory key of organisation {holder.organisation_id} was erased.",
        what=f"The relationship memory key of organisation {holder.organisation_id}",
        row=row,
        organisation_key=organisation_key,
    )


def memory_key_for_writing(organisation: Organisation) -> bytes:
    """Return ``organisation``'s clear memory key, making it on first use; the caller holds a transaction."""
    holder = PartnerMemoryKey.objects.select_for_update().filter(organisation=organisation).first()
    if holder is not None and holder.data_key is not None:
        return memory_key_unwrap(holder)
    row = organisation_key_current(organisation)
    clear = new_key()
    try:
        with transaction.atomic():  # a savepoint: a racing first write made the key first
            holder = holder or PartnerMemoryKey.objects.create(organisation=organisation)
            memory_key_wrap(holder, clear, row, organisation_key_unwrap(row))
            holder.save(update_fields=["data_key", "key_version"])
    except IntegrityError:
        return memory_key_unwrap(PartnerMemoryKey.objects.get(organisation=organisation))
    return clear


def memory_key_for_reading(organisation: Organisation) -> bytes | None:
    """Return ``organisation``'s clear memory key, or None when it has never sealed anything."""
    holder = PartnerMemoryKey.objects.filter(organisation=organisation).first()
    if holder is None or holder.data_key is None:
        return None
    return memory_key_unwrap(holder)


def sealed_set(record: Sealed, data_key: bytes, name: str, value: str) -> None:
    """Seal ``value`` into ``name`` of ``record`` (saved, so it has its id); empty stores nothing."""
    setattr(record, f"{name}_sealed", field_seal(data_key, record, name, value) if value else None)


def sealed_get(record: Sealed, data_key: bytes | None, name: str) -> str:
    """Return the clear text of ``name`` of ``record`` ('' when nothing is stored)."""
    if getattr(record, f"{name}_sealed") is None or data_key is None:
        return ""
    return field_unseal(data_key, record, name)
