"""Moderation of any contribution: publish, reject, redact, and the author's withdrawal.

Each function here is a whole transaction and audits what staff did (never what a worker
wrote); events about a contribution keep their day only (``core.audit``). The author's own
actions are deliberately *not* audited: even the day a worker wrote must not be kept finer than
the month.

Only a change the public can see (publishing, and redacting or withdrawing what was published)
renews the kept pages of the profiles that show the contribution (``public_change``); a
submission waiting for moderation renews nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from jornada.contributions import redaction
from jornada.contributions.models import AnonymousContribution, Moderated, RedactReason, RejectReason, Status
from jornada.contributions.receipts import candidate_hashes, matches
from jornada.contributions.scanner import hit_count, hits_fingerprint, scan_fields
from jornada.core.access import active_moderation_grant
from jornada.core.audit import audit_record
from jornada.core.models import User
from jornada.directory.sections import profiles_changed

M = TypeVar("M", bound=Moderated)
A = TypeVar("A", bound=AnonymousContribution)


def moderation_audit(
    *, moderator: User, action: str, target: Model | None = None, detail: dict[str, Any] | None = None
) -> None:
    """Record what a moderator did or read, under the site-level grant that allowed it.

    Contributions belong to no organisation, so the event has none: it names the moderator's
    ``ModerationGrant`` instead, and site administrators (who give the grants) read it. Without
    an active grant nothing is done and PermissionDenied is raised, whatever page called.
    """
    grant = active_moderation_grant(moderator)
    if grant is None:
        raise PermissionDenied
    audit_record(
        actor=moderator,
        action=action,
        target=target,
        detail={**(detail or {}), "grant": grant.pk},
    )


def _locked(contribution: M) -> M:
    return type(contribution).objects.select_for_update().get(pk=contribution.pk)


def _not_waiting() -> ValidationError:
    return ValidationError(
        _("This is no longer waiting for moderation: someone else may have decided already."),
        code="not_waiting",
    )


def public_change(contribution: Moderated, *, before: Iterable[tuple[str, str]] = ()) -> None:
    """Renew the kept profiles that show ``contribution`` now, or showed it (``before``)."""
    profiles_changed([*before, *contribution.public_subjects()])


def _audit(moderator: User, contribution: Moderated, verb: str, **detail: Any) -> None:
    moderation_audit(
        moderator=moderator, action=f"{contribution.audit_prefix}_{verb}", target=contribution, detail=detail
    )


def _check_hits_reviewed(contribution: Moderated, reviewed_hits: str) -> None:
    """Refuse to publish while a possible personal detail in any published field is unchecked.

    ``reviewed_hits`` is the fingerprint of the details the moderator confirmed, one by one on
    the page, as no one's personal data; any detail found since (the author edited) or not
    confirmed keeps the contribution unpublished until it is removed or confirmed.
    """
    fields = scan_fields(contribution)
    count = hit_count(fields)
    if count and reviewed_hits != hits_fingerprint(fields):
        raise ValidationError(
            ngettext_lazy(
                "%(count)d possible personal detail is still in the text. Remove it, or confirm "
                "that it identifies no worker or other private person, before publishing.",
                "%(count)d possible personal details are still in the text. Remove them, or confirm "
                "that they identify no worker or other private person, before publishing.",
                "count",
            ),
            code="unreviewed_personal_data",
            params={"count": count},
        )


@transaction.atomic
def contribution_publish(*, contribution: M, moderator: User, reviewed_hits: str = "") -> M:
    """Make a waiting contribution public, once every possible personal detail in it was checked."""
    locked = _locked(contribution)
    if locked.status != Status.RECEIVED:
        raise _not_waiting()
    _check_hits_reviewed(locked, reviewed_hits)
    locked.check_publishable()
    locked.status = Status.PUBLISHED
    locked.reject_reason = ""
    locked.full_clean()
    locked.save(update_fields=["status", "reject_reason"])
    _audit(moderator, locked, "published")
    public_change(locked)
    transaction.on_commit(locked.changed)
    return locked


@transaction.atomic
def contribution_reject(*, contribution: M, moderator: User, reason: str) -> M:
    """Refuse a waiting contribution for ``reason``; what its author wrote is erased."""
    if reason not in RejectReason.values:
        raise ValidationError(_("Choose a reason."), code="invalid_reason")
    locked = _locked(contribution)
    if locked.status != Status.RECEIVED:
        raise _not_waiting()
    locked.status = Status.REJECTED
    locked.reject_reason = reason
    locked.erase_content()
    locked.full_clean()
    locked.save()
    _audit(moderator, locked, "rejected", reason=reason)
    transaction.on_commit(locked.changed)
    return locked


@transaction.atomic
def contribution_redact(
    *,
    contribution: M,
    moderator: User,
    field: str,
    spans: Iterable[tuple[int, int]] = (),
    phrases: Iterable[str] = (),
    reason: str,
    shown_fingerprint: str,
) -> M:
    """Replace parts of one free-text field with the redaction marker; change nothing else.

    ``shown_fingerprint`` is the fingerprint of the text the moderator was looking at: if the
    author edited it since, nothing is redacted and the moderator is asked to look again.
    """
    if reason not in RedactReason.values:
        raise ValidationError(_("Choose a reason."), code="invalid_reason")
    if field not in contribution.moderated_fields:
        raise ValidationError(_("That text cannot be redacted."), code="bad_field")
    locked = _locked(contribution)
    if locked.status not in (Status.RECEIVED, Status.PUBLISHED):
        raise _not_waiting()
    text: str = getattr(locked, field)
    if redaction.fingerprint(text) != shown_fingerprint:
        raise ValidationError(
            _("The text changed while you were reading it. Look at it again before removing anything."),
            code="text_changed",
        )
    chosen = list(spans) + redaction.phrase_spans(text, phrases)
    if not chosen:
        raise ValidationError(_("Choose or type what to remove."), code="nothing_chosen")
    merged = redaction.merge_spans(chosen)
    shown = locked.public_subjects() if locked.is_public() else []
    setattr(locked, field, redaction.redact(text, merged))
    locked.is_redacted = True
    locked.full_clean()
    locked.save()
    if shown:
        public_change(locked, before=shown)
    _audit(moderator, locked, "redacted", field=field, reason=reason, parts=len(merged))
    transaction.on_commit(locked.changed)
    return locked


def contribution_by_receipt(queryset: QuerySet[A], code: str) -> A | None:
    """Return the contribution whose receipt is ``code``, or None; a wrong code reveals nothing."""
    hashes = candidate_hashes(code)
    if not hashes:
        return None
    found = queryset.filter(receipt_hash__in=hashes).first()
    if found is None or not matches(found.receipt_hash, code):
        return None
    return found


@transaction.atomic
def contribution_withdraw(*, queryset: QuerySet[A], receipt_code: str) -> A | None:
    """Withdraw the contribution behind ``receipt_code`` for good, erasing what its author wrote.

    Returns None for a wrong code, exactly as for an unknown one. Not audited (see the module).
    """
    found = contribution_by_receipt(queryset.select_for_update(), receipt_code)
    if found is None:
        return None
    if found.status != Status.WITHDRAWN:
        shown = found.public_subjects() if found.is_public() else []
        found.status = Status.WITHDRAWN
        found.reject_reason = ""
        found.erase_content()
        found.full_clean()
        found.save()
        if shown:
            profiles_changed(shown)
        transaction.on_commit(found.changed)
    return found
