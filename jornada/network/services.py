"""Writes to the directory by Jornada staff: an organisation keeps its own entry up to date."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jornada.core.audit import audit_record
from jornada.core.models import Organisation, User
from jornada.network.models import Organization

AUDIT_ACTIONS: dict[str, str | Promise] = {
    "network.entry_changed": _("Changed the organisation's entry in the directory"),
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
