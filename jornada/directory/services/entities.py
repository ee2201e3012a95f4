"""Finding or creating employers, recruiters and agents while a file is imported.

Each resolver loads the known spellings once, resolves every row in memory, and writes new
records and new spellings in bulk at the end (``flush``), inside the import's transaction.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from django.utils import timezone

from jornada.directory.dol.names import normalise_name, split_dba
from jornada.directory.models import (
    Agent,
    Employer,
    EmployerName,
    LinkReason,
    NameKind,
    Recruiter,
    RecruiterName,
    RecruiterOffice,
    RecruiterPerson,
)
from jornada.directory.services.resolution import NameIndex, Resolution
from jornada.directory.services.writing import fast_insert, model_defaults

SLUG_LENGTH = 100


class SlugMaker:
    """Unique, readable address names: ``green-valley-farms-nc``, then ``-2``, ``-3``…"""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken

    def make(self, name: str, place: str = "") -> str:
        return self.claim(slug_base(name, place))

    def claim(self, base: str) -> str:
        """The first free slug from ``base`` (see :func:`slug_base`), taken from now on."""
        candidate = base
        for number in itertools.count(2):
            if candidate not in self.taken:
                break
            candidate = f"{base}-{number}"
        self.taken.add(candidate)
        return candidate


def slug_base(name: str, place: str = "") -> str:
    """A record's address name before it is made unique: ``green-valley-farms-nc``."""
    base = _slugify(name)[:SLUG_LENGTH].strip("-") or "sin-nombre"
    if place:
        base = f"{base}-{_slugify(place)[:20]}".strip("-")
    return base


_NOT_SLUG_RE = re.compile(r"[^\w\s-]")
_SLUG_GAPS_RE = re.compile(r"[-\s]+")


def _slugify(value: str) -> str:
    """Django's ``slugify``, for plain strings, without its checks for lazy text (half its time).

    A file's import makes one for every row; a test holds it to Django's on real names.
    """
    if not value.isascii():
        value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return _SLUG_GAPS_RE.sub("-", _NOT_SLUG_RE.sub("", value.lower())).strip("-_")


@dataclass
class NewRecord:
    """A record created during this import; ``values["id"]`` is set by ``flush``."""

    values: dict[str, Any]
    number: int

    def __hash__(self) -> int:
        return hash(("new", self.number))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NewRecord) and other.number == self.number


@dataclass
class ResolverStats:
    created: int = 0
    linked: int = 0
    new_ids: set[int] = field(default_factory=set)


class _NamedResolver:
    """What employer and recruiter resolution share: spellings, links and bulk creation."""

    record_model: type[Employer] | type[Recruiter]
    name_model: type[EmployerName] | type[RecruiterName]
    fk: str

    def __init__(self, *, fictional: bool) -> None:
        self.fictional = fictional
        rows = self.name_model.objects.values_list("normalised", "block", "kind", f"{self.fk}_id", "id")
        self.index = NameIndex()
        self.name_ids: dict[tuple[str, str, str], int] = {}
        for normalised, block, kind, record_id, name_id in rows.iterator(chunk_size=5000):
            self.index.add(normalised, block, kind, record_id)
            self.name_ids[(normalised, block, kind)] = name_id
        self.slugs = SlugMaker(set(self.record_model.objects.values_list("slug", flat=True)))
        self.defaults = model_defaults(self.record_model)
        # One moment for every spelling this import links: they are linked by the same run.
        self.linked_at = timezone.now()
        self.new_records: list[NewRecord] = []
        self.new_names: list[tuple[Hashable, dict[str, Any]]] = []
        self.stats = ResolverStats()
        # Every record this import created, in order, with its normalised spellings (flushed or not).
        self.created: dict[NewRecord, list[str]] = {}

    def _new_record(self, **values: Any) -> NewRecord:
        row = {**self.defaults, "is_fictional": self.fictional, **values}
        # Numbered over the whole import: new records are written in several flushes.
        record = NewRecord(row, self.stats.created)
        self.new_records.append(record)
        self.created[record] = []
        self.stats.created += 1
        return record

    def _add_name(
        self, key: Hashable, published: str, normalised: str, block: str, kind: str, resolution: Resolution
    ) -> None:
        if (normalised, block, kind) in self.name_ids or self.index.known(
            normalised, block, kind
        ) is not None:
            return
        self.index.add(normalised, block, kind, key)
        name = {
            "name": published[:300],
            "normalised": normalised[:300],
            "kind": kind,
            "block": block,
            "link_reason": resolution.reason,
            "link_score": resolution.score,
            "linked_at": self.linked_at,
        }
        self.new_names.append((key, name))
        if isinstance(key, NewRecord):
            self.created[key].append(normalised[:300])
        if resolution.reason == LinkReason.SIMILAR:
            self.stats.linked += 1

    def record_id(self, key: Hashable) -> int:
        """The database id of a resolved record (after ``flush`` for new ones)."""
        if isinstance(key, NewRecord):
            return int(key.values["id"])
        return int(key)  # type: ignore[call-overload]

    def name_id(self, normalised: str, block: str, kind: str = NameKind.LEGAL) -> int:
        return self.name_ids[(normalised, block, kind)]

    def flush(self) -> None:
        """Write new records and new spellings; afterwards every key has a database id."""
        if self.new_records:
            fast_insert(self.record_model, [record.values for record in self.new_records], key=("slug",))
            self.stats.new_ids.update(int(record.values["id"]) for record in self.new_records)
        names = []
        for key, name in self.new_names:
            name[f"{self.fk}_id"] = self.record_id(key)
            names.append(name)
        if names:
            fast_insert(self.name_model, names, key=("normalised", "block", "kind"))
            for name in names:
                self.name_ids[(name["normalised"], name["block"], name["kind"])] = int(name["id"])
        # The index keeps the NewRecord keys: record_id() reads their ids from now on.
        self.new_records = []
        self.new_names = []


