"""The promoters' record: sessions logged from a phone, counts only, each kept once.

A promoter is a member of the organisation (any role) who trains co-workers in their own
community; the log is the organisation's, never public.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.core.access import organisations_of
from jornada.core.models import Organisation
from jornada.core.privacy import scrub
from jornada.outreach.models import PromoterSession
from jornada.vocabulary.models import Category
from jornada.vocabulary.places import PLACE_BY_CODE

SESSION_ROLES = ("org_admin", "supervisor", "advocate")


@dataclass(frozen=True)
class SessionInput:
    client_id: uuid.UUID
    held_on: date
    town: str
    state: str
    attendees: int
    topic: Category | None = None
    women: int | None = None
    men: int | None = None
    h2a: int | None = None
    h2b: int | None = None
    materials: str = ""
    questions: str = ""
    follow_ups: str = ""


def _error(field_name: str, message: Any, code: str) -> ValidationError:
    return ValidationError({field_name: ValidationError(message, code=code)})


def _check(data: SessionInput) -> None:
    if data.held_on > timezone.localdate():
        raise _error("held_on", _("The session cannot be in the future."), "future_session")
    if data.state not in PLACE_BY_CODE or "-" not in data.state:
        raise _error("state", _("Choose the state."), "unknown_state")
    if (data.women or 0) + (data.men or 0) > data.attendees:
        raise _error(
            "women", _("Women and men add up to more than the workers who attended."), "counts_exceed"
        )
    if (data.h2a or 0) + (data.h2b or 0) > data.attendees:
        raise _error("h2a", _("H-2A and H-2B add up to more than the workers who attended."), "counts_exceed")


@transaction.atomic
def session_log(
    *, actor: Any, organisation: Organisation, data: SessionInput
) -> tuple[PromoterSession, bool]:
    """Keep one session; return it and whether it is new (False when this form was already sent).

    Free text loses any phone number or e-mail address it holds: the log counts people, it does
    not keep how to reach them.
    """
    existing = PromoterSession.objects.filter(organisation=organisation, client_id=data.client_id).first()
    if existing is not None:
        return existing, False
    _check(data)
    session = PromoterSession(
        organisation=organisation,
        promoter=actor,
        client_id=data.client_id,
        held_on=data.held_on,
        town=data.town.strip(),
        state=data.state,
        topic=data.topic,
        attendees=data.attendees,
        women=data.women,
        men=data.men,
        h2a=data.h2a,
        h2b=data.h2b,
        materials=scrub(data.materials.strip()),
        questions=scrub(data.questions.strip()),
        follow_ups=scrub(data.follow_ups.strip()),
    )
    session.full_clean()
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError:
        # The same form arrived twice at once (an offline phone replaying while the first landed).
        return PromoterSession.objects.get(organisation=organisation, client_id=data.client_id), False
    return session, True


def sessions_for_user(user: Any) -> QuerySet[PromoterSession]:
    """Return the sessions of every organisation ``user`` works for, newest first."""
    return PromoterSession.objects.filter(
        organisation__in=organisations_of(user, *SESSION_ROLES)
    ).select_related("organisation", "topic")


def sessions_totals(sessions: QuerySet[PromoterSession]) -> dict[str, Any]:
    """Return how many sessions, workers reached and towns, for the list's summary line."""
    totals = sessions.aggregate(workers=Sum("attendees"))
    return {
        "sessions": sessions.count(),
        "workers": totals["workers"] or 0,
        "towns": sessions.values("state", "town").distinct().count(),
    }
