"""Key rotation: rewrapping keys under new ones without ever re-encrypting a case's fields.

``jornada rotate_keys`` runs these in order. Each step only touches what is not yet under the
newest key, so running the command again after it finished does nothing, and running it again
after an interruption finishes the work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max, Model

from jornada.cases.crypto import key_id, master_key, previous_master_key
from jornada.cases.keys import (
    data_key_unwrap,
    data_key_wrap,
    organisation_key_create,
    organisation_key_unwrap,
    organisation_key_wrap,
)
from jornada.cases.models import Case, OrganisationKey
from jornada.core.audit import audit_record
from jornada.core.models import Organisation

Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    return None


class KeyRotationError(Exception):
    """Rotation cannot start: the key it needs is not configured."""


@transaction.atomic
def organisation_keys_rewrap(*, progress: Progress = _no_progress) -> int:
    """Rewrap every organisation key not under the current master key; return how many.

    They are opened with JORNADA_CASE_KEY_PREVIOUS. One transaction: either every organisation
    key moves to the new master key or none does.
    """
    current = master_key()
    stale = list(
        OrganisationKey.objects.select_for_update().exclude(master_key_id=key_id(current)).order_by("pk")
    )
    if not stale:
        return 0
    previous = previous_master_key()
    if previous is None:
        raise KeyRotationError(
            f"{len(stale)} organisation key(s) are wrapped by another master key: set "
            "JORNADA_CASE_KEY_PREVIOUS (or _FILE) to that key to rewrap them."
        )
    for done, row in enumerate(stale, start=1):
        clear = organisation_key_unwrap(row, master=previous)
        organisation_key_wrap(row, clear, master=current)
        row.save(update_fields=["wrapped", "master_key_id"])
        progress(done, len(stale))
    return len(stale)


@transaction.atomic
def organisation_keys_add_version(*, organisations: Iterable[Organisation]) -> int:
    """Give each organisation that has a key a new version; return how many were made.

    New cases use it at once; existing case keys move to it in ``case_keys_rewrap``.
    """
    made = 0
    for organisation in organisations:
        newest = OrganisationKey.objects.filter(organisation=organisation).aggregate(v=Max("version"))["v"]
        if newest is not None:
            organisation_key_create(organisation, version=newest + 1)
            made += 1
    return made


def _current_versions() -> dict[int, int]:
    rows = OrganisationKey.objects.values("organisation_id").annotate(newest=Max("version"))
    return {row["organisation_id"]: row["newest"] for row in rows}


Unwrap = Callable[..., bytes]
Wrap = Callable[[Any, bytes, OrganisationKey, bytes], None]


def wrapped_keys_rewrap(
    model: type[Model], unwrap: Unwrap, wrap: Wrap, *, batch: int = 500, progress: Progress = _no_progress
) -> int:
    """Rewrap every data key of ``model`` rows not under their organisation's newest key.

    ``model`` has ``organisation``, ``data_key`` and ``key_version``; ``unwrap(row, row=,
    organisation_key=)`` and ``wrap(row, clear, key_row, organisation_key)`` open and close
    one row's key. One transaction per batch, so a long run holds no lock for long; an
    interrupted run leaves every row readable (each names the key version that wraps it) and
    the next run goes on. Returns how many were rewrapped.
    """
    current = _current_versions()
    manager = model._default_manager
    pending = manager.filter(data_key__isnull=False)
    stale_ids = [
        pk
        for pk, organisation_id, version in pending.values_list(
            "pk", "organisation_id", "key_version"
        ).order_by("pk")
        if version != current.get(organisation_id)
    ]
    clear_keys: dict[tuple[int, int], bytes] = {}

    def organisation_key(organisation_id: int, version: int) -> tuple[OrganisationKey, bytes]:
        row = OrganisationKey.objects.get(organisation_id=organisation_id, version=version)
        if (organisation_id, version) not in clear_keys:
            clear_keys[(organisation_id, version)] = organisation_key_unwrap(row)
        return row, clear_keys[(organisation_id, version)]

    done = 0
    for start in range(0, len(stale_ids), batch):
        with transaction.atomic():
            rows = manager.select_for_update().filter(
                pk__in=stale_ids[start : start + batch], data_key__isnull=False
            )
            record: Any
            for record in rows.only("pk", "organisation_id", "data_key", "key_version"):
                old_row, old_key = organisation_key(record.organisation_id, record.key_version)
                new_row, new_key = organisation_key(record.organisation_id, current[record.organisation_id])
                clear = unwrap(record, row=old_row, organisation_key=old_key)
                wrap(record, clear, new_row, new_key)
                manager.filter(pk=record.pk).update(data_key=record.data_key, key_version=record.key_version)
        done = min(start + batch, len(stale_ids))
        progress(done, len(stale_ids))
    return len(stale_ids)


def case_keys_rewrap(*, batch: int = 500, progress: Progress = _no_progress) -> int:
    """Rewrap every case data key not under its organisation's newest key; return how many."""
    return wrapped_keys_rewrap(Case, data_key_unwrap, data_key_wrap, batch=batch, progress=progress)


# Other models whose rows hold a data key wrapped by an organisation key (requests for help
# register theirs): rotation rewraps them, and a key version is retired only when none uses it.
WRAPPED_KEY_MODELS: dict[str, tuple[type[Model], Unwrap, Wrap]] = {}


def register_wrapped_keys(name: str, model: type[Model], unwrap: Unwrap, wrap: Wrap) -> None:
    WRAPPED_KEY_MODELS[name] = (model, unwrap, wrap)


def other_keys_rewrap(*, batch: int = 500, progress: Progress = _no_progress) -> int:
    """Rewrap the registered models' data keys (see ``register_wrapped_keys``); return how many."""
    return sum(
        wrapped_keys_rewrap(model, unwrap, wrap, batch=batch, progress=progress)
        for model, unwrap, wrap in WRAPPED_KEY_MODELS.values()
    )


def organisation_keys_retire() -> int:
    """Delete organisation key versions that are not the newest and wrap no case; return how many."""
    current = _current_versions()
    retired = 0
    for row in OrganisationKey.objects.order_by("organisation_id", "version"):
        if row.version == current[row.organisation_id]:
            continue
        with transaction.atomic():
            # The lock waits for a case being opened under this version to commit.
            locked = OrganisationKey.objects.select_for_update().get(pk=row.pk)
            users = [Case] + [model for model, _unwrap, _wrap in WRAPPED_KEY_MODELS.values()]
            if not any(
                model._default_manager.filter(
                    organisation_id=locked.organisation_id, key_version=locked.version
                ).exists()
                for model in users
            ):
                locked.delete()
                retired += 1
    return retired


def master_key_check() -> None:
    """Raise CaseDecryptionError unless the current master key opens every organisation key."""
    for row in OrganisationKey.objects.all():
        organisation_key_unwrap(row)


def key_rotation_record(*, moved: int, made: int, rewrapped: int, retired: int) -> None:
    """Write one audit event for a run of ``jornada rotate_keys`` that changed something."""
    if moved or made or rewrapped or retired:
        audit_record(
            actor=None,
            action="case.keys_rotated",
            detail={
                "organisation_keys_moved": moved,
                "versions_made": made,
                "case_keys": rewrapped,
                "retired": retired,
            },
        )
