"""One importer per kind of DOL file: collect parsed records, then write them in bulk.

Importers never commit: ``imports.dol_file_import`` runs each file in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple

from django.db import models

from jornada.directory.dol import FileInfo, FileKind, RowError
from jornada.directory.dol.records import (
    AddendumAActivity,
    AddendumBHousing,
    AppendixAWorksite,
    AppendixCRecruiter,
    AppendixDClient,
    H2ACase,
    H2BCase,
)
from jornada.directory.dol.records import (
    Debarment as DebarmentRecord,
)
from jornada.directory.dol.records import (
    WhdCase as WhdRecord,
)
from jornada.directory.models import (
    Case,
    CaseActivity,
    CaseClient,
    CaseEmployer,
    CaseHousing,
    CaseRecruiter,
    CaseWorksite,
    Debarment,
    Employer,
    LinkReason,
    Programme,
    WhdCase,
)
from jornada.directory.models.cases import CaseStatus
from jornada.directory.models.enforcement import PROGRAMMES
from jornada.directory.services.entities import (
    AgentResolver,
    EmployerResolver,
    PublishedEmployer,
    RecruiterResolver,
    agent_key,
    published_employer,
)
from jornada.directory.services.refresh import NewEmployers, NewLink
from jornada.directory.services.writing import (
    Upsert,
    chunks,
    existing_by,
    fast_insert,
    items_key,
    model_defaults,
    row_key,
    rows_for,
)

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


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    def add(self, created_updated: tuple[int, int]) -> None:
        self.created += created_updated[0]
        self.updated += created_updated[1]


@dataclass
class ImportContext:
    """What the importers of one file share: resolvers, and which records were touched."""

    info: FileInfo
    fictional: bool
    _employers: EmployerResolver | None = None
    _recruiters: RecruiterResolver | None = None
    _agents: AgentResolver | None = None
    counts: Counts = field(default_factory=Counts)
    touched_employers: set[int] = field(default_factory=set)
    touched_recruiters: set[int] = field(default_factory=set)
    new_employers: NewEmployers | None = None
    """The employers a main file created, as written (``refresh.NewEmployers``)."""

    @property
    def employers(self) -> EmployerResolver:
        if self._employers is None:
            self._employers = EmployerResolver(fictional=self.fictional)
        return self._employers

    @property
    def recruiters(self) -> RecruiterResolver:
        if self._recruiters is None:
            self._recruiters = RecruiterResolver(fictional=self.fictional)
        return self._recruiters

    @property
    def agents(self) -> AgentResolver:
        if self._agents is None:
            self._agents = AgentResolver(fictional=self.fictional)
        return self._agents

    def case_ids(self, numbers: Iterable[str], programme: str) -> dict[str, int]:
        """Return the ids of these cases, creating a bare case for numbers seen for the first time."""
        wanted = list(dict.fromkeys(numbers))
        existing = existing_by(Case, "case_number", wanted, fields=("id", "fiscal_year"))
        defaults = model_defaults(Case)
        stubs = [
            {
                **defaults,
                "case_number": number,
                "programme": programme,
                "fiscal_year": self.info.fiscal_year,
                "is_fictional": self.fictional,
            }
            for number in wanted
            if number not in existing
        ]
        fast_insert(Case, stubs, key=("case_number",))
        self.counts.created += len(stubs)
        ids = {number: row["id"] for number, row in existing.items()}
        ids.update({case["case_number"]: int(case["id"]) for case in stubs})
        return ids


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


class Importer:
    kind: FileKind

    def __init__(self, context: ImportContext) -> None:
        self.context = context

    @staticmethod
    def shape(record: Any) -> Any:
        """What ``add`` takes for a parsed record: the part of its import that needs nothing stored.

        It runs where the file is read, in the child process of ``dol.background`` while this
        one resolves and writes the rows before it, so it must be pure: no database, no state.
        """
        return record

    @classmethod
    def shaped(cls, rows: Iterator[Any]) -> Iterator[Any]:
        """The file's parsed rows as ``add`` takes them (a ``dol.background.Shaper``'s stream).

        Each record is shaped on its own; RowErrors pass as they are. Like ``shape``, it runs
        in the reading child.
        """
        shape = cls.shape
        for item in rows:
            yield item if isinstance(item, RowError) else shape(item)

    @staticmethod
    def rows_in(item: Any) -> int:
        """How many of the file's rows an item given to ``add`` stands for."""
        return 1

    def add(self, item: Any) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        raise NotImplementedError


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


