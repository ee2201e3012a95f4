"""H-2A Addenda A and B, H-2B Appendices A, C and D: rows about cases, replaced per case when their
content changes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from django.db import models

from jornada.directory.dol import RowError
from jornada.directory.dol.records import (
    AddendumAActivity,
    AddendumBHousing,
    AppendixAWorksite,
    AppendixCRecruiter,
    AppendixDClient,
)
from jornada.directory.models import (
    CaseActivity,
    CaseClient,
    CaseEmployer,
    CaseHousing,
    CaseRecruiter,
    CaseWorksite,
    Programme,
)
from jornada.directory.services.importers.base import ImportContext, Importer
from jornada.directory.services.writing import chunks, fast_insert, items_key, rows_for


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
    def shaped(cls, rows: Iterator[Any]) -> Iterator[DetailRow | RowError]:
        """Rows gathered into links: RowErrors as they come, then the links."""
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
