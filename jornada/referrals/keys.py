"""A referral's data key, wrapped once per holder organisation, and its sealed values.

The same primitives as cases (``jornada.cases.crypto``): each holder's copy is bound to its
``ReferralKey`` row and key version, so a copy moved to another row does not open. Helpers for
services and selectors only: nothing here checks who asks or audits.
"""

from __future__ import annotations

from jornada.cases.keys import (
    held_key_unwrap,
    held_key_wrap,
    organisation_key_current,
    organisation_key_unwrap,
)
from jornada.cases.models import OrganisationKey
from jornada.referrals.models import ReferralKey


def holder_key_wrap(holder: ReferralKey, clear: bytes, row: OrganisationKey, organisation_key: bytes) -> None:
    """Store ``clear`` on ``holder`` wrapped by the organisation key of ``row`` (caller saves)."""
    held_key_wrap(holder, clear, row, organisation_key)


def holder_key_wrap_current(holder: ReferralKey, clear: bytes) -> None:
    """Wrap ``clear`` for ``holder`` under its organisation's newest key (created if none yet)."""
    row = organisation_key_current(holder.organisation)
    holder_key_wrap(holder, clear, row, organisation_key_unwrap(row))


def holder_key_unwrap(
    holder: ReferralKey, *, row: OrganisationKey | None = None, organisation_key: bytes | None = None
) -> bytes:
    """Return the referral's clear data key as ``holder`` keeps it; raise if it cannot open."""
    return held_key_unwrap(
        holder,
        organisation_id=holder.organisation_id,
        missing=f"Organisation {holder.organisation_id} holds no key to referral {holder.referral_id}.",
        what=f"The key of referral {holder.referral_id} for organisation {holder.organisation_id}",
        row=row,
        organisation_key=organisation_key,
    )