class DetailRow(NamedTuple):
    """An appendix row as ``DetailImporter.shape`` leaves it (or several, gathered into one)."""

    case_number: str
    key: str
    """``items_key(values)``: the row is stored once per case, whatever the order of the file."""
    values: dict[str, Any]
    rows: int = 1


class DetailImporter(Importer):
    """Appendix rows about cases, replaced per case when their content changes."""

    model: type[models.Model]
    programme: str

    def __init__(self, context: ImportContext) -> None:
        super().__init__(context)
        self.rows: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)

    @staticmethod
    def values(record: Any) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def shape(cls, record: Any) -> DetailRow:
        values = cls.values(record)
        return DetailRow(record.case_number, items_key(values), values)

    @staticmethod
    def rows_in(item: DetailRow) -> int:
        return item.rows

    def add(self, item: DetailRow) -> None:
        self.rows[item.case_number][item.key] = item.values

    def finish(self) -> None:
        context = self.context
        self.prepare()
        case_ids = context.case_ids(self.rows, self.programme)
        current: dict[int, set[str]] = defaultdict(set)
        current_ids: dict[tuple[int, str], int] = {}
        stored = self.model._default_manager.values_list("case_id", "id", "row_key")
        for case_id, pk, key in rows_for(stored, "case_id", case_ids.values()):
            current[case_id].add(key)
            current_ids[(case_id, key)] = pk
        creates: list[dict[str, Any]] = []
        stale: list[int] = []
        for number, rows in self.rows.items():
            case_id = case_ids[number]
            for key, values in rows.items():
                if key not in current[case_id]:
                    creates.append({"case_id": case_id, "row_key": key, **self.resolve(values)})
            stale.extend(current_ids[(case_id, key)] for key in current[case_id] - rows.keys())
        fast_insert(self.model, creates)
        for chunk in chunks(stale):
            self.model._default_manager.filter(id__in=chunk).delete()
        context.counts.created += len(creates)
        context.counts.deleted += len(stale)
        self.touch(case_ids.values())

    def prepare(self) -> None:
        """Resolve related records before writing (recruiters)."""

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        return values

    def touch(self, case_ids: Iterable[int]) -> None:
        """Note the employers whose profiles these rows change."""
        links = CaseEmployer.objects.values_list("case_id", "employer_id")
        self.context.touched_employers.update(
            employer_id for _case, employer_id in rows_for(links, "case_id", case_ids)
        )


class AddendumAImporter(DetailImporter):
    model = CaseActivity
    programme = Programme.H2A

    @staticmethod
    def values(record: AddendumAActivity) -> dict[str, Any]:
        return {
            "activity": record.crop_activity[:300],
            "wage_offer": record.wage_offer,
            "wage_unit": record.wage_unit or "",
            "special_pay": (record.special_pay or "")[:500],
        }


class AddendumBImporter(DetailImporter):
    model = CaseHousing
    programme = Programme.H2A

    @staticmethod
    def values(record: AddendumBHousing) -> dict[str, Any]:
        return {
            "housing_type": (record.housing_type or "")[:120],
            "city": (record.city or "")[:120],
            "county": (record.county or "")[:120],
            "state": (record.state or "")[:60],
            "postal_code": (record.postal_code or "")[:20],
            "total_units": record.total_units,
            "total_occupancy": record.total_occupancy,
            "standards_local": record.standards_local,
            "standards_state": record.standards_state,
            "standards_federal": record.standards_federal,
        }


