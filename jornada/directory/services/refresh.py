"""Recomputing what is derived from the records: profile totals and the search index.

Called at the end of every import and merge for the records they touched, inside the same
transaction, so a profile and its search entry never disagree with its cases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from jornada.core import generations
from jornada.directory.caching import VOCABULARY
from jornada.directory.dol.names import normalise_name
from jornada.directory.models import (
    Agent,
    Case,
    CaseActivity,
    CaseEmployer,
    CaseHousing,
    CaseRecruiter,
    CaseWorksite,
    Debarment,
    Employer,
    EmployerName,
    Recruiter,
    RecruiterName,
    SearchEntry,
    SearchWord,
    WhdCase,
)
from jornada.directory.models.cases import CaseStatus
from jornada.directory.models.enforcement import PROGRAMMES
from jornada.directory.services.writing import (
    chunks,
    comparable,
    fast_insert,
    fast_update,
    rows_for,
)

CERTIFIED = (CaseStatus.CERTIFIED, CaseStatus.PARTIAL)
MAX_WORD = 100
# Up to this many words are looked up in the vocabulary one by one (see _known_words).
FEW_WORDS = 50
# Spellings in a search text are kept apart by this, which full-text search treats as a space.
SPELLING_SEPARATOR = " | "
_ID = itemgetter("id")


def _findings_q() -> Q:
    query = Q()
    for programme in PROGRAMMES:
        query |= Q(**{f"{programme}_violations__gt": 0}) | Q(**{f"{programme}_back_wages__gt": 0})
    return query


def _records(model: Any, ids: Iterable[int], *fields: str) -> list[dict[str, Any]]:
    """``id`` and ``fields`` of the records of ``model`` with these ids."""
    return rows_for(model.objects.values("id", *fields), "id", ids, pick=_ID)


def _save_changes(
    model: Any, rows: dict[int, dict[str, Any]], current: dict[int, dict[str, Any]] | None = None
) -> None:
    """Update only the rows and fields whose values differ (from ``current``, read if not given)."""
    if not rows:
        return
    fields = sorted({name for values in rows.values() for name in values})
    if current is None:
        current = {row["id"]: row for row in _records(model, rows, *fields)}
    now = timezone.now()
    changed = {
        pk: {**current[pk], **values, "updated_at": now}
        for pk, values in rows.items()
        if any(comparable(current[pk].get(name)) != comparable(value) for name, value in values.items())
    }
    fast_update(model, changed, [*fields, "updated_at"])


class NewLink(NamedTuple):
    """A case link of an employer an import created, with what the refresh needs of its case."""

    case_id: int
    workers_certified: int | None
    status: str
    fiscal_year: int | None
    programme: str
    worksite_state: str
    crop: str
    soc_title: str


@dataclass
class NewEmployers:
    """Employers an import created, as it wrote them, so that their refresh need not read them back.

    All of a new employer's spellings and case links come from the import that created it.
    ``records``: each one's row as inserted; ``spellings``: its normalised names; ``links``: its
    case links. (A real-file test recomputes them all from the database and finds no change.)
    """

    records: dict[int, dict[str, Any]] = field(default_factory=dict)
    spellings: dict[int, list[str]] = field(default_factory=dict)
    links: dict[int, list[NewLink]] = field(default_factory=dict)


def _totals(links: list[NewLink]) -> dict[str, Any]:
    """What ``employers_refresh``'s query counts for one employer, from its links."""
    years = [link.fiscal_year for link in links if link.fiscal_year is not None]
    return {
        "cases_count": len({link.case_id for link in links}),
        "workers_certified": sum(link.workers_certified or 0 for link in links if link.status in CERTIFIED),
        "first_fiscal_year": min(years, default=None),
        "last_fiscal_year": max(years, default=None),
        "has_h2a": any(link.programme == "h2a" for link in links),
        "has_h2b": any(link.programme == "h2b" for link in links),
    }


