"""Reading referrals: the inbox of what an organisation received, what it sent, and their content.

A referral is fetched through the reader's organisations on the side asked for (sender or
receiver): any other is a 404, before any key is touched. Opening what was shared (the receiver)
or the receiver's answers (the sender) writes an audit event in the reader's organisation.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from jornada.cases.keys import field_unseal
from jornada.cases.models import PartyRole
from jornada.cases.selectors import CASE_ROLES
from jornada.core.access import organisations_of
from jornada.core.audit import audit_record
from jornada.core.models import User
from jornada.referrals.models import Referral, ReferralKey, ReferralKind, ReferralState
from jornada.referrals.services import case_fields_read, referral_key_open
from jornada.vocabulary.models import Audience, Category


@dataclass(frozen=True)
class SharedView:
    """What the sender chose to share, in clear; a field not chosen is absent (None)."""

    worker_name: str | None = None
    contact: str | None = None
    contact_channel: str | None = None
    may_leave_message: bool | None = None
    safe_times: str | None = None
    narrative: str | None = None
    categories: list[tuple[str, str]] | None = None
    parties: list[tuple[str, str]] | None = None
    notes: list[tuple[datetime, str]] | None = None


@dataclass(frozen=True)
class ReferralAnswers:
    """The receiver's answers as the sender reads them."""

    decline_reason: str = ""
    feedback: str = ""


@dataclass(frozen=True)
class PartnerTimes:
    """How one partner answered this organisation's referrals."""

    name: str
    sent: int
    accepted: int
    declined: int
    waiting: int
    median_hours: float | None
    slowest_hours: float | None
    rows: list[Referral] = field(default_factory=list)


def referrals_received(*, user: User, organisation: str = "") -> QuerySet[Referral]:
    """Return the referrals sent to ``user``'s organisations (no sealed value read)."""
    organisations = organisations_of(user, *CASE_ROLES)
    if organisation:
        organisations = organisations.filter(slug=organisation)
    return (
        Referral.objects.filter(kind=ReferralKind.JORNADA, receiver__in=organisations)
        .select_related("sender", "receiver", "topic")
        .defer("shared_sealed", "decline_reason_sealed", "feedback_sealed")
    )


def referrals_sent(*, user: User, organisation: str = "") -> QuerySet[Referral]:
    """Return the referrals ``user``'s organisations sent (no sealed value read)."""
    organisations = organisations_of(user, *CASE_ROLES)
    if organisation:
        organisations = organisations.filter(slug=organisation)
    return (
        Referral.objects.filter(sender__in=organisations)
        .select_related("sender", "receiver", "topic", "case")
        .defer("shared_sealed", "decline_reason_sealed", "feedback_sealed")
    )


def referral_received_get(*, user: User, referral_id: int) -> Referral:
    """Return a referral sent to one of ``user``'s organisations; else 404."""
    try:
        return referrals_received(user=user).get(pk=referral_id)
    except Referral.DoesNotExist:
        raise Http404 from None


def referral_sent_get(*, user: User, referral_id: int) -> Referral:
    """Return a referral one of ``user``'s organisations sent; else 404."""
    try:
        return referrals_sent(user=user).get(pk=referral_id)
    except Referral.DoesNotExist:
        raise Http404 from None


def _shared_view(shared: dict[str, Any], language: str) -> SharedView:
    categories = None
    if "categories" in shared:
        found = {row.code: row for row in Category.objects.filter(code__in=shared["categories"])}
        categories = [
            (code, found[code].label(language, Audience.STAFF) if code in found else code)
            for code in shared["categories"]
        ]
    roles = dict(PartyRole.choices)
    parties = None
    if "parties" in shared:
        parties = [
            (str(roles.get(party["role"], party["role"])), party["name"]) for party in shared["parties"]
        ]
    return SharedView(
        worker_name=shared.get("worker_name"),
        contact=shared.get("contact"),
        contact_channel=shared.get("contact_channel"),
        may_leave_message=shared.get("may_leave_message"),
        safe_times=shared.get("safe_times"),
        narrative=shared.get("narrative"),
        categories=categories,
        parties=parties,
        notes=[(datetime.fromisoformat(note["created_at"]), note["text"]) for note in shared["notes"]]
        if "notes" in shared
        else None,
    )


