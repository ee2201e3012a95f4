"""Reading cases, always through the reader's organisations; every decrypting read is audited.

A case of another organisation is a 404 here, before any key is touched. ``case_personal_read``
and ``case_notes_read`` are the only ways to see a case's personal text: each writes an audit
event naming what was read (never its content) in the same transaction as the read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from jornada.cases.keys import data_key_unwrap, field_unseal
from jornada.cases.models import (
    CASE_PERSONAL_FIELDS,
    Case,
    CaseAssignment,
    CaseCategory,
    CaseNote,
    CaseParty,
    CaseStep,
)
from jornada.core.access import get_owned_or_404, organisations_of
from jornada.core.audit import audit_record
from jornada.core.models import Membership, Organisation, Role, User
from jornada.vocabulary.models import Audience

# Who may open a case of their organisation.
CASE_ROLES = (Role.ADVOCATE, Role.SUPERVISOR)


@dataclass(frozen=True)
class PartyView:
    """A party as a page shows it: the directory record, or the typed name opened (empty once anonymised)."""

    role: str
    role_label: str
    name: str
    employer_slug: str = ""
    recruiter_slug: str = ""
    in_directory: bool = False


@dataclass(frozen=True)
class StepView:
    """An evaluation, closing or reopening, its text opened (empty once anonymised)."""

    step: CaseStep
    text: str


@dataclass(frozen=True)
class CasePersonal:
    """A case's personal fields in clear, for one page; empty strings once it was anonymised.

    ``parties`` and ``steps`` carry the typed party names and the steps' texts, also sealed.
    """

    case: Case
    worker_name: str
    contact: str
    safe_times: str
    narrative: str
    parties: list[PartyView] = field(default_factory=list)
    steps: list[StepView] = field(default_factory=list)


@dataclass(frozen=True)
class NoteView:
    author_name: str
    created_at: datetime
    text: str


def cases_for_user(*, user: User) -> QuerySet[Case]:
    """Return the cases of the organisations where ``user`` may open cases (no personal field read).

    Each carries its derived ``stage``, ``closed_at``, ``note_count`` and the current assignee's
    id and name (``assignee_id``, ``assignee_name``). The organisations are looked up first, so
    that a reader of one organisation walks the (organisation, newest) index in order; notes are
    counted by a subquery, so only for the rows actually read.
    """
    organisations = list(organisations_of(user, *CASE_ROLES).values_list("pk", flat=True))
    latest = CaseAssignment.objects.filter(case=OuterRef("pk")).order_by("-assigned_at", "-pk")
    notes = CaseNote.objects.filter(case=OuterRef("pk")).order_by().values("case").annotate(n=Count("pk"))
    return (
        Case.objects.with_stage()
        .filter(organisation__in=organisations)
        .select_related("organisation")
        .annotate(
            note_count=Coalesce(Subquery(notes.values("n")), 0),
            assignee_id=Subquery(latest.values("advocate_id")[:1]),
            assignee_name=Subquery(latest.values("advocate__name")[:1]),
        )
        .defer("data_key", *(f"{field}_sealed" for field in CASE_PERSONAL_FIELDS))
        .order_by("-created_at", "-id")
    )


def cases_filter(
    cases: QuerySet[Case],
    *,
    stage: str = "",
    assignee: int | None = None,
    unassigned: bool = False,
    category: str = "",
    urgent: bool | None = None,
    overdue: bool = False,
    query: str = "",
) -> QuerySet[Case]:
    """Narrow ``cases`` (from ``cases_for_user``) by stage, assignee, category, urgency, overdue
    tasks and a search.

    The search matches the case number, a category's code or staff label, and the name of an
    employer or recruiter linked from the directory. Typed party names are sealed and never match.
    """
    if stage:
        cases = cases.filter(stage_now=stage)  # stored by workflow.case_stage_store
    if unassigned:
        cases = cases.filter(**{"assignee_id__isnull": True})
    elif assignee is not None:
        cases = cases.filter(**{"assignee_id": assignee})
    if category:
        cases = cases.filter(pk__in=CaseCategory.objects.filter(category__code=category).values("case_id"))
    if urgent is not None:
        cases = cases.filter(urgent=urgent)
    if overdue:
        from jornada.cases.case_tasks import cases_with_overdue_tasks

        cases = cases_with_overdue_tasks(cases)
    query = query.strip()
    if query:
        parties = CaseParty.objects.filter(
            Q(employer__name__icontains=query) | Q(recruiter__name__icontains=query)
        ).values("case_id")
        categories = CaseCategory.objects.filter(
            Q(category__code__icontains=query)
            | Q(category__staff_label_es__icontains=query)
            | Q(category__staff_label_en__icontains=query)
        ).values("case_id")
        cases = cases.filter(Q(number__icontains=query) | Q(pk__in=parties) | Q(pk__in=categories))
    return cases


def case_work_get(*, user: User, case_id: int) -> Case:
    """Return case ``case_id`` with its derived stage and current assignee (404 if not ``user``'s)."""
    return get_owned_or_404(user, cases_for_user(user=user), pk=case_id)


def case_page_get(*, user: User, case_id: int) -> Case:
    """Return a case for its working page, with its referrals and their receivers read at once."""
    return get_owned_or_404(
        user, cases_for_user(user=user).prefetch_related("referrals__receiver"), pk=case_id
    )


def case_assignments(case: Case) -> list[CaseAssignment]:
    """Return every assignment of ``case``, the current one first (names of staff, nothing personal)."""
    return list(CaseAssignment.objects.filter(case=case).select_related("advocate", "assigned_by"))


def case_categories(case: Case) -> list[CaseCategory]:
    """Return the categories filed on ``case``, with the vocabulary records they point to."""
    return list(
        CaseCategory.objects.filter(case=case).select_related("category").order_by("category__position")
    )


def case_category_labels(case: Case, language: str) -> list[tuple[str, str]]:
    """Return (code, staff label in ``language``) for each category filed on ``case``."""
    return [
        (row.category.code, row.category.label(language, Audience.STAFF)) for row in case_categories(case)
    ]


def advocates_for_user(user: User) -> list[User]:
    """Return the advocates and supervisors of every organisation where ``user`` works cases, once each."""
    organisations = organisations_of(user, *CASE_ROLES)
    members = Membership.objects.filter(organisation__in=organisations, role__in=CASE_ROLES)
    return list(User.objects.filter(pk__in=members.values("user_id"), is_active=True).order_by("name", "pk"))


def user_supervises(user: User, organisation: Organisation) -> bool:
    """Return True when ``user`` is a supervisor of ``organisation`` (who approves evaluations and closings)."""
    return Membership.objects.filter(user=user, organisation=organisation, role=Role.SUPERVISOR).exists()


def assignable_advocates(organisation: Organisation) -> list[User]:
    """Return the active advocates and supervisors of ``organisation``, by name."""
    members = Membership.objects.filter(organisation=organisation, role__in=(Role.ADVOCATE, Role.SUPERVISOR))
    return list(User.objects.filter(pk__in=members.values("user_id"), is_active=True).order_by("name", "pk"))


def case_list_page(
    *,
    user: User,
    number: str | int | None,
    per_page: int,
    cases: QuerySet[Case] | None = None,
    decorate: Callable[[QuerySet[Case]], QuerySet[Case]] | None = None,
) -> Page[Case]:
    """Return page ``number`` of ``cases`` (default: all of ``user``'s), newest first.

    ``cases`` is ``cases_for_user`` narrowed by ``cases_filter``; ``decorate`` adds what only the
    page's rows need (overdue counts, prefetched categories).

    The page's ids are picked first, walking the (organisation, newest) index alone; only those
    rows are then read and their notes counted. Counting in the same query as the offset made
    PostgreSQL count the notes of every case it skipped (benchmarks/cases.py).
    """
    cases = cases_for_user(user=user) if cases is None else cases
    ids = Paginator(cases.values_list("pk", flat=True), per_page).get_page(number)
    chosen = cases.filter(pk__in=list(ids.object_list))
    rows = list(decorate(chosen) if decorate is not None else chosen)
    return Page(rows, ids.number, cast("Paginator[Case]", ids.paginator))


def case_get(*, user: User, case_id: int) -> Case:
    """Return case ``case_id`` if it belongs to one of ``user``'s organisations; else 404."""
    return get_owned_or_404(user, Case.objects.select_related("organisation"), *CASE_ROLES, pk=case_id)


@transaction.atomic
def case_personal_read(*, user: User, case_id: int) -> CasePersonal:
    """Return case ``case_id``'s personal fields in clear for ``user`` (404 if not theirs); audited."""
    case = case_get(user=user, case_id=case_id)
    audit_record(
        actor=user,
        action="case.read",
        organisation=case.organisation,
        target=case,
        detail={"fields": [*CASE_PERSONAL_FIELDS, "parties", "steps"]},
    )
    parties = list(CaseParty.objects.filter(case=case).select_related("employer", "recruiter"))
    steps = list(CaseStep.objects.filter(case=case).select_related("recorded_by", "approved_by"))
    data_key = None if case.is_anonymised() else data_key_unwrap(case)

    def opened(record: CaseParty | CaseStep, name: str) -> str:
        if data_key is None or getattr(record, f"{name}_sealed") is None:
            return ""
        return field_unseal(data_key, record, name)

    party_views = [
        PartyView(
            role=party.role,
            role_label=party.get_role_display(),
            name=(party.employer or party.recruiter or opened(party, "name")).__str__(),
            employer_slug=party.employer.slug if party.employer else "",
            recruiter_slug=party.recruiter.slug if party.recruiter else "",
            in_directory=party.employer is not None or party.recruiter is not None,
        )
        for party in parties
    ]
    step_views = [StepView(step=step, text=opened(step, "text")) for step in steps]
    if data_key is None:
        return CasePersonal(
            case=case,
            worker_name="",
            contact="",
            safe_times="",
            narrative="",
            parties=party_views,
            steps=step_views,
        )
    return CasePersonal(
        case=case,
        parties=party_views,
        steps=step_views,
        **{name: field_unseal(data_key, case, name) for name in CASE_PERSONAL_FIELDS},
    )


@transaction.atomic
def case_notes_read(*, user: User, case_id: int, latest: int | None = None) -> list[NoteView]:
    """Return case ``case_id``'s notes in clear, oldest first (404 if not ``user``'s); audited.

    With ``latest``, only the newest ``latest`` notes are read (and audited as read).
    """
    case = case_get(user=user, case_id=case_id)
    found = CaseNote.objects.filter(case=case).select_related("author")
    notes = list(found) if latest is None else list(found.order_by("-created_at", "-id")[:latest])[::-1]
    audit_record(
        actor=user,
        action="case.notes_read",
        organisation=case.organisation,
        target=case,
        detail={"notes": len(notes)},
    )
    data_key = None if case.is_anonymised() else data_key_unwrap(case)
    return [
        NoteView(
            author_name=note.author.name if note.author else "",
            created_at=note.created_at,
            text="" if data_key is None else field_unseal(data_key, note, "text"),
        )
        for note in notes
    ]
