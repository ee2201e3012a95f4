"""The H-2A and H-2B disclosure files: cases, the employers on them and their agents."""

from __future__ import annotations

from collections import defaultdict
from operator import itemgetter
from typing import Any, NamedTuple

from jornada.directory.dol.records import H2ACase, H2BCase
from jornada.directory.models import Case, CaseEmployer, Programme
from jornada.directory.models.cases import CaseStatus
from jornada.directory.services.entities import PublishedEmployer, agent_key, published_employer
from jornada.directory.services.importers.base import ImportContext, Importer
from jornada.directory.services.importers.findings import waiting_findings_link
from jornada.directory.services.refresh import NewEmployers, NewLink
from jornada.directory.services.writing import Upsert, chunks, existing_by, rows_for

CASE_FIELDS = (
    "programme",
    "fiscal_year",
    "status",
    "status_raw",
    "received_date",
    "decision_date",
    "period_begin",
    "period_end",
    "workers_requested",
    "workers_certified",
    "job_title",
    "soc_code",
    "soc_title",
    "crop",
    "naics_code",
    "wage_offered",
    "wage_offered_to",
    "wage_unit",
    "hours_per_week",
    "worksite_city",
    "worksite_county",
    "worksite_state",
    "worksite_postal_code",
    "agent_id",
    "is_fictional",
)
KNOWN_STATUSES = set(CaseStatus.values)
NEW_LINK_CASE_FIELDS = ("status", "fiscal_year", "programme", "worksite_state", "crop", "soc_title")
WRITE_EVERY = 2000
"""Rows of a main file resolved before their cases are written, while the file is still being read."""


def _status(record: H2ACase | H2BCase) -> str:
    code = record.status_code or ""
    return code if code in KNOWN_STATUSES else CaseStatus.OTHER


def _case_fields(record: H2ACase | H2BCase) -> dict[str, Any]:
    """A case's fields as the row gives them: all but its agent and whether it is fictional."""
    h2a = isinstance(record, H2ACase)
    return {
        "programme": Programme.H2A if h2a else Programme.H2B,
        "fiscal_year": record.fiscal_year,
        "status": _status(record),
        "status_raw": (record.case_status or "")[:120],
        "received_date": record.received_date,
        "decision_date": record.decision_date,
        "period_begin": record.certified_begin_date or record.requested_begin_date,
        "period_end": record.certified_end_date or record.requested_end_date,
        "workers_requested": record.workers_requested,
        "workers_certified": record.workers_certified,
        "job_title": (record.job_title or "")[:300],
        "soc_code": (record.soc_code or "")[:20],
        "soc_title": (record.soc_title or "")[:300],
        "crop": ((record.primary_crop if h2a else None) or "")[:200],  # type: ignore[union-attr]
        "naics_code": (record.naics_code or "")[:20],
        "wage_offered": record.wage_offered,
        "wage_offered_to": None if h2a else record.wage_offered_to,  # type: ignore[union-attr]
        "wage_unit": record.wage_unit or "",
        "hours_per_week": record.hours_per_week,
        "worksite_city": (record.worksite_city or "")[:120],
        "worksite_county": (record.worksite_county or "")[:120],
        "worksite_state": (record.worksite_state or "")[:60],
        "worksite_postal_code": (record.worksite_postal_code or "")[:20],
    }


class MainRow(NamedTuple):
    """A row of a main file as ``MainFileImporter.shape`` leaves it."""

    case_number: str
    is_sub: bool
    case: dict[str, Any]
    """The case's fields (``_case_fields``), without its agent."""
    link: dict[str, Any]
    """The employer's part in the case: role, workers, city and state as this row gives them."""
    employer: PublishedEmployer
    city: str | None
    state: str | None
    country: str | None
    agent: tuple[str, str, str] | None
    agent_name: str | None
    law_firm: str | None


