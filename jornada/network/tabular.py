"""HSDS 3.0 tabular data packages: a ``datapackage.json`` and one CSV file per table, in and out.

``datapackage_read`` turns a package into the nested records ``hsds_import`` takes, remembering
which file and row each record came from, so that every problem (here or in the importer) names
the file, the row and the field. ``datapackage_write`` writes the directory's HSDS export as such
a package. Tables Jornada does not keep (contacts, programs, funding…) are read past.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from jornada.network.imports import ImportRefused, ImportReport, Problem, hsds_import

# table: [(list in the nested record, child table, the child's column naming its parent)]
CHILDREN: dict[str, list[tuple[str, str, str]]] = {
    "organization": [
        ("phones", "phone", "organization_id"),
        ("locations", "location", "organization_id"),
        ("services", "service", "organization_id"),
    ],
    "location": [
        ("languages", "language", "location_id"),
        ("phones", "phone", "location_id"),
        ("schedules", "schedule", "location_id"),
        ("addresses", "address", "location_id"),
    ],
    "service": [
        ("phones", "phone", "service_id"),
        ("schedules", "schedule", "service_id"),
        ("service_areas", "service_area", "service_id"),
        ("service_at_locations", "service_at_location", "service_id"),
        ("languages", "language", "service_id"),
        ("cost_options", "cost_option", "service_id"),
        ("required_documents", "required_document", "service_id"),
        ("attributes", "attribute", "link_id"),
    ],
}
TABLES = (
    "organization",
    "taxonomy_term",
    *sorted({child for rows in CHILDREN.values() for _l, child, _k in rows}),
)
# Each child table's parent columns, the most specific first: a phone of a service also names its
# organisation in some exports, but belongs to the service.
PARENT_COLUMNS = {
    table: [
        key
        for parent in ("service", "location", "organization")
        for _l, child, key in CHILDREN[parent]
        if child == table
    ]
    for table in TABLES
}
MAX_ROWS = 200_000
SEGMENT = re.compile(r"^(\w+)(?:\[(\d+)\])?$")


@dataclass
class Package:
    """What a data package holds, nested as ``hsds_import`` takes it, and where each record came from."""

    organizations: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)
    origins: dict[int, tuple[str, int]] = field(default_factory=dict)

    def data(self) -> dict[str, Any]:
        return {"organizations": self.organizations, "services": self.services}

    def locate(self, problem: Problem) -> Problem:
        """Return ``problem`` restated as file, row and column when its record came from a row."""
        match = re.match(r"^(organizations|services)\[(\d+)\]", problem.record)
        if match is None:
            return problem
        records = self.organizations if match.group(1) == "organizations" else self.services
        node: Any = records[int(match.group(2))] if int(match.group(2)) < len(records) else None
        origin, rest = self.origins.get(id(node)), problem.field.split(".") if problem.field else []
        remaining = rest
        for index, segment in enumerate(rest):
            parts = SEGMENT.match(segment)
            if parts is None or not isinstance(node, dict):
                break
            node = node.get(parts.group(1))
            if parts.group(2) is not None:
                node = (
                    node[int(parts.group(2))]
                    if isinstance(node, list) and int(parts.group(2)) < len(node)
                    else None
                )
            if id(node) in self.origins:
                origin, remaining = self.origins[id(node)], rest[index + 1 :]
        if origin is None:
            return problem
        name, row = origin
        return Problem(
            _("%(file)s row %(row)d") % {"file": name, "row": row}, ".".join(remaining), problem.message
        )


def _value(raw: str, kind: str) -> Any:
    """Return the CSV text ``raw`` as the table schema's ``kind``; raise ValueError when it is not one."""
    if kind == "number":
        return float(raw)
    if kind == "integer":
        return int(raw)
    if kind == "boolean":
        if raw.lower() in ("true", "1", "yes"):
            return True
        if raw.lower() in ("false", "0", "no"):
            return False
        raise ValueError(raw)
    if kind in ("array", "object"):
        return json.loads(raw)
    return raw


def _read_table(
    folder: Path, resource: dict[str, Any], report: ImportReport
) -> list[tuple[int, dict[str, Any]]]:
    """Return (row number, values) of one resource's CSV file; problems name file, row and column."""
    name = str(resource.get("path") or f"{resource['name']}.csv")
    path = (folder / name).resolve()
    if folder.resolve() not in path.parents or not path.is_file():
        report.problems.append(
            Problem(name, "", _("is listed in datapackage.json but is not in the package"))
        )
        return []
    types = {
        str(column.get("name")): str(column.get("type") or "string")
        for column in (resource.get("schema") or {}).get("fields") or []
        if isinstance(column, dict)
    }
    try:
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
        header = reader.fieldnames or []
        rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as error:
        report.problems.append(Problem(name, "", _("is not a UTF-8 CSV file (%(error)s)") % {"error": error}))
        return []
    if "id" not in header:
        report.problems.append(Problem(name, "id", _("the header has no id column")))
        return []
    if len(rows) > MAX_ROWS:
        report.problems.append(Problem(name, "", _("has more than %(count)d rows") % {"count": MAX_ROWS}))
        return []
    out = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        values: dict[str, Any] = {}
        for column, raw in row.items():
            if column is None or raw is None:
                report.problems.append(
                    Problem(
                        _("%(file)s row %(row)d") % {"file": name, "row": number},
                        "",
                        _("has more or fewer cells than the header"),
                    )
                )
                break
            if raw == "":
                continue
            try:
                values[column] = _value(raw, types.get(column, "string"))
            except ValueError:
                report.problems.append(
                    Problem(
                        _("%(file)s row %(row)d") % {"file": name, "row": number},
                        column,
                        _("must be of type %(type)s") % {"type": types.get(column, "string")},
                    )
                )
        out.append((number, values))
    return out