@dataclass(frozen=True)
class EmployerRef:
    key: Hashable
    normalised: str
    block: str


class PublishedEmployer(NamedTuple):
    """What resolving a published employer name needs that depends on nothing stored.

    Made by :func:`published_employer` when a row is shaped (``Importer.shape``).
    """

    legal: str
    normalised: str
    block: str
    slug: str
    trades: tuple[tuple[str, str], ...]
    """Other names published with it, each with its normalised form (never the legal name's)."""


@lru_cache(maxsize=65536)
def published_employer(
    published: str, *, state: str | None, country: str | None = None, trade_name: str | None = None
) -> PublishedEmployer:
    """Split and normalise an employer's published name (and trade name) for resolution.

    Kept for names seen again: an employer's name is on each of its cases, and a file has
    thousands of them.
    """
    split = split_dba(published)
    legal = split.legal or published
    normalised = normalise_name(legal)
    trades = list(split.trade_names)
    if trade_name:
        trades.extend(split_dba(trade_name).all)
    return PublishedEmployer(
        legal=legal,
        normalised=normalised,
        block=(state or country or "").upper()[:60],
        slug=slug_base(legal, state or ""),
        trades=tuple(
            (trade, trade_normalised)
            for trade in trades
            if (trade_normalised := normalise_name(trade)) and trade_normalised != normalised
        ),
    )


class EmployerResolver(_NamedResolver):
    record_model = Employer
    name_model = EmployerName
    fk = "employer"

    def resolve(
        self,
        published: str,
        *,
        state: str | None,
        city: str | None = None,
        country: str | None = None,
        trade_name: str | None = None,
    ) -> EmployerRef:
        """Return the employer a published name belongs to, creating it when none matches."""
        name = published_employer(published, state=state, country=country, trade_name=trade_name)
        return self.resolve_name(name, state=state, city=city, country=country)

    def resolve_name(
        self, name: PublishedEmployer, *, state: str | None, city: str | None, country: str | None
    ) -> EmployerRef:
        """``resolve`` for a name already split and normalised (:func:`published_employer`)."""
        legal, normalised, block = name.legal, name.normalised, name.block
        resolution = self.index.resolve(legal, block, normalised=normalised)
        key: Hashable
        if resolution.key is None:
            key = self._new_record(
                name=legal[:300],
                normalised_name=normalised[:300],
                slug=self.slugs.claim(name.slug),
                city=(city or "")[:120],
                state=(state or "")[:60],
                country=(country or "")[:60],
            )
        else:
            key = resolution.key
        self._add_name(key, legal, normalised, block, NameKind.LEGAL, resolution)
        if name.trades:
            together = Resolution(key, LinkReason.PUBLISHED_TOGETHER, 1.0)
            for trade, trade_normalised in name.trades:
                self._add_name(key, trade, trade_normalised, block, NameKind.TRADE, together)
        return EmployerRef(key, normalised, block)

    def match_existing(self, published: str, *, state: str | None) -> Resolution:
        """Find an existing employer for a name (WHD cases, debarments) without creating one."""
        legal = split_dba(published).legal or published
        return self.index.resolve(legal, (state or "").upper()[:60])


@dataclass(frozen=True)
class RecruiterRef:
    key: Hashable
    normalised: str
    block: str