def employers_refresh(ids: Iterable[int], new: NewEmployers | None = None) -> None:
    """Recompute totals, programmes, years, place and flags of these employers, and their search entries.

    Findings and debarments are always looked up; ``new`` spares reading back the rows, links and
    spellings of employers the calling import created.
    """
    ids = sorted(set(ids))
    if not ids:
        return
    new = new or NewEmployers()
    updates: dict[int, dict[str, Any]] = {
        employer_id: {
            "cases_count": 0,
            "workers_certified": 0,
            "first_fiscal_year": None,
            "last_fiscal_year": None,
            "has_h2a": False,
            "has_h2b": False,
            "has_findings": False,
            "has_debarment": False,
        }
        for employer_id in ids
    }
    totals = (
        CaseEmployer.objects.values("employer_id")
        .annotate(
            cases=Count("case", distinct=True),
            workers=Sum("workers_certified", filter=Q(case__status__in=CERTIFIED)),
            first=Min("case__fiscal_year"),
            last=Max("case__fiscal_year"),
            h2a=Count("id", filter=Q(case__programme="h2a")),
            h2b=Count("id", filter=Q(case__programme="h2b")),
        )
        .values_list("employer_id", "cases", "workers", "first", "last", "h2a", "h2b")
    )
    stored = [employer_id for employer_id in ids if employer_id not in new.records]
    for employer_id in ids:
        if employer_id in new.records:
            updates[employer_id].update(_totals(new.links.get(employer_id, [])))
    rows: list[Any] = rows_for(totals, "employer_id", stored)
    for employer_id, cases, workers, first, last, h2a, h2b in rows:
        updates[employer_id].update(
            cases_count=cases,
            workers_certified=workers or 0,
            first_fiscal_year=first,
            last_fiscal_year=last,
            has_h2a=bool(h2a),
            has_h2b=bool(h2b),
        )
    findings = WhdCase.objects.filter(_findings_q(), employer__isnull=False).values_list("employer_id", "id")
    for employer_id, _id in rows_for(findings, "employer_id", ids):
        updates[employer_id]["has_findings"] = True
    debarments = Debarment.objects.filter(employer__isnull=False).values_list("employer_id", "id")
    for employer_id, _id in rows_for(debarments, "employer_id", ids):
        updates[employer_id]["has_debarment"] = True
    # Read once, for the comparison and for the search entries (as they will be once saved).
    fields = ("id", *updates[ids[0]], *EMPLOYER_ENTRY_FIELDS)
    employers = {row["id"]: row for row in _records(Employer, stored, *fields[1:])}
    for employer_id in ids:
        if employer_id in new.records:
            employers[employer_id] = {name: new.records[employer_id][name] for name in fields}
    _save_changes(Employer, updates, employers)
    for employer_id, values in updates.items():
        if employer_id in employers:
            employers[employer_id].update(values)
    entries = _employer_entries(ids, list(employers.values()), new)
    search_entries_refresh(SearchEntry.Kind.EMPLOYER, ids, entries=entries)


def recruiters_refresh(ids: Iterable[int]) -> None:
    ids = sorted(set(ids))
    updates: dict[int, dict[str, Any]] = {
        recruiter_id: {
            "cases_count": 0,
            "employers_count": 0,
            "first_fiscal_year": None,
            "last_fiscal_year": None,
        }
        for recruiter_id in ids
    }
    totals = (
        CaseRecruiter.objects.values("recruiter_id")
        .annotate(
            cases=Count("case", distinct=True),
            employers=Count("case__employers__employer", distinct=True),
            first=Min("case__fiscal_year"),
            last=Max("case__fiscal_year"),
        )
        .values_list("recruiter_id", "cases", "employers", "first", "last")
    )
    for recruiter_id, cases, employers, first, last in rows_for(totals, "recruiter_id", ids):
        updates[recruiter_id] = {
            "cases_count": cases,
            "employers_count": employers,
            "first_fiscal_year": first,
            "last_fiscal_year": last,
        }
    _save_changes(Recruiter, updates)
    search_entries_refresh(SearchEntry.Kind.RECRUITER, ids)


def agents_refresh(ids: Iterable[int]) -> None:
    ids = sorted(set(ids))
    totals = (
        Case.objects.values("agent_id")
        .annotate(cases=Count("id"), first=Min("fiscal_year"), last=Max("fiscal_year"))
        .values_list("agent_id", "cases", "first", "last")
    )
    # An agent with no cases left (its last one moved to another agent) goes back to zero.
    updates: dict[int, dict[str, Any]] = {
        agent_id: {"cases_count": 0, "first_fiscal_year": None, "last_fiscal_year": None} for agent_id in ids
    }
    for agent_id, cases, first, last in rows_for(totals, "agent_id", ids):
        updates[agent_id] = {"cases_count": cases, "first_fiscal_year": first, "last_fiscal_year": last}
    _save_changes(Agent, updates)
    search_entries_refresh(SearchEntry.Kind.AGENT, ids)


ENTRY_FIELDS = (
    "slug",
    "name",
    "text",
    "place",
    "programmes",
    "states",
    "activities",
    "last_fiscal_year",
    "weight",
    "is_fictional",
)
_OBJECT_ID = itemgetter("object_id")


def _codes(values: Iterable[str | None]) -> str:
    """Space-delimited, padded codes for ``contains`` filters: " nc ga "."""
    cleaned = sorted({value.strip().lower() for value in values if value and value.strip()})
    return f" {' '.join(cleaned)} " if cleaned else ""


def _words(values: Iterable[str | None]) -> str:
    words = sorted({word for value in values if value for word in normalise_name(value).split()})
    return f" {' '.join(words)} " if words else ""


