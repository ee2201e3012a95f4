"""What the holder of a receipt code may learn about a request: where it stands, in plain words.

The holder might not be the worker (a code written on paper can be found), so nothing here is
personal: no name, contact, narrative, place, date or organisation that took the case. Only
the request's stage, why it was declined (in words a worker understands), and, when the worker
allowed their request to be shared, which other organisations take requests like theirs; those
are public facts about organisations, not about the worker.

The wrong-code limit (``code_rule``) is shared by the status page and the API: only a code that
matches nothing counts, and once a client has spent its tries every answer is the same refusal,
so trying codes reveals nothing about which exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jornada.core.models import Organisation
from jornada.core.ratelimit import RateLimit
from jornada.intake.models import (
    FINAL_STATUSES,
    DeclineReason,
    Intake,
    IntakeStatus,
    RecipientDecision,
)
from jornada.intake.services import matching_organisations

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def code_rule() -> RateLimit:
    """Wrong receipt codes per client per hour (``JORNADA_INTAKE_WRONG_CODES_PER_HOUR``)."""
    return RateLimit("intake-code", settings.JORNADA_INTAKE_WRONG_CODES_PER_HOUR, 3600)


class WorkerStage:
    """The stages a worker is told about (a request's status, with "accepted" split in two)."""

    RECEIVED = "received"
    REVIEWING = "reviewing"
    CONTACT = "contact"
    TAKEN = "taken"
    DECLINED = "declined"
    DUPLICATE = "duplicate"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"

    ALL = (RECEIVED, REVIEWING, CONTACT, TAKEN, DECLINED, DUPLICATE, WITHDRAWN, CLOSED)


TITLES: dict[str, StrOrPromise] = {
    WorkerStage.RECEIVED: pgettext_lazy("status of a request for help", "Received"),
    WorkerStage.REVIEWING: pgettext_lazy("status of a request for help", "Being reviewed"),
    WorkerStage.CONTACT: pgettext_lazy("status of a request for help", "An advocate will contact you"),
    WorkerStage.TAKEN: pgettext_lazy("status of a request for help", "An organisation took your case"),
    WorkerStage.DECLINED: pgettext_lazy("status of a request for help", "Declined"),
    WorkerStage.DUPLICATE: pgettext_lazy("status of a request for help", "Already received"),
    WorkerStage.WITHDRAWN: pgettext_lazy("status of a request for help", "Withdrawn"),
    WorkerStage.CLOSED: pgettext_lazy("status of a request for help", "Closed"),
}

MEANINGS: dict[str, StrOrPromise] = {
    WorkerStage.RECEIVED: _(
        "Your request arrived. Nobody has looked at it yet. An organisation usually looks at a "
        "request within a few working days; urgent ones first."
    ),
    WorkerStage.REVIEWING: _(
        "Someone at an organisation is reading your request to see how they can help. You do "
        "not need to do anything now."
    ),
    WorkerStage.CONTACT: _(
        "An organisation took your case. An advocate will contact you the way you chose, at the "
        "times you said are safe."
    ),
    WorkerStage.TAKEN: _(
        "An organisation took your case. You chose not to be contacted, so they will not call "
        "or write to you. You can add information here at any time."
    ),
    WorkerStage.DECLINED: _(
        "The organisations that saw your request cannot take it. This is not a judgement about "
        "you or about what happened to you."
    ),
    WorkerStage.DUPLICATE: _(
        "This request says the same as another request that already arrived. The work goes on "
        "in the other one: use the code you got for it."
    ),
    WorkerStage.WITHDRAWN: _(
        "You withdrew this request. What you wrote in it was erased, and nobody can read it any more."
    ),
    WorkerStage.CLOSED: _("The work on this request has ended. Nothing more will happen to it."),
}

# Why organisations declined, in the worker's words rather than the staff's.
DECLINE_REASONS: dict[str, StrOrPromise] = {
    DeclineReason.OUT_OF_SCOPE: _("It is not the kind of problem this organisation works on."),
    DeclineReason.NO_CAPACITY: _("The organisation has too many cases right now to take a new one."),
    DeclineReason.CONFLICT: _(
        "The organisation already works with someone else involved, so it cannot be on your side."
    ),
    DeclineReason.NOT_ENOUGH_INFORMATION: _(
        "The request did not have enough information for the organisation to act."
    ),
    DeclineReason.OTHER: _("The organisation gave another reason."),
}


@dataclass(frozen=True)
class Suggestion:
    """Another organisation that takes requests like the worker's: its name and what it is."""

    name: str
    kind: str


@dataclass(frozen=True)
class WorkerStatus:
    """Everything the status page and the API say about one request, none of it personal."""

    stage: str
    title: str
    meaning: str
    decline_reasons: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    show_help_numbers: bool = False
    can_add: bool = False
    can_withdraw: bool = False


def _stage(intake: Intake) -> str:
    if intake.status == IntakeStatus.ACCEPTED:
        return WorkerStage.CONTACT if intake.consent_contact else WorkerStage.TAKEN
    return {
        IntakeStatus.RECEIVED: WorkerStage.RECEIVED,
        IntakeStatus.REVIEWING: WorkerStage.REVIEWING,
        IntakeStatus.DECLINED: WorkerStage.DECLINED,
        IntakeStatus.DUPLICATE: WorkerStage.DUPLICATE,
        IntakeStatus.WITHDRAWN: WorkerStage.WITHDRAWN,
        IntakeStatus.CLOSED: WorkerStage.CLOSED,
    }.get(IntakeStatus(intake.status), WorkerStage.RECEIVED)


def _suggestions(intake: Intake) -> list[Suggestion]:
    """Organisations taking requests like this one, besides those that already saw it."""
    already = set(intake.recipients.values_list("organisation_id", flat=True))
    others = matching_organisations(
        place=intake.place, language=intake.language, categories=list(intake.categories), urgent=intake.urgent
    )
    return [
        Suggestion(name=organisation.name, kind=str(Organisation.Kind(organisation.kind).label))
        for organisation in others
        if organisation.pk not in already
    ]


def worker_status(intake: Intake) -> WorkerStatus:
    """Return what the holder of ``intake``'s receipt code is told about it."""
    stage = _stage(intake)
    reasons: list[str] = []
    suggestions: list[Suggestion] = []
    if stage == WorkerStage.DECLINED:
        given = (
            intake.recipients.filter(decision=RecipientDecision.DECLINED)
            .exclude(decline_reason="")
            .values_list("decline_reason", flat=True)
        )
        reasons = [str(DECLINE_REASONS[code]) for code in DeclineReason.values if code in set(given)]
        if intake.consent_share:
            suggestions = _suggestions(intake)
    return WorkerStatus(
        stage=stage,
        title=str(TITLES[stage]),
        meaning=str(MEANINGS[stage]),
        decline_reasons=reasons,
        suggestions=suggestions,
        show_help_numbers=stage == WorkerStage.DECLINED or (intake.urgent and stage != WorkerStage.WITHDRAWN),
        can_add=intake.status not in FINAL_STATUSES,
        can_withdraw=intake.status != IntakeStatus.WITHDRAWN,
    )
