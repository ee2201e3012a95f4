"""Writing and describing audit events.

Only structured, non-personal detail is accepted: role names, counts, codes. Anything that looks
like an e-mail address, IP address or phone number is refused before it reaches the table.

An event about a record whose model sets ``audit_day_only = True`` (every anonymous
contribution) keeps only its day, midnight UTC: opening or publishing a contribution usually
follows its arrival closely, so an exact time there would date what a worker wrote.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jornada.core.models import AuditEvent, Organisation, User
from jornada.core.privacy import find_personal_data

Scalar = str | int | bool | None
MAX_DETAIL_TEXT = 200

# What each action means, for the audit page. Apps add theirs with ``register_actions``.
ACTION_LABELS: dict[str, str | Promise] = {
    "staff.login": _("Signed in with a second factor"),
    "staff.login_failed": _("Failed sign-in (wrong password)"),
    "staff.totp_failed": _("Failed sign-in (wrong code)"),
    "staff.totp_enrolled": _("Set up an authenticator app"),
    "staff.logout": _("Signed out"),
    "staff.password_set": _("Set a new password"),
    "membership.invited": _("Invited a member"),
    "membership.accepted": _("Accepted an invitation and joined"),
    "membership.declined": _("Declined an invitation"),
    "membership.invitation_withdrawn": _("Withdrew an invitation"),
    "moderation.granted": _("Let someone moderate public contributions"),
    "moderation.revoked": _("Stopped someone moderating public contributions"),
    "membership.roles_changed": _("Changed a member's roles"),
    "membership.removed": _("Removed a member"),
    "audit.viewed": _("Opened an audit event"),
    "organisation.intake_updated": _("Changed which requests for help the organisation takes"),
}


def register_actions(labels: dict[str, str | Promise]) -> None:
    """Let an app describe its own audit actions."""
    ACTION_LABELS.update(labels)


def describe(action: str) -> str | Promise:
    return ACTION_LABELS.get(action, action)


def _check_scalar(key: str, value: Any) -> None:
    if value is not None and not isinstance(value, str | int | bool):
        raise ValueError(f"Audit detail {key!r} must be text, a number or a boolean.")
    if isinstance(value, str):
        if len(value) > MAX_DETAIL_TEXT:
            raise ValueError(f"Audit detail {key!r} is longer than {MAX_DETAIL_TEXT} characters.")
        if find_personal_data(value):
            raise ValueError(f"Audit detail {key!r} looks like personal data; it is not stored.")


def clean_detail(detail: dict[str, Any] | None) -> dict[str, Any]:
    """Return ``detail`` if it holds only short, non-personal values; raise ValueError otherwise."""
    detail = dict(detail or {})
    for key, value in detail.items():
        if isinstance(value, list | tuple):
            for item in value:
                _check_scalar(key, item)
            detail[key] = list(value)
        else:
            _check_scalar(key, value)
    return detail


def day_only(target: Model | None) -> bool:
    """Return True when events about ``target`` may keep their day but not their time."""
    return bool(getattr(target, "audit_day_only", False))


def today_utc() -> datetime:
    """Return today at midnight UTC: the time of anything that may keep its day only."""
    return datetime.combine(timezone.now().astimezone(UTC).date(), time.min, tzinfo=UTC)


def event_time(target: Model | None) -> datetime:
    """Return the time an event about ``target`` is recorded with: now, or today at midnight UTC."""
    return today_utc() if day_only(target) else timezone.now()


def audit_record(
    *,
    actor: User | None,
    action: str,
    organisation: Organisation | None = None,
    target: Model | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the audit log (inside the caller's transaction)."""
    event = AuditEvent(
        at=event_time(target),
        actor=actor if actor is not None and actor.pk else None,
        organisation=organisation,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        detail=clean_detail(detail),
    )
    # The actor and organisation are saved rows and the id is random: the database's foreign and
    # primary keys refuse what Django's checks would look up, at a query each, on every audited read.
    event.full_clean(exclude=["actor", "organisation"], validate_unique=False)
    event.save()
    return event