class AppendixAImporter(DetailImporter):
    model = CaseWorksite
    programme = Programme.H2B

    @staticmethod
    def values(record: AppendixAWorksite) -> dict[str, Any]:
        return {
            "city": (record.worksite_city or "")[:120],
            "county": (record.worksite_county or "")[:120],
            "state": (record.worksite_state or "")[:60],
            "area_title": (record.area_title or "")[:300],
            "total_workers": record.total_workers,
            "begin_date": record.begin_date,
            "end_date": record.end_date,
            "wage_from": record.wage_from,
            "wage_to": record.wage_to,
            "wage_unit": record.wage_unit or "",
        }


class AppendixDImporter(DetailImporter):
    """Employer clients of job contractors. Contact persons, phones and e-mails never get here."""

    model = CaseClient
    programme = Programme.H2B

    @staticmethod
    def values(record: AppendixDClient) -> dict[str, Any]:
        return {
            "legal_name": record.legal_name[:300],
            "trade_name": (record.trade_name or "")[:300],
            "city": (record.city or "")[:120],
            "state": (record.state or record.province or "")[:60],
            "country": (record.country or "")[:60],
        }


class AppendixCImporter(DetailImporter):
    """Foreign labour recruiters per case: organisations (or lone recruiters), offices, people.

    DOL lists one row per person; the rows of one case, recruiter spelling and office become
    one link naming those people, so that a later quarter adding a person replaces that link.
    """

    model = CaseRecruiter
    programme = Programme.H2B

    @staticmethod
    def values(record: AppendixCRecruiter) -> dict[str, Any]:
        return {
            "recruiter": (record.organisation_name or _person(record))[:300],
            "individual": not record.organisation_name,
            "city": record.city,
            "state": record.state_or_province,
            "country": record.country,
        }

    @classmethod
    def shaped(cls, rows: Iterator[Any]) -> Iterator[DetailRow | RowError | None]:
        """Rows gathered into links: yields None for each row taken in, then the links."""
        # case number → the link's values as a tuple → (values, people, rows taken in)
        links: dict[str, dict[tuple[Any, ...], tuple[dict[str, Any], set[str], list[int]]]]
        links = defaultdict(dict)
        for item in rows:
            if isinstance(item, RowError):
                yield item
                continue
            values = cls.values(item)
            _values, people, count = links[item.case_number].setdefault(
                tuple(values.values()), (values, set(), [0])
            )
            # A recruiter listed without an organisation is the person itself.
            person = values["recruiter"] if values["individual"] else _person(item)[:300]
            if person:
                people.add(person)
            count[0] += 1
            yield None
        for number, by_link in links.items():
            for values, people, count in by_link.values():
                link = {**values, "people": "\n".join(sorted(people))}
                yield DetailRow(number, items_key(link), link, count[0])

    def prepare(self) -> None:
        recruiters = self.context.recruiters
        self.refs: dict[tuple[str, bool, Any], Any] = {}
        for rows in self.rows.values():
            for values in rows.values():
                lookup = (values["recruiter"], values["individual"], values["country"])
                if lookup not in self.refs:
                    self.refs[lookup] = recruiters.resolve(
                        values["recruiter"],
                        individual=values["individual"],
                        city=values["city"],
                        state=values["state"],
                        country=values["country"],
                    )
                ref = self.refs[lookup]
                recruiters.office(ref, values["city"], values["state"], values["country"])
                for person in values["people"].splitlines():
                    recruiters.person(ref, person)
        recruiters.flush()

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        recruiters = self.context.recruiters
        ref = self.refs[(values["recruiter"], values["individual"], values["country"])]
        recruiter_id = recruiters.record_id(ref.key)
        self.context.touched_recruiters.add(recruiter_id)
        return {
            "recruiter_id": recruiter_id,
            "recruiter_name_id": recruiters.name_id(ref.normalised, ref.block),
            "office_id": recruiters.office_id(ref, values["city"], values["state"], values["country"]),
            "people": values["people"],
        }

    def finish(self) -> None:
        super().finish()
        # Recruiters whose links were replaced are touched too: their counts may have dropped.
        for rows in self.rows.values():
            for values in rows.values():
                ref = self.refs[(values["recruiter"], values["individual"], values["country"])]
                self.context.touched_recruiters.add(self.context.recruiters.record_id(ref.key))