@transaction.atomic
def referral_shared_read(
    *, user: User, referral_id: int, language: str = "es"
) -> tuple[Referral, SharedView | None]:
    """Return a received referral and what was shared, in clear (None once revoked or erased); audited."""
    referral = referral_received_get(user=user, referral_id=referral_id)
    referral = Referral.objects.select_related("sender", "receiver", "topic").get(pk=referral.pk)
    if referral.shared_sealed is None:  # revoked by the sender, or erased with the sender's case
        return referral, None
    audit_record(
        actor=user,
        action="referral.read",
        organisation=referral.receiver,
        target=referral,
        detail={"referral": str(referral.pk), "fields": list(referral.fields)},
    )
    key = referral_key_open(referral, referral.receiver_id or 0)
    return referral, _shared_view(json.loads(field_unseal(key, referral, "shared")), language)


@transaction.atomic
def referral_answers_read(*, user: User, referral: Referral, side: str) -> ReferralAnswers:
    """Return the decline reason and feedback of ``referral`` for ``side`` ("sender"/"receiver"); audited."""
    organisation = referral.sender if side == "sender" else referral.receiver
    assert organisation is not None  # noqa: S101 - a receiver side exists only for referrals in Jornada
    fresh = Referral.objects.get(pk=referral.pk)
    if fresh.decline_reason_sealed is None and fresh.feedback_sealed is None:
        return ReferralAnswers()
    if not ReferralKey.objects.filter(referral=fresh, organisation=organisation).exists():
        return ReferralAnswers()
    audit_record(
        actor=user,
        action="referral.read",
        organisation=organisation,
        target=fresh,
        detail={"referral": str(fresh.pk), "fields": ["answers"]},
    )
    key = referral_key_open(fresh, organisation.pk)

    def opened(name: str) -> str:
        return field_unseal(key, fresh, name) if getattr(fresh, f"{name}_sealed") is not None else ""

    return ReferralAnswers(decline_reason=opened("decline_reason"), feedback=opened("feedback"))


@transaction.atomic
def referral_letter_read(
    *, user: User, referral_id: int, language: str = "es"
) -> tuple[Referral, SharedView]:
    """Return a letter referral and the chosen fields read from the case now; audited for the sender."""
    referral = referral_sent_get(user=user, referral_id=referral_id)
    if referral.kind != ReferralKind.LETTER or referral.case.is_anonymised():
        raise Http404
    audit_record(
        actor=user,
        action="referral.letter_printed",
        organisation=referral.sender,
        target=referral.case,
        detail={"referral": str(referral.pk), "fields": list(referral.fields)},
    )
    return referral, _shared_view(
        case_fields_read(referral.case, referral.fields, referral.note_ids), language
    )


ACCEPTED_STATES = (ReferralState.ACCEPTED, ReferralState.IN_PROGRESS, ReferralState.DONE)


def _hours(delta: timedelta) -> float:
    return round(delta.total_seconds() / 3600, 1)


def partner_response_times(*, user: User) -> list[PartnerTimes]:
    """Return, per receiving organisation, how many referrals it got from ``user``'s and how fast it answered."""
    rows = referrals_sent(user=user).filter(kind=ReferralKind.JORNADA).order_by("receiver__name", "sent_at")
    by_partner: dict[int, list[Referral]] = {}
    for row in rows:
        by_partner.setdefault(row.receiver_id or 0, []).append(row)
    result = []
    for referrals in by_partner.values():
        # An anonymised case's referral keeps its times to the month only: no longer a measure.
        times = [
            _hours(r.answered_at - r.sent_at)
            for r in referrals
            if r.answered_at is not None and not r.case.is_anonymised()
        ]
        result.append(
            PartnerTimes(
                name=referrals[0].receiver_name(),
                sent=len(referrals),
                accepted=sum(r.state in ACCEPTED_STATES for r in referrals),
                declined=sum(r.state == ReferralState.DECLINED for r in referrals),
                waiting=sum(r.state == ReferralState.SENT for r in referrals),
                median_hours=statistics.median(times) if times else None,
                slowest_hours=max(times) if times else None,
            )
        )
    return sorted(result, key=lambda partner: partner.name)
