"""Key rotation: rewrapping keys under new ones without ever re-encrypting a case's fields.

``jornada rotate_keys`` runs these in order. Each step only touches what is not yet under the
newest key, so running the command again after it finished does nothing, and running it again
after an interruption finishes the work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Max

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


def case_keys_rewrap(*, batch: int = 500, progress: Progress = _no_progress) -> int:
    """Rewrap every case data key not under its organisation's newest key; return how many.

    One transaction per batch, so a long run holds no lock for long; an interrupted run leaves
    every case readable (each names the key version that wraps it) and the next run goes on.
    """
    current = _current_versions()
    pending = Case.objects.filter(data_key__isnull=False)
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
            cases = Case.objects.select_for_update().filter(
                pk__in=stale_ids[start : start + batch], data_key__isnull=False
            )
            for case in cases.only("pk", "organisation_id", "data_key", "key_version"):
                assert case.key_version is not None  # noqa: S101 - data_key__isnull=False above
                old_row, old_key = organisation_key(case.organisation_id, case.key_version)
                new_row, new_key = organisation_key(case.organisation_id, current[case.organisation_id])
                clear = data_key_unwrap(case, row=old_row, organisation_key=old_key)
                data_key_wrap(case, clear, new_row, new_key)
                Case.objects.filter(pk=case.pk).update(data_key=case.data_key, key_version=case.key_version)
        done = min(start + batch, len(stale_ids))
        progress(done, len(stale_ids))
    return len(stale_ids)


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
            if not Case.objects.filter(
                organisation_id=locked.organisation_id, key_version=locked.version
            ).exists():
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