def _person(record: AppendixCRecruiter) -> str:
    """The person's name as DOL splits it, joined again."""
    return " ".join(
        part
        for part in (record.person_first_name, record.person_middle_name, record.person_last_name)
        if part
    )


def _linkable(
    context: ImportContext, name: str, trade: str | None, state: str | None
) -> tuple[int | None, str, float | None]:
    """Link a WHD case or debarment to an existing employer by its names; never create one."""
    for candidate in (name, trade):
        if not candidate:
            continue
        resolution = context.employers.match_existing(candidate, state=state)
        if resolution.key is not None:
            return context.employers.record_id(resolution.key), str(resolution.reason), resolution.score
    return None, "", None


def waiting_findings_link(context: ImportContext, employer_ids: set[int]) -> None:
    """Link enforcement findings that were imported before their employer existed.

    WHISARD and the debarment list may arrive before an employer's disclosure file. When a file
    creates employers, the unlinked findings of their states are matched again; one that staff
    unlinked on purpose (reason "manual") is left alone.
    """
    if not employer_ids:
        return
    employer_states = rows_for(Employer.objects.values_list("id", "state"), "id", employer_ids)
    states = {state for _id, state in employer_states if state}
    for model, name, trade in ((WhdCase, "legal_name", "trade_name"), (Debarment, "name", None)):
        fields = [
            "id",
            name,
            *([trade] if trade else []),
            "state",
            "employer_id",
            "link_reason",
            "link_score",
        ]
        waiting = (
            model._default_manager.filter(employer__isnull=True, state__in=states)
            .exclude(link_reason=LinkReason.MANUAL)
            .values(*fields)
        )
        links = Upsert(model)
        for row in waiting.iterator(chunk_size=5000):
            employer_id, reason, score = _linkable(
                context, row[name], row[trade] if trade else None, row["state"]
            )
            if employer_id is not None:
                links.update(
                    row["id"], row, {"employer_id": employer_id, "link_reason": reason, "link_score": score}
                )
                context.touched_employers.add(employer_id)
        context.counts.add(links.write())