class MainFileImporter(Importer):
    """H-2A and H-2B disclosure files: cases, the employers on them and their agents."""

    def __init__(self, context: ImportContext) -> None:
        super().__init__(context)
        self.rows: dict[str, list[MainRow]] = defaultdict(list)
        self.resolved: dict[tuple[str, int], Any] = {}
        # Cases are written in chunks while the file is still being read (see add).
        self.waiting: dict[str, None] = {}
        self.waiting_rows = 0
        self.written: set[str] = set()
        self.again: dict[str, None] = {}
        self.created: set[int] = set()
        self.stored: dict[str, None] = {}
        self.wanted_links: set[tuple[int, int, int]] = set()
        # What the employers this file creates are found on: their cases' places, crops, jobs.
        self.case_facts: dict[int, dict[str, Any]] = {}
        self.employer_links: dict[int, dict[tuple[int, int, int], int | None]] = defaultdict(dict)
        self.stale_links: dict[tuple[int, int, int], dict[str, Any]] = {}

    @staticmethod
    def shape(record: H2ACase | H2BCase) -> MainRow:
        is_sub = isinstance(record, H2ACase) and record.is_sub_employer
        return MainRow(
            case_number=record.case_number,
            is_sub=is_sub,
            case=_case_fields(record),
            link={
                "role": CaseEmployer.Role.SUB if is_sub else CaseEmployer.Role.PRIMARY,
                "workers_requested": record.workers_requested,
                "workers_certified": record.workers_certified,
                "city": (record.employer_city or "")[:120],
                "state": (record.employer_state or "")[:60],
            },
            employer=published_employer(
                record.employer_name,
                state=record.employer_state,
                country=record.employer_country,
                trade_name=record.employer_trade_name,
            ),
            city=record.employer_city,
            state=record.employer_state,
            country=record.employer_country,
            agent=agent_key(record.agent_attorney_name, record.law_firm_name, None),
            agent_name=record.agent_attorney_name,
            law_firm=record.law_firm_name,
        )

    def add(self, row: MainRow) -> None:
        # Resolved as it arrives, and written in chunks, while the rest of the file is still
        # being read (in a child). A new case is written once a chunk's rows are in and a later
        # case has begun (a case's rows are usually together); one that gets rows after it was
        # written is written again at the end, and so are cases stored by an earlier import.
        number = row.case_number
        rows = self.rows[number]
        self.resolved[(number, len(rows))] = self.context.employers.resolve_name(
            row.employer, state=row.state, city=row.city, country=row.country
        )
        rows.append(row)
        if number in self.written:
            self.again[number] = None
            return
        if number in self.stored:
            return
        if self.waiting_rows >= WRITE_EVERY and number not in self.waiting:
            self._write_cases(list(self.waiting), final=False)
            self.waiting = {}
            self.waiting_rows = 0
        self.waiting[number] = None
        self.waiting_rows += 1

    def finish(self) -> None:
        self._write_cases(list(dict.fromkeys([*self.waiting, *self.stored, *self.again])), final=True)
        self._delete_stale_links()
        employers = self.context.employers
        waiting_findings_link(self.context, employers.stats.new_ids)
        new = NewEmployers()
        for record, spellings in employers.created.items():
            employer_id = employers.record_id(record)
            new.records[employer_id] = record.values
            new.spellings[employer_id] = spellings
            new.links[employer_id] = [
                NewLink(
                    case_id=case_id,
                    workers_certified=workers,
                    **{name: self.case_facts[case_id][name] for name in NEW_LINK_CASE_FIELDS},
                )
                for (case_id, _name, _occurrence), workers in self.employer_links.get(employer_id, {}).items()
            ]
        self.context.new_employers = new

    def _write_cases(self, numbers: list[str], *, final: bool) -> None:
        """Write these cases (all of their rows so far) and their employer links.

        Before the end of the file (not ``final``), cases stored by an earlier import are left
        for the end: written from some of their rows, they would be changed and changed back.
        """
        existing = existing_by(Case, "case_number", numbers, fields=("id", *CASE_FIELDS))
        if not final:
            self.stored.update(
                dict.fromkeys(n for n, row in existing.items() if row["id"] not in self.created)
            )
            numbers = [number for number in numbers if number not in self.stored]
        if not numbers:
            return
        context = self.context
        employers, agents = context.employers, context.agents
        agent_keys: dict[str, Any] = {}
        for number in numbers:
            primary = self._primary(self.rows[number])
            agent_keys[number] = agents.resolve_key(primary.agent, primary.agent_name, primary.law_firm)
        employers.flush()
        agents.flush()

        cases = Upsert(Case, key=("case_number",))
        new_cases: dict[str, dict[str, Any]] = {}
        written: dict[str, dict[str, Any]] = {}
        updated = 0
        for number in numbers:
            values = written[number] = {
                **self._primary(self.rows[number]).case,
                "agent_id": agents.agent_id(agent_keys[number]),
                "is_fictional": context.fictional,
            }
            if number in existing:
                current = existing[number]
                previous_agent = current["agent_id"]
                if previous_agent is not None and previous_agent != values["agent_id"]:
                    agents.touched.add(previous_agent)  # its totals lose this case
                # A case this import created and now writes again was not "updated" by the file.
                updated += cases.update(current["id"], current, values) and current["id"] not in self.created
            else:
                new_cases[number] = cases.create(case_number=number, **values)
        cases.write()
        context.counts.created += len(new_cases)
        context.counts.updated += updated
        case_ids = {number: existing[number]["id"] for number in numbers if number in existing}
        for number, case in new_cases.items():
            case_ids[number] = int(case["id"])
            self.created.add(int(case["id"]))
        for number, case_id in case_ids.items():
            self.case_facts[case_id] = written[number]
        self.written.update(numbers)
        self._write_employers(case_ids, stored_ids=[existing[n]["id"] for n in numbers if n in existing])

    @staticmethod
    def _primary(rows: list[MainRow]) -> MainRow:
        """The row that describes the application: the association's, not a member farm's."""
        for row in rows:
            if not row.is_sub:
                return row
        return rows[0]

    def _write_employers(self, case_ids: dict[str, int], *, stored_ids: list[int]) -> None:
        """Write the employer links of these cases; ``stored_ids`` are those that were stored before."""
        context = self.context
        resolved = self.resolved
        employers = context.employers
        fields = (
            "id",
            "case_id",
            "employer_id",
            "employer_name_id",
            "occurrence",
            "role",
            "workers_requested",
            "workers_certified",
            "city",
            "state",
        )
        stored = CaseEmployer.objects.values(*fields)
        current: dict[tuple[int, int, int], dict[str, Any]] = {
            (row["case_id"], row["employer_name_id"], row["occurrence"]): row
            for row in rows_for(stored, "case_id", stored_ids, pick=itemgetter("case_id"))
        }
        links = Upsert(CaseEmployer)
        wanted_keys: set[tuple[int, int, int]] = set()
        for number, case_id in case_ids.items():
            rows = self.rows[number]
            occurrences: dict[int, int] = defaultdict(int)
            for position, row in enumerate(rows):
                ref = resolved[(number, position)]
                employer_id = employers.record_id(ref.key)
                name_id = employers.name_id(ref.normalised, ref.block)
                occurrences[name_id] += 1
                key = (case_id, name_id, occurrences[name_id])
                wanted_keys.add(key)
                values = {"employer_id": employer_id, **row.link}
                context.touched_employers.add(employer_id)
                self.employer_links[employer_id][key] = values["workers_certified"]
                if key in current:
                    links.update(current[key]["id"], current[key], values)
                else:
                    links.create(case_id=case_id, employer_name_id=name_id, occurrence=key[2], **values)
        # Links no row wants any more are deleted at the end: a case written before its last
        # rows have been read would otherwise lose the links of those rows, then make them anew.
        self.wanted_links.update(wanted_keys)
        self.stale_links.update((key, row) for key, row in current.items() if key not in wanted_keys)
        context.counts.add(links.write())

    def _delete_stale_links(self) -> None:
        stale = [row for key, row in self.stale_links.items() if key not in self.wanted_links]
        self.context.touched_employers.update(row["employer_id"] for row in stale)
        for chunk in chunks([row["id"] for row in stale]):
            CaseEmployer.objects.filter(id__in=chunk).delete()
        self.context.counts.deleted += len(stale)