def search_entries_refresh(
    kind: str, ids: list[int], *, entries: dict[int, dict[str, Any]] | None = None
) -> None:
    """Rebuild the search entries of these records (and delete those of records that are gone).

    ``entries`` are the entries wanted, when the caller has built them already.
    """
    if not ids:
        return
    builders: dict[str, Callable[[list[int]], dict[int, dict[str, Any]]]] = {
        SearchEntry.Kind.EMPLOYER: _employer_entries,
        SearchEntry.Kind.RECRUITER: _recruiter_entries,
        SearchEntry.Kind.AGENT: _agent_entries,
    }
    wanted = entries if entries is not None else builders[SearchEntry.Kind(kind)](ids)
    stored = SearchEntry.objects.filter(kind=kind).values("id", "object_id", *ENTRY_FIELDS)
    current = {row["object_id"]: row for row in rows_for(stored, "object_id", ids, pick=_OBJECT_ID)}
    creates: list[dict[str, Any]] = []
    updates: dict[int, dict[str, Any]] = {}
    for object_id, values in wanted.items():
        row: Any = current.get(object_id)
        if row is None:
            creates.append({"kind": kind, "object_id": object_id, **values})
        elif any(row[name] != value for name, value in values.items()):
            updates[row["id"]] = values
    fast_insert(SearchEntry, creates)
    if updates:
        fast_update(SearchEntry, updates, sorted({name for values in updates.values() for name in values}))
    gone = [row["id"] for object_id, row in current.items() if object_id not in wanted]
    for chunk in chunks(gone):
        SearchEntry.objects.filter(id__in=chunk).delete()
    vocabulary_add(values["text"] for values in wanted.values())


def vocabulary_add(texts: Iterable[str]) -> None:
    """Add the words of these texts to the vocabulary typos are corrected against."""
    words = {word[:MAX_WORD] for text in texts for word in text.split() if len(word) > 1 and word.isalnum()}
    if not words:
        return
    new = sorted(words - _known_words(words))
    if new:
        table = connection.ops.quote_name(SearchWord._meta.db_table)
        # Another import may add the same word meanwhile: the first one keeps it.
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # one statement, not one per word
                cursor.execute(
                    f"INSERT INTO {table} (word, entries) SELECT unnest(%s::text[]), 0 ON CONFLICT (word) DO NOTHING",
                    [new],
                )
            else:
                cursor.executemany(
                    f"INSERT INTO {table} (word, entries) VALUES (%s, 0) ON CONFLICT (word) DO NOTHING",  # noqa: S608
                    [(word,) for word in new],
                )
        generations.renew(VOCABULARY)  # each server reloads its copy (SQLite's typo correction)


def _known_words(words: set[str]) -> set[str]:
    """Which of ``words`` the vocabulary already has.

    More than a few words are looked for by reading the whole vocabulary (tens of thousands of
    short words, a few milliseconds). Asked with ``IN``, PostgreSQL may answer from the
    trigram index, whose pending list after an import's inserts makes that take about a
    second for a few hundred words (seen on Appendix C: 0.93 s for 337 words).
    """
    table = SearchWord.objects.order_by().values_list("word", flat=True)
    if len(words) > FEW_WORDS:
        return words.intersection(table.iterator(chunk_size=5000))
    return set(table.filter(word__in=sorted(words)))