class WhdImporter(Importer):
    """Wage and Hour enforcement cases with findings under H-2A, H-2B, MSPA or FLSA."""

    def __init__(self, context: ImportContext) -> None:
        super().__init__(context)
        self.records: dict[str, WhdRecord] = {}

    def add(self, record: WhdRecord) -> None:
        self.records[record.case_id] = record

    def finish(self) -> None:
        context = self.context
        existing = existing_by(
            WhdCase, "case_id", self.records, fields=("id", "employer_id", *self._fields())
        )
        cases = Upsert(WhdCase)
        for case_id, record in self.records.items():
            employer_id, reason, score = _linkable(
                context, record.legal_name, record.trade_name, record.state
            )
            values = self._values(record)
            current = existing.get(case_id)
            if current is not None and current["link_reason"] == "manual":
                employer_id, reason, score = current["employer_id"], "manual", current["link_score"]
            values.update(employer_id=employer_id, link_reason=reason, link_score=score)
            if employer_id:
                context.touched_employers.add(employer_id)
            if current is not None:
                if current["employer_id"]:
                    context.touched_employers.add(current["employer_id"])
                cases.update(current["id"], current, values)
            else:
                cases.create(case_id=case_id, **values)
        context.counts.add(cases.write())

    @staticmethod
    def _fields() -> tuple[str, ...]:
        findings = tuple(
            f"{programme}_{measure}"
            for programme in PROGRAMMES
            for measure in ("violations", "back_wages", "employees_owed", "penalties")
        )
        return (
            "legal_name",
            "trade_name",
            "city",
            "state",
            "postal_code",
            "naics_code",
            "naics_description",
            "findings_start",
            "findings_end",
            "link_reason",
            "link_score",
            "is_fictional",
            *findings,
        )

    def _values(self, record: WhdRecord) -> dict[str, Any]:
        values: dict[str, Any] = {
            "legal_name": record.legal_name[:300],
            "trade_name": (record.trade_name or "")[:300],
            "city": (record.city or "")[:120],
            "state": (record.state or "")[:60],
            "postal_code": (record.postal_code or "")[:20],
            "naics_code": (record.naics_code or "")[:20],
            "naics_description": (record.naics_description or "")[:300],
            "findings_start": record.findings_start_date,
            "findings_end": record.findings_end_date,
            "is_fictional": self.context.fictional,
        }
        for programme in PROGRAMMES:
            found = getattr(record, programme)
            values[f"{programme}_violations"] = found.violations
            values[f"{programme}_back_wages"] = found.back_wages
            values[f"{programme}_employees_owed"] = found.employees_owed
            values[f"{programme}_penalties"] = found.civil_penalties
        return values


class DebarmentImporter(Importer):
    def __init__(self, context: ImportContext) -> None:
        super().__init__(context)
        self.records: dict[str, DebarmentRecord] = {}

    def add(self, record: DebarmentRecord) -> None:
        key = row_key(record.name, ",".join(record.programmes), record.start_date, record.state)
        self.records[key] = record

    def finish(self) -> None:
        context = self.context
        fields = (
            "id",
            "employer_id",
            "name",
            "city",
            "state",
            "programmes",
            "start_date",
            "end_date",
            "violation",
            "link_reason",
            "link_score",
            "is_fictional",
        )
        existing = existing_by(Debarment, "row_key", self.records, fields=fields)
        rows = Upsert(Debarment)
        for key, record in self.records.items():
            employer_id, reason, score = _linkable(context, record.name, None, record.state)
            current = existing.get(key)
            if current is not None and current["link_reason"] == "manual":
                employer_id, reason, score = current["employer_id"], "manual", current["link_score"]
            values = {
                "name": record.name[:300],
                "city": (record.city or "")[:120],
                "state": (record.state or "")[:60],
                "programmes": ",".join(record.programmes)[:40],
                "start_date": record.start_date,
                "end_date": record.end_date,
                "violation": record.violation or "",
                "employer_id": employer_id,
                "link_reason": reason,
                "link_score": score,
                "is_fictional": context.fictional,
            }
            if employer_id:
                context.touched_employers.add(employer_id)
            if current is not None:
                if current["employer_id"]:
                    context.touched_employers.add(current["employer_id"])
                rows.update(current["id"], current, values)
            else:
                rows.create(row_key=key, **values)
        context.counts.add(rows.write())


IMPORTERS: dict[FileKind, type[Importer]] = {
    FileKind.H2A_MAIN: MainFileImporter,
    FileKind.H2B_MAIN: MainFileImporter,
    FileKind.H2A_ADDENDUM_A: AddendumAImporter,
    FileKind.H2A_ADDENDUM_B: AddendumBImporter,
    FileKind.H2B_APPENDIX_A: AppendixAImporter,
    FileKind.H2B_APPENDIX_C: AppendixCImporter,
    FileKind.H2B_APPENDIX_D: AppendixDImporter,
    FileKind.WHD: WhdImporter,
    FileKind.DEBARMENTS: DebarmentImporter,
}


def row_shaper(info: FileInfo) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """How the rows of this kind of file are shaped for its importer (``Importer.shaped``)."""
    return IMPORTERS[info.kind].shaped