class RecruiterResolver(_NamedResolver):
    """Recruiters are blocked by country: one organisation, however many offices it has there."""

    record_model = Recruiter
    name_model = RecruiterName
    fk = "recruiter"

    def __init__(self, *, fictional: bool) -> None:
        super().__init__(fictional=fictional)
        self.offices: dict[tuple[int, str, str, str], int] = {
            (recruiter_id, city, state, country): office_id
            for office_id, recruiter_id, city, state, country in RecruiterOffice.objects.values_list(
                "id", "recruiter_id", "city", "state", "country"
            ).iterator(chunk_size=5000)
        }
        self.people: dict[tuple[int, str], int] = {
            (recruiter_id, name): person_id
            for person_id, recruiter_id, name in RecruiterPerson.objects.values_list(
                "id", "recruiter_id", "name"
            ).iterator(chunk_size=5000)
        }
        self.pending_offices: dict[tuple[Hashable, str, str, str], dict[str, Any]] = {}
        self.pending_people: dict[tuple[Hashable, str], dict[str, Any]] = {}

    def resolve(
        self, published: str, *, individual: bool, city: str | None, state: str | None, country: str | None
    ) -> RecruiterRef:
        normalised = normalise_name(published)
        block = (country or "").upper()[:60]
        resolution = self.index.resolve(published, block, normalised=normalised)
        key: Hashable
        if resolution.key is None:
            key = self._new_record(
                name=published[:300],
                normalised_name=normalised[:300],
                slug=self.slugs.make(published, country or ""),
                kind=Recruiter.Kind.INDIVIDUAL if individual else Recruiter.Kind.ORGANISATION,
                city=(city or "")[:120],
                state=(state or "")[:60],
                country=(country or "")[:60],
            )
        else:
            key = resolution.key
        self._add_name(key, published, normalised, block, NameKind.LEGAL, resolution)
        return RecruiterRef(key, normalised, block)

    def office(self, ref: RecruiterRef, city: str | None, state: str | None, country: str | None) -> None:
        place = ((city or "")[:120], (state or "")[:60], (country or "")[:60])
        if (ref.key, *place) not in self.pending_offices:
            self.pending_offices[(ref.key, *place)] = {
                "city": place[0],
                "state": place[1],
                "country": place[2],
            }

    def person(self, ref: RecruiterRef, name: str) -> None:
        if (ref.key, name) not in self.pending_people:
            self.pending_people[(ref.key, name)] = {"name": name[:300]}

    def flush(self) -> None:
        super().flush()
        offices = []
        for (key, city, state, country), office in self.pending_offices.items():
            recruiter_id = self.record_id(key)
            if (recruiter_id, city, state, country) not in self.offices:
                offices.append({"recruiter_id": recruiter_id, **office})
        fast_insert(RecruiterOffice, offices, key=("recruiter_id", "city", "state", "country"))
        for office in offices:
            self.offices[(office["recruiter_id"], office["city"], office["state"], office["country"])] = (
                office["id"]
            )
        people = []
        for (key, name), person in self.pending_people.items():
            recruiter_id = self.record_id(key)
            if (recruiter_id, name[:300]) not in self.people:
                people.append({"recruiter_id": recruiter_id, **person})
        fast_insert(RecruiterPerson, people, key=("recruiter_id", "name"))
        for person in people:
            self.people[(person["recruiter_id"], person["name"])] = person["id"]
        self.pending_offices = {}
        self.pending_people = {}

    def office_id(
        self, ref: RecruiterRef, city: str | None, state: str | None, country: str | None
    ) -> int | None:
        return self.offices.get(
            (self.record_id(ref.key), (city or "")[:120], (state or "")[:60], (country or "")[:60])
        )


def agent_key(name: str | None, firm: str | None, state: str | None) -> tuple[str, str, str] | None:
    """How an agent is matched: normalised name, normalised firm, state; None without either name."""
    if not name and not firm:
        return None
    return (normalise_name(name or ""), normalise_name(firm or ""), (state or "")[:60])


class AgentResolver:
    """Agents and attorneys are matched exactly (name, firm, state): they are context, not subjects."""

    def __init__(self, *, fictional: bool) -> None:
        self.fictional = fictional
        self.known: dict[tuple[str, str, str], int] = {
            (name, firm, state): agent_id
            for agent_id, name, firm, state in Agent.objects.values_list(
                "id", "normalised_name", "normalised_firm", "state"
            ).iterator(chunk_size=5000)
        }
        self.slugs = SlugMaker(set(Agent.objects.values_list("slug", flat=True)))
        self.pending: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.touched: set[int] = set()

    def resolve(self, name: str | None, firm: str | None, state: str | None) -> tuple[str, str, str] | None:
        return self.resolve_key(agent_key(name, firm, state), name, firm)

    def resolve_key(
        self, key: tuple[str, str, str] | None, name: str | None, firm: str | None
    ) -> tuple[str, str, str] | None:
        """``resolve`` for a key already made by :func:`agent_key`."""
        if key is None:
            return None
        if key not in self.known and key not in self.pending:
            self.pending[key] = {
                **model_defaults(Agent),
                "name": (name or firm or "")[:300],
                "normalised_name": key[0][:300],
                "firm": (firm or "")[:300],
                "normalised_firm": key[1][:300],
                "state": key[2],
                "slug": self.slugs.make(name or firm or "", key[2]),
                "is_fictional": self.fictional,
            }
        return key

    def flush(self) -> None:
        agents = list(self.pending.values())
        fast_insert(Agent, agents, key=("slug",))
        for key, agent in self.pending.items():
            self.known[key] = int(agent["id"])
        self.pending = {}

    def agent_id(self, key: tuple[str, str, str] | None) -> int | None:
        if key is None:
            return None
        agent_id = self.known[key]
        self.touched.add(agent_id)
        return agent_id
