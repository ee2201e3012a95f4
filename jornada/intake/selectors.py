"""Reading requests for help, always through the reader's organisations; decrypting reads audited.

A request is visible to an organisation only while it is one of its recipients and still holds
the request's key: once another organisation took it in, or it was withdrawn or erased, it is
a 404 like a request that never existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from jornada.cases.keys import field_unseal
from jornada.cases.selectors import CASE_ROLES
from jornada.core.access import organisations_of
from jornada.core.audit import audit_record
from jornada.core.models import Organisation, User
from jornada.directory.models import Employer, Recruiter
from jornada.directory.search import SearchFilters, SearchHit, search
from jornada.intake.keys import recipient_key_unwrap
from jornada.intake.models import (
    FINAL_STATUSES,
    INTAKE_PERSONAL_FIELDS,
    Intake,
    IntakeAddition,
    IntakeRecipient,
    RecipientDecision,
)
from jornada.vocabulary.models import Audience
from jornada.vocabulary.selectors import category_labels


@dataclass(frozen=True)
class Addition:
    added_on: date
    text: str


@dataclass(frozen=True)
class IntakePersonal:
    """A request's personal fields in clear, for one reader in one organisation."""

    intake: Intake
    recipient: IntakeRecipient
    worker_name: str
    contact: str
    safe_times: str
    party_name: str
    narrative: str
    additions: list[Addition]


def recipients_for_user(*, user: User) -> QuerySet[IntakeRecipient]:
    """Return the recipient rows, in ``user``'s organisations, of requests they may still read."""
    return IntakeRecipient.objects.filter(
        organisation__in=organisations_of(user, *CASE_ROLES), data_key__isnull=False
    ).exclude(intake__status__in=FINAL_STATUSES)


def intakes_for_user(*, user: User) -> QuerySet[Intake]:
    """Return the requests waiting for a decision by one of ``user``'s organisations.

    Urgent ones first, then the longest waiting. Nothing personal is read.
    """
    pending = recipients_for_user(user=user).filter(decision=RecipientDecision.PENDING)
    return (
        Intake.objects.filter(pk__in=pending.values("intake_id"))
        .defer(*(f"{name}_sealed" for name in INTAKE_PERSONAL_FIELDS))
        .select_related("employer", "recruiter")
        .order_by("-urgent", "received_at", "id")
    )


def intake_recipient_get(*, user: User, intake_id: int) -> IntakeRecipient:
    """Return ``user``'s organisation's recipient row for request ``intake_id``; else 404."""
    recipient = (
        recipients_for_user(user=user)
        .filter(intake_id=intake_id)
        .select_related("intake", "organisation")
        .order_by("organisation__name")
        .first()
    )
    if recipient is None:
        raise Http404
    return recipient


@transaction.atomic
def intake_personal_read(*, user: User, intake_id: int) -> IntakePersonal:
    """Return request ``intake_id``'s personal fields in clear for ``user`` (404 if not theirs); audited."""
    recipient = intake_recipient_get(user=user, intake_id=intake_id)
    intake = recipient.intake
    audit_record(
        actor=user,
        action="intake.read",
        organisation=recipient.organisation,
        target=intake,
        detail={"fields": list(INTAKE_PERSONAL_FIELDS)},
    )
    data_key = recipient_key_unwrap(recipient)
    additions = [
        Addition(added_on=addition.added_on, text=field_unseal(data_key, addition, "text"))
        for addition in IntakeAddition.objects.filter(intake=intake, text_sealed__isnull=False).order_by(
            "added_on", "id"
        )
    ]
    values = {name: field_unseal(data_key, intake, name) for name in INTAKE_PERSONAL_FIELDS}
    return IntakePersonal(intake=intake, recipient=recipient, additions=additions, **values)


@dataclass(frozen=True)
class OrganisationCard:
    """An organisation as the interview lists it to a worker: what it does and when it answers."""

    slug: str
    name: str
    kind: str
    topics: list[str]
    office_hours: str
    is_fictional: bool


def organisation_cards(organisations: list[Organisation], *, language: str) -> list[OrganisationCard]:
    """Return what a worker is told about each organisation that may receive their request."""
    topics = {
        organisation.pk: [
            choice.label
            for choice in category_labels(
                list(organisation.intake_settings.topics.values_list("code", flat=True)),
                language=language,
                audience=Audience.WORKER,
            )
        ]
        for organisation in organisations
    }
    return [
        OrganisationCard(
            slug=organisation.slug,
            name=organisation.name,
            kind=str(organisation.get_kind_display()),
            topics=topics[organisation.pk],
            office_hours=organisation.intake_settings.office_hours(language),
            is_fictional=organisation.is_fictional,
        )
        for organisation in organisations
    ]


def party_choices(query: str) -> list[SearchHit]:
    """Return the employers and recruiters of the directory whose name is close to ``query``."""
    if not query.strip():
        return []
    return search(query, filters=SearchFilters(kinds=("employer", "recruiter")), limit=8).hits


def party_name(pick: str) -> str:
    """Return the directory name of a picked ``employer:ID`` or ``recruiter:ID``, or ''."""
    kind, _colon, pk = pick.partition(":")
    if not pk.isdigit() or kind not in ("employer", "recruiter"):
        return ""
    found = (
        (Employer if kind == "employer" else Recruiter)
        .objects.filter(pk=int(pk))
        .values_list("name", flat=True)
    )
    return next(iter(found), "")
