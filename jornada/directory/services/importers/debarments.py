"""The H-2A and H-2B debarment lists."""

from __future__ import annotations

from jornada.directory.dol.records import Debarment as DebarmentRecord
from jornada.directory.models import Debarment
from jornada.directory.services.importers.base import ImportContext, Importer
from jornada.directory.services.importers.findings import linked_employer
from jornada.directory.services.writing import Upsert, existing_by, row_key


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
            employer_id, reason, score = linked_employer(context, record.name, None, record.state)
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
