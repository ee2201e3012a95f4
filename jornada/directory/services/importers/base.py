"""What every importer shares: the context of one file's import (resolvers, what was touched)
and the ``Importer`` interface."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jornada.directory.dol import FileInfo, FileKind, RowError
from jornada.directory.models import Case
from jornada.directory.services.entities import AgentResolver, EmployerResolver, RecruiterResolver
from jornada.directory.services.refresh import NewEmployers
from jornada.directory.services.writing import existing_by, fast_insert, model_defaults


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


class Importer:
    kind: FileKind

    def __init__(self, context: ImportContext) -> None:
        self.context = context

    @staticmethod
    def shape(record: Any) -> Any:
        """What ``add`` takes for a parsed record: the part of its import that needs nothing stored."""
        return record

    @classmethod
    def shaped(cls, rows: Iterator[Any]) -> Iterator[Any]:
        """The file's parsed rows as ``add`` takes them: each record shaped, RowErrors as they are."""
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
