"""Unwrapping the key chain (master → organisation → case) and sealing a case's fields.

Helpers for services and selectors only: nothing here checks who asks or writes an audit event,
so views never call it. Unwrapped keys live in local variables for one call and are never cached.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Model

from jornada.cases.crypto import (
    CaseDecryptionError,
    associated_data,
    key_id,
    master_key,
    new_key,
    seal,
    unseal,
)
from jornada.cases.models import Case, OrganisationKey
from jornada.core.models import Organisation


def organisation_key_aad(organisation_id: int, version: int) -> bytes:
    return associated_data(OrganisationKey._meta.db_table, "wrapped", organisation_id, version=version)


def field_aad(record: Model, field: str) -> bytes:
    return associated_data(record._meta.db_table, field, record.pk)


def organisation_key_unwrap(row: OrganisationKey, *, master: bytes | None = None) -> bytes:
    """Return the clear organisation key of ``row``, opened with ``master`` (default: the current one)."""
    master = master_key() if master is None else master
    if row.master_key_id != key_id(master):
        raise CaseDecryptionError(
            f"The key of organisation {row.organisation_id} (version {row.version}) is wrapped by "
            f"master key {row.master_key_id}, not by the one configured ({key_id(master)}): "
            "set the right JORNADA_CASE_KEY, or finish `jornada rotate_keys`."
        )
    return unseal(
        master,
        row.wrapped,
        organisation_key_aad(row.organisation_id, row.version),
        what=f"The key of organisation {row.organisation_id} (version {row.version})",
    )


def organisation_key_wrap(row: OrganisationKey, clear: bytes, *, master: bytes) -> None:
    """Store ``clear`` in ``row`` wrapped by ``master`` (the caller saves the row)."""
    row.wrapped = seal(master, clear, organisation_key_aad(row.organisation_id, row.version))
    row.master_key_id = key_id(master)


def organisation_key_create(organisation: Organisation, *, version: int) -> OrganisationKey:
    """Create version ``version`` of ``organisation``'s key, wrapped by the current master key."""
    master = master_key()
    row = OrganisationKey(organisation=organisation, version=version)
    organisation_key_wrap(row, new_key(), master=master)
    row.save()
    return row


def organisation_key_current(organisation: Organisation) -> OrganisationKey:
    """Return the organisation's newest key version, creating version 1 on its first case.

    The caller holds a transaction. Two first cases racing each other meet at the unique
    (organisation, version) constraint: the second uses the key the first made.
    """
    master_key()  # fail before writing anything when the deployment has no key
    newest = (
        OrganisationKey.objects.select_for_update().filter(organisation=organisation).order_by("-version")
    )
    # Locked, so that rotation cannot retire this version while a case under it is being opened.
    row = newest.first()
    if row is not None:
        return row
    try:
        with transaction.atomic():  # a savepoint: losing the race for version 1 is not an error
            return organisation_key_create(organisation, version=1)
    except IntegrityError:
        return newest.get()


def organisation_key_row(organisation_id: int, version: int) -> OrganisationKey:
    try:
        return OrganisationKey.objects.get(organisation_id=organisation_id, version=version)
    except OrganisationKey.DoesNotExist:
        raise CaseDecryptionError(
            f"Organisation {organisation_id} has no key of version {version}."
        ) from None


# --- A record's own data key, wrapped by its organisation's key ---------------------------------
# Cases, requests' recipients, referrals' holders, calls and callback requests each keep a
# ``data_key`` wrapped by one organisation's key and the ``key_version`` it used, bound to the
# record's table, id and version. These two functions are that mechanism, once.


def held_key_aad(holder: Model, version: int) -> bytes:
    """The associated data binding a wrapped data key to ``holder``'s table, id and key version."""
    return associated_data(holder._meta.db_table, "data_key", holder.pk, version=version)


def held_key_wrap(holder: Model, clear: bytes, row: OrganisationKey, organisation_key: bytes) -> None:
    """Store ``clear`` on ``holder`` wrapped by the organisation key of ``row`` (the caller saves)."""
    holder.data_key = seal(  # type: ignore[attr-defined]
        organisation_key,
        clear,
        held_key_aad(holder, row.version),
    )
    holder.key_version = row.version  # type: ignore[attr-defined]


def held_key_unwrap(
    holder: Model,
    *,
    organisation_id: int,
    missing: str,
    what: str,
    row: OrganisationKey | None = None,
    organisation_key: bytes | None = None,
) -> bytes:
    """Return ``holder``'s clear data key, wrapped by organisation ``organisation_id``'s key.

    Raises CaseDecryptionError with ``missing`` when no key is stored (erased, anonymised), and
    names ``what`` when the stored key does not open.
    """
    wrapped, version = getattr(holder, "data_key", None), getattr(holder, "key_version", None)
    if wrapped is None or version is None:
        raise CaseDecryptionError(missing)
    if organisation_key is None:
        row = row or organisation_key_row(organisation_id, version)
        organisation_key = organisation_key_unwrap(row)
    return unseal(
        organisation_key,
        wrapped,
        held_key_aad(holder, version),
        what=what,
    )


def data_key_wrap(case: Case, clear: bytes, row: OrganisationKey, organisation_key: bytes) -> None:
    """Store ``clear`` on ``case`` wrapped by the organisation key of ``row`` (the caller saves)."""
    held_key_wrap(case, clear, row, organisation_key)


def data_key_unwrap(
    case: Case, *, row: OrganisationKey | None = None, organisation_key: bytes | None = None
) -> bytes:
    """Return ``case``'s clear data key; raise CaseDecryptionError when it cannot be opened."""
    return held_key_unwrap(
        case,
        organisation_id=case.organisation_id,
        missing=f"Case {case.pk} has no data key: it was anonymised.",
        what=f"The data key of case {case.pk}",
        row=row,
        organisation_key=organisation_key,
    )


def field_seal(data_key: bytes, record: Model, field: str, value: str) -> bytes:
    """Return ``value`` sealed for ``field`` of ``record`` (whose primary key is already set)."""
    return seal(data_key, value.encode("utf-8"), field_aad(record, field))


def field_unseal(data_key: bytes, record: Model, field: str) -> str:
    """Return the clear text of ``field`` of ``record``; raise CaseDecryptionError if it does not open."""
    sealed = getattr(record, f"{field}_sealed")
    if sealed is None:
        raise CaseDecryptionError(f"{field} of {record._meta.label_lower} {record.pk} holds nothing to open.")
    return unseal(
        data_key, sealed, field_aad(record, field), what=f"{field} of {record._meta.label_lower} {record.pk}"
    ).decode("utf-8")