def datapackage_read(path: Path) -> tuple[Package, ImportReport]:
    """Read a tabular HSDS package (its folder or its datapackage.json) into nested records."""
    folder = path if path.is_dir() else path.parent
    source = str(path)
    report = ImportReport(source=source)
    package = Package()
    try:
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        resources = [item for item in descriptor["resources"] if isinstance(item, dict) and item.get("name")]
    except (OSError, ValueError, KeyError, TypeError) as error:
        report.problems.append(
            Problem(
                "datapackage.json", "", _("is not a data package descriptor (%(error)s)") % {"error": error}
            )
        )
        return package, report
    tables: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    for resource in resources:
        table = str(resource["name"])
        if table not in tables:
            continue  # an HSDS table Jornada keeps nothing of
        name = str(resource.get("path") or f"{table}.csv")
        for number, values in _read_table(folder, resource, report):
            tables[table].append(values)
            package.origins[id(values)] = (name, number)
    if report.problems:
        return package, report
    _nest(tables, package, report)
    return package, report


def _nest(tables: dict[str, list[dict[str, Any]]], package: Package, report: ImportReport) -> None:
    """Put each child row under its parent; a row naming no parent in the package is a problem."""
    by_id = {table: {str(row.get("id")): row for row in rows} for table, rows in tables.items()}
    terms = by_id["taxonomy_term"]
    for attribute in tables["attribute"]:
        term = terms.get(str(attribute.get("taxonomy_term_id")))
        if term is not None:
            attribute["taxonomy_term"] = term
    for table in TABLES:
        if table in ("organization", "taxonomy_term"):
            continue
        for row in tables[table]:
            parent = _parent(table, row, by_id)
            if parent is not None:
                parent_table, record = parent
                list_name = next(name for name, child, _k in CHILDREN[parent_table] if child == table)
                record.setdefault(list_name, []).append(row)
            elif table == "service" and row.get("organization_id"):
                package.services.append(row)  # an organisation already in the directory: the importer checks
            else:
                name, number = package.origins[id(row)]
                columns = [key for key in PARENT_COLUMNS[table] if row.get(key)] or PARENT_COLUMNS[table][:1]
                report.problems.append(
                    Problem(
                        _("%(file)s row %(row)d") % {"file": name, "row": number},
                        columns[0],
                        _("names no record in this package"),
                    )
                )
    package.organizations.extend(tables["organization"])


def _parent(
    table: str, row: dict[str, Any], by_id: dict[str, dict[str, dict[str, Any]]]
) -> tuple[str, dict[str, Any]] | None:
    for parent_table in ("service", "location", "organization"):
        for _list, child, key in CHILDREN[parent_table]:
            if child == table and row.get(key) and str(row[key]) in by_id[parent_table]:
                if table == "attribute" and row.get("link_type", "service") != "service":
                    continue
                return parent_table, by_id[parent_table][str(row[key])]
    return None


def datapackage_import(*, path: Path) -> ImportReport:
    """Import a tabular HSDS package, all or nothing; problems name the file, row and column."""
    package, report = datapackage_read(path)
    if report.problems:
        raise ImportRefused(report)
    try:
        imported = hsds_import(data=package.data(), source=str(path))
    except ImportRefused as refused:
        refused.report.problems = [package.locate(problem) for problem in refused.report.problems]
        raise ImportRefused(refused.report) from None
    return imported


# --- Writing --------------------------------------------------------------------------------------


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def _flatten(
    table: str, record: dict[str, Any], parent_key: str, parent_id: str, rows: dict[str, list[dict[str, Any]]]
) -> None:
    children = {name for name, _child, _key in CHILDREN.get(table, [])}
    row = {
        key: value
        for key, value in record.items()
        if key not in children and not isinstance(value, dict) and value is not None
    }
    if parent_key:
        row.setdefault(parent_key, parent_id)
    rows.setdefault(table, []).append(row)
    for list_name, child, key in CHILDREN.get(table, []):
        for item in record.get(list_name) or []:
            _flatten(child, item, key, str(record["id"]), rows)
    term = record.get("taxonomy_term")
    if table == "attribute" and isinstance(term, dict):
        rows.setdefault("taxonomy_term", []).append(
            {k: v for k, v in term.items() if not isinstance(v, list | dict)}
        )


def datapackage_write(organizations: Iterable[dict[str, Any]], folder: Path) -> list[Path]:
    """Write nested HSDS organisations as a tabular package in ``folder``; return the files written."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for organization in organizations:
        _flatten("organization", organization, "", "", rows)
    folder.mkdir(parents=True, exist_ok=True)
    written, resources = [], []
    for table in sorted(rows):
        unique = list({str(row["id"]): row for row in rows[table]}.values())
        columns = sorted({key for row in unique for key in row}, key=lambda key: (key != "id", key))
        kinds = {key: next(_kind(row[key]) for row in unique if key in row) for key in columns}
        path = folder / f"{table}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=columns)
            writer.writeheader()
            for row in unique:
                writer.writerow({key: _cell(row.get(key)) for key in columns})
        written.append(path)
        resources.append(
            {
                "name": table,
                "path": path.name,
                "profile": "tabular-data-resource",
                "schema": {"fields": [{"name": key, "type": kinds[key]} for key in columns]},
            }
        )
    descriptor = {"name": "jornada-directory", "profile": "tabular-data-package", "resources": resources}
    index = folder / "datapackage.json"
    index.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")
    return [index, *written]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
