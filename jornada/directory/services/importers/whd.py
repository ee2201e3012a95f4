"""Wage and Hour Division enforcement cases (WHISARD)."""

from __future__ import annotations

from typing import Any

from jornada.directory.dol.records import WhdCase as WhdRecord
from jornada.directory.models import WhdCase
from jornada.directory.models.enforcement import PROGRAMMES
from jornada.directory.services.importers.base import ImportContext, Importer
from jornada.directory.services.importers.findings import linked_employer
from jornada.directory.services.writing import Upsert, existing_by


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
            employer_id, reason, score = linked_employer(
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