def _grouped(rows: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for key, value in rows:
        grouped[key].append(value)
    return grouped


EMPLOYER_ENTRY_FIELDS = (
    "slug",
    "name",
    "city",
    "state",
    "has_h2a",
    "has_h2b",
    "last_fiscal_year",
    "cases_count",
    "is_fictional",
)


def _employer_entries(
    ids: list[int], employers: list[dict[str, Any]] | None = None, new: NewEmployers | None = None
) -> dict[int, dict[str, Any]]:
    """The search entries of these employers (``employers``: their rows, if already read)."""
    new = new or NewEmployers()
    if employers is None:
        employers = _records(Employer, ids, *EMPLOYER_ENTRY_FIELDS)
    stored = [employer_id for employer_id in ids if employer_id not in new.records]
    names = _grouped(
        rows_for(EmployerName.objects.values_list("employer_id", "normalised"), "employer_id", stored)
    )
    # The worksite states, crops and jobs of their cases, in one pass over the links.
    seasons: dict[int, set[tuple[str, str, str]]] = defaultdict(set)
    links = CaseEmployer.objects.values_list(
        "employer_id", "case__worksite_state", "case__crop", "case__soc_title"
    )
    for employer_id, *season in rows_for(links.distinct(), "employer_id", stored):
        seasons[employer_id].add(tuple(season))
    for employer_id in ids:
        if employer_id in new.records:
            names[employer_id] = new.spellings.get(employer_id, [])
            seasons[employer_id] = {
                (link.worksite_state, link.crop, link.soc_title) for link in new.links.get(employer_id, [])
            }
    worksites: dict[int, set[str]] = defaultdict(set)
    crops: dict[int, set[str]] = defaultdict(set)
    jobs: dict[int, set[str]] = defaultdict(set)
    for employer_id, employer_seasons in seasons.items():
        for state, crop, job in employer_seasons:
            worksites[employer_id].add(state)
            crops[employer_id].add(crop)
            jobs[employer_id].add(job)
    housing = _grouped(
        rows_for(
            CaseHousing.objects.values_list("case__employers__employer_id", "state").distinct(),
            "case__employers__employer_id",
            ids,
        )
    )
    h2b_sites = _grouped(
        rows_for(
            CaseWorksite.objects.values_list("case__employers__employer_id", "state").distinct(),
            "case__employers__employer_id",
            ids,
        )
    )
    activities = _grouped(
        rows_for(
            CaseActivity.objects.values_list("case__employers__employer_id", "activity").distinct(),
            "case__employers__employer_id",
            ids,
        )
    )
    entries = {}
    for employer in employers:
        pk = employer["id"]
        entries[pk] = {
            "slug": employer["slug"],
            "name": employer["name"],
            "text": SPELLING_SEPARATOR.join(
                sorted(set(names.get(pk, [])) or {normalise_name(employer["name"])})
            ),
            "place": ", ".join(part for part in (employer["city"], employer["state"]) if part),
            "programmes": _codes(
                code for code, flag in (("h2a", employer["has_h2a"]), ("h2b", employer["has_h2b"])) if flag
            ),
            "states": _codes(
                [employer["state"], *worksites.get(pk, []), *housing.get(pk, []), *h2b_sites.get(pk, [])]
            ),
            "activities": _words([*crops.get(pk, []), *activities.get(pk, []), *jobs.get(pk, [])]),
            "last_fiscal_year": employer["last_fiscal_year"],
            "weight": employer["cases_count"],
            "is_fictional": employer["is_fictional"],
        }
    return entries


def _recruiter_entries(ids: list[int]) -> dict[int, dict[str, Any]]:
    recruiters = _records(
        Recruiter,
        ids,
        "slug",
        "name",
        "city",
        "state",
        "country",
        "last_fiscal_year",
        "cases_count",
        "is_fictional",
    )
    names = _grouped(
        rows_for(RecruiterName.objects.values_list("recruiter_id", "normalised"), "recruiter_id", ids)
    )
    links = CaseRecruiter.objects.all()
    offices = _grouped(
        rows_for(links.values_list("recruiter_id", "office__state").distinct(), "recruiter_id", ids)
    )
    employer_states = _grouped(
        rows_for(links.values_list("recruiter_id", "case__worksite_state").distinct(), "recruiter_id", ids)
    )
    return {
        recruiter["id"]: {
            "slug": recruiter["slug"],
            "name": recruiter["name"],
            "text": SPELLING_SEPARATOR.join(
                sorted(set(names.get(recruiter["id"], [])) or {normalise_name(recruiter["name"])})
            ),
            "place": ", ".join(
                part for part in (recruiter["city"], recruiter["state"], recruiter["country"]) if part
            ),
            "programmes": " h2b ",
            "states": _codes(
                [
                    recruiter["state"],
                    *offices.get(recruiter["id"], []),
                    *employer_states.get(recruiter["id"], []),
                ]
            ),
            "activities": "",
            "last_fiscal_year": recruiter["last_fiscal_year"],
            "weight": recruiter["cases_count"],
            "is_fictional": recruiter["is_fictional"],
        }
        for recruiter in recruiters
    }


def _agent_entries(ids: list[int]) -> dict[int, dict[str, Any]]:
    agents = _records(
        Agent,
        ids,
        "slug",
        "name",
        "firm",
        "normalised_name",
        "normalised_firm",
        "state",
        "last_fiscal_year",
        "cases_count",
        "is_fictional",
    )
    programmes = _grouped(
        rows_for(Case.objects.values_list("agent_id", "programme").distinct(), "agent_id", ids)
    )
    return {
        agent["id"]: {
            "slug": agent["slug"],
            "name": agent["name"]
            if not agent["firm"] or agent["firm"] == agent["name"]
            else f"{agent['name']} ({agent['firm']})",
            "text": SPELLING_SEPARATOR.join(
                part for part in (agent["normalised_name"], agent["normalised_firm"]) if part
            ),
            "place": agent["state"],
            "programmes": _codes(programmes.get(agent["id"], [])),
            "states": _codes([agent["state"]]),
            "activities": "",
            "last_fiscal_year": agent["last_fiscal_year"],
            "weight": agent["cases_count"],
            "is_fictional": agent["is_fictional"],
        }
        for agent in agents
    }
