"""Reading cases, always through the reader's organisations; every decrypting read is audited.

A case of another organisation is a 404 here, before any key is touched. ``case_personal_read``
and ``case_notes_read`` are the only ways to see a case's personal text: each writes an audit
event naming what was read (never its content) in the same transaction as the read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from jornada.cases.keys import data_key_unwrap, field_unseal
from jornada.cases.models import CASE_PERSONAL_FIELDS, Case, CaseNote
from jornada.core.access import get_owned_or_404, organisations_of
from jornada.core.audit import audit_record
from jornada.core.models import Role, User

# Who may open a case of their organisation.
CASE_ROLES = (Role.ADVOCATE, Role.SUPERVISOR)


@dataclass(frozen=True)
class CasePersonal:
    """A case's personal fields in clear, for one page; empty strings once it was anonymised."""

    case: Case
    worker_name: str
    contact: str
    safe_times: str
    narrative: str


@dataclass(frozen=True)
class NoteView:
    author_name: str
    created_at: datetime
    text: str


def cases_for_user(*, user: User) -> QuerySet[Case]:
    """Return the cases of the organisations where ``user`` may open cases (no personal field read).

    The organisations are looked up first, so that a reader of one organisation walks the
    (organisation, created) index in order; the notes are counted for the rows of the page only.
    """
    organisations = list(organisations_of(user, *CASE_ROLES).values_list("pk", flat=True))
    notes = CaseNote.objects.filter(case=OuterRef("pk")).order_by().values("case").annotate(n=Count("pk"))
    return (
        Case.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .annotate(note_count=Coalesce(Subquery(notes.values("n")), 0))
        .defer("data_key", *(f"{field}_sealed" for field in CASE_PERSONAL_FIELDS))
        .order_by("-created_at", "-id")
    )


def case_list_page(*, user: User, number: str | int | None, per_page: int) -> Page[Case]:
    """Return page ``number`` of ``user``'s cases, newest first, each with its ``note_count``.

    The page's ids are picked first, walking the (organisation, newest) index alone; only those
    rows are then read and their notes counted. Counting in the same query as the offset made
    PostgreSQL count the notes of every case it skipped (benchmarks/cases.py).
    """
    cases = cases_for_user(user=user)
    ids = Paginator(cases.values_list("pk", flat=True), per_page).get_page(number)
    rows = list(cases.filter(pk__in=list(ids.object_list)))
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
        detail={"fields": list(CASE_PERSONAL_FIELDS)},
    )
    if case.is_anonymised():
        return CasePersonal(case=case, worker_name="", contact="", safe_times="", narrative="")
    data_key = data_key_unwrap(case)
    return CasePersonal(
        case=case, **{field: field_unseal(data_key, case, field) for field in CASE_PERSONAL_FIELDS}
    )


@transaction.atomic
def case_notes_read(*, user: User, case_id: int) -> list[NoteView]:
    """Return case ``case_id``'s notes in clear, oldest first (404 if not ``user``'s); audited."""
    case = case_get(user=user, case_id=case_id)
    notes = list(CaseNote.objects.filter(case=case).select_related("author"))
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
