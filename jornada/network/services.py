"""Writes to the directory by Jornada staff: an organisation keeps its own entry up to date."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jornada.core.audit import audit_record
from jornada.core.models import Organisation, User
from jornada.network.models import Organization, TrustedReferral
from jornada.vocabulary.models import Category

AUDIT_ACTIONS: dict[str, str | Promise] = {
    "network.entry_changed": _("Changed the organisation's entry in the directory"),
    "network.trusted_added": _("Added a partner to the trusted referral list"),
    "network.trusted_removed": _("Took a partner off the trusted referral list"),
}
ENTRY_FIELDS = ("name", "alternate_name", "description", "kind", "email", "website")


@transaction.atomic
def directory_entry_update(*, organisation: Organisation, by: User, values: dict[str, Any]) -> Organization:
    """Save the organisation's own directory entry (creating it), verified by ``by`` today."""
    entry = Organization.objects.select_for_update().filter(staff_organisation=organisation).first()
    if entry is None:
        entry = Organization(staff_organisation=organisation)
    changed = sorted(name for name in ENTRY_FIELDS if getattr(entry, name) != values[name])
    for name in ENTRY_FIELDS:
        setattr(entry, name, values[name])
    entry.verified_by = by.name
    entry.verified_at = timezone.localdate()
    entry.updated_at = timezone.now()
    entry.full_clean()
    entry.save()
    audit_record(
        actor=by,
        action="network.entry_changed",
        organisation=organisation,
        target=entry,
        detail={"fields": ",".join(changed)},
    )
    return entry


@transaction.atomic
def trusted_referral_add(
    *,
    organisation: Organisation,
    by: User,
    partner: Organization,
    topic: Category | None,
    place: str,
    notes: str,
    review_on: date | None,
) -> TrustedReferral:
    """Add a partner to the organisation's own trusted referral list."""
    entry = TrustedReferral(
        organisation=organisation,
        partner=partner,
        topic=topic,
        place=place,
        notes=notes,
        review_on=review_on,
        added_by=by,
    )
    entry.full_clean()
    entry.save()
    audit_record(actor=by, action="network.trusted_added", organisation=organisation, target=entry)
    return entry


@transaction.atomic
def trusted_referral_remove(*, entry: TrustedReferral, by: User) -> None:
    """Take a partner off the organisation's trusted referral list."""
    audit_record(actor=by, action="network.trusted_removed", organisation=entry.organisation, target=entry)
    entry.delete()
