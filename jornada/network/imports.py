"""``import_hsds``: HSDS 3.0 organisations and services into the directory, all or nothing.

Every record is checked before anything is written; one wrong field refuses the whole file, with
the file, the record and the field named. Records are matched by their HSDS id, so importing the
same file twice changes nothing. A confidential location arrives without its address (Jornada's
own export never carries it): an address kept here is then left as it is.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from jornada.network.hsds import TAXONOMY
from jornada.network.models import (
    Frequency,
    Kind,
    Location,
    LocationType,
    Organization,
    Phone,
    PhoneType,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Status,
)
from jornada.network.search import search_rows_refresh
from jornada.vocabulary.languages import language_key
from jornada.vocabulary.models import Category

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL = re.compile(r"^https?://\S+$")
CLOCK = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)(:[0-5]\d)?(Z|[+-]\d\d:?\d\d)?$")
BYDAY = re.compile(r"^([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)$")


@dataclass
class Problem:
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return ": ".join(part for part in (self.record, self.field, self.message) if part)


@dataclass
class ImportReport:
    """What an import did (or would have done) and what it refused."""

    source: str
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def count(self, outcome: str, kind: str) -> None:
        tally = getattr(self, outcome)
        tally[kind] = tally.get(kind, 0) + 1

    def lines(self) -> list[str]:
        lines = [f"{self.source}: {problem}" for problem in self.problems]
        for outcome in ("created", "updated", "unchanged"):
            for kind, number in sorted(getattr(self, outcome).items()):
                lines.append(f"{outcome} {number} {kind}")
        return lines


class ImportRefused(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("; ".join(str(problem) for problem in report.problems[:5]))
        self.report = report


class _Checker:
    """Collects the problems of one record under its name ("organizations[2] (id …)")."""

    def __init__(self, report: ImportReport, record: str) -> None:
        self.report, self.record = report, record

    def problem(self, path: str, message: str) -> None:
        self.report.problems.append(Problem(self.record, path, message))

    def obj(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.problem(path, _("must be an object"))
            return {}
        return value

    def items(self, data: dict[str, Any], key: str, path: str) -> list[dict[str, Any]]:
        value = data.get(key) or []
        if not isinstance(value, list):
            self.problem(f"{path}{key}", _("must be a list"))
            return []
        return [self.obj(item, f"{path}{key}[{number}]") for number, item in enumerate(value)]

    def uuid(self, data: dict[str, Any], key: str, path: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value in (None, "") and not required:
            return ""
        try:
            return str(uuid.UUID(str(value)))
        except ValueError:
            self.problem(f"{path}{key}", _("must be a UUID") if value not in (None, "") else _("is required"))
            return ""

    def text(
        self, data: dict[str, Any], key: str, path: str, *, required: bool = False, limit: int = 2000
    ) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.problem(f"{path}{key}", _("is required"))
            return ""
        if not isinstance(value, str):
            self.problem(f"{path}{key}", _("must be text"))
            return ""
        if len(value) > limit:
            self.problem(f"{path}{key}", _("is longer than %(limit)d characters") % {"limit": limit})
        return value.strip()[:limit]

    def pattern(self, data: dict[str, Any], key: str, path: str, pattern: re.Pattern[str], what: str) -> str:
        value = self.text(data, key, path, limit=300)
        if value and not pattern.match(value):
            self.problem(f"{path}{key}", _("is not a valid %(what)s") % {"what": what})
            return ""
        return value

    def choice(self, data: dict[str, Any], key: str, path: str, choices: list[str], default: str) -> str:
        value = data.get(key, default) or default
        if value not in choices:
            self.problem(f"{path}{key}", _("must be one of: %(choices)s") % {"choices": ", ".join(choices)})
            return default
        return str(value)

    def number(self, data: dict[str, Any], key: str, path: str, low: float, high: float) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            self.problem(
                f"{path}{key}", _("must be a number from %(low)s to %(high)s") % {"low": low, "high": high}
            )
            return None
        return float(value)

    def day(self, data: dict[str, Any], key: str, path: str) -> date | None:
        value = self.text(data, key, path, limit=40)
        if not value:
            return None
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            self.problem(f"{path}{key}", _("must be a date (YYYY-MM-DD)"))
            return None

    def clock(self, data: dict[str, Any], key: str, path: str) -> time | None:
        value = self.pattern(data, key, path, CLOCK, "time (HH:MM)")
        if not value:
            return None
        hour, minute = int(value[:2]), int(value[3:5])
        return time(23, 59) if hour == 24 else time(hour, minute)


@dataclass
class _Plan:
    """Validated rows, ready to write once the whole file is known to be good."""

    organizations: list[tuple[dict[str, Any], list[dict[str, Any]]]] = field(default_factory=list)
    locations: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)


def _records(data: Any, report: ImportReport) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return (organisations, services) from a page, a list, one record or an HSDS bundle."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    if isinstance(data, dict) and ("organizations" in data or "services" in data):
        organizations, services = data.get("organizations") or [], data.get("services") or []
        if isinstance(organizations, list) and isinstance(services, list):
            return organizations, services
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        report.problems.append(Problem(_("file"), "", _("is not HSDS: expected organisations or services")))
        return [], []
    organizations = [record for record in data if isinstance(record, dict) and "status" not in record]
    services = [record for record in data if isinstance(record, dict) and "status" in record]
    if len(organizations) + len(services) != len(data):
        report.problems.append(Problem(_("file"), "", _("is not HSDS: every record must be an object")))
    return organizations, services


def _phones(check: _Checker, data: dict[str, Any], path: str) -> list[dict[str, Any]]:
    phones = []
    for number, phone in enumerate(check.items(data, "phones", path)):
        where = f"{path}phones[{number}]."
        phones.append(
            {
                "id": check.uuid(phone, "id", where),
                "number": check.text(phone, "number", where, required=True, limit=40),
                "type": phone.get("type") if phone.get("type") in PhoneType.values else PhoneType.VOICE,
                "description": check.text(phone, "description", where, limit=200),
                "whatsapp": phone.get("jornada_whatsapp") is True,
            }
        )
    return phones


def _schedules(check: _Checker, data: dict[str, Any], path: str) -> list[dict[str, Any]]:
    schedules = []
    for number, schedule in enumerate(check.items(data, "schedules", path)):
        where = f"{path}schedules[{number}]."
        byday = check.text(schedule, "byday", where, limit=60).replace(" ", "")
        if byday and not all(BYDAY.match(part) for part in byday.split(",")):
            check.problem(f"{where}byday", _("must be iCalendar BYDAY, e.g. MO,TU or 2SA"))
        interval = check.number(schedule, "interval", where, 1, 52)
        schedules.append(
            {
                "id": check.uuid(schedule, "id", where),
                "freq": check.choice(schedule, "freq", where, list(Frequency.values), Frequency.WEEKLY),
                "interval": int(interval or 1),
                "byday": byday,
                "opens_at": check.clock(schedule, "opens_at", where),
                "closes_at": check.clock(schedule, "closes_at", where),
                "valid_from": check.day(schedule, "valid_from", where),
                "valid_to": check.day(schedule, "valid_to", where),
                "description": check.text(schedule, "description", where, limit=300),
            }
        )
    return schedules


def _languages(check: _Checker, data: dict[str, Any], path: str) -> list[str]:
    keys = []
    for number, language in enumerate(check.items(data, "languages", path)):
        name = check.text(language, "code", f"{path}languages[{number}].", limit=40) or check.text(
            language, "name", f"{path}languages[{number}].", limit=40
        )
        if name and language_key(name) not in keys:
            keys.append(language_key(name))
    return keys


def _location(check: _Checker, data: dict[str, Any], path: str, organization_id: str) -> dict[str, Any]:
    confidential = data.get("jornada_confidential") is True
    addresses = check.items(data, "addresses", path)
    address = addresses[0] if addresses else {}
    where = f"{path}addresses[0]."
    row = {
        "id": check.uuid(data, "id", path),
        "organization_id": organization_id,
        "location_type": check.choice(
            data, "location_type", path, ["physical", "postal", "virtual"], LocationType.PHYSICAL
        ),
        "confidential": confidential,
        "languages": _languages(check, data, path),
        "timezone": check.text(data, "jornada_timezone", path, limit=60) or "America/Mexico_City",
        "verified_by": check.text(data, "jornada_verified_by", path, limit=200),
        "verified_at": check.day(data, "jornada_verified_at", path),
        "phones": _phones(check, data, path),
        "schedules": _schedules(check, data, path),
    }
    if row["location_type"] == "postal":
        row["location_type"] = LocationType.PHYSICAL
    place = {
        "name": check.text(data, "name", path, limit=200),
        "latitude": check.number(data, "latitude", path, -90, 90),
        "longitude": check.number(data, "longitude", path, -180, 180),
        "address_1": check.text(address, "address_1", where, limit=200),
        "city": check.text(address, "city", where, limit=120),
        "state_province": check.text(address, "state_province", where, limit=120),
        "postal_code": check.text(address, "postal_code", where, limit=20),
        "country": check.text(address, "country", where, limit=2).upper(),
    }
    if confidential:
        # Jornada's own export leaves these out: an import of it keeps what is already known.
        place = {key: value for key, value in place.items() if value not in ("", None) and key != "name"}
    row.update(place)
    return row


def _service(
    check: _Checker, data: dict[str, Any], path: str, organization_id: str, topics: dict[str, Category]
) -> dict[str, Any]:
    codes = []
    for number, attribute in enumerate(check.items(data, "attributes", path)):
        term = attribute.get("taxonomy_term") or {}
        if isinstance(term, dict) and term.get("taxonomy") == TAXONOMY:
            if term.get("code") not in topics:
                check.problem(
                    f"{path}attributes[{number}].taxonomy_term.code", _("is not a topic of the vocabulary")
                )
            else:
                codes.append(term["code"])
    costs = check.items(data, "cost_options", path)
    fees = check.text(data, "fees_description", path, limit=500)
    if costs:
        free = not any(
            (cost.get("amount") or 0) > 0 or str(cost.get("option", "")).lower() == "fee" for cost in costs
        )
    else:
        free = not fees
    links = []
    for number, link in enumerate(check.items(data, "service_at_locations", path)):
        where = f"{path}service_at_locations[{number}]."
        location = link.get("location")
        location_id = check.uuid(link, "location_id", where, required=not isinstance(location, dict))
        nested = (
            _location(check, location, f"{where}location.", organization_id)
            if isinstance(location, dict)
            else None
        )
        links.append(
            {
                "id": check.uuid(link, "id", where),
                "location_id": location_id or (nested or {}).get("id", ""),
                "location": nested,
            }
        )
    areas = []
    for number, area in enumerate(check.items(data, "service_areas", path)):
        where = f"{path}service_areas[{number}]."
        areas.append(
            {
                "id": check.uuid(area, "id", where),
                "name": check.text(area, "name", where, required=True, limit=200),
                "code": check.text(area, "extent", where, limit=40),
            }
        )
    documents = [
        check.text(document, "document", f"{path}required_documents[{number}].", limit=300)
        for number, document in enumerate(check.items(data, "required_documents", path))
    ]
    nationalities = data.get("jornada_nationalities") or []
    if not isinstance(nationalities, list) or not all(
        isinstance(code, str) and len(code) == 2 for code in nationalities
    ):
        check.problem(f"{path}jornada_nationalities", _("must be a list of two-letter country codes"))
        nationalities = []
    modified = _moment(check, data, "last_modified", path)
    return {
        **({"updated_at": modified} if modified else {}),
        "id": check.uuid(data, "id", path),
        "organization_id": organization_id,
        "name": check.text(data, "name", path, required=True, limit=200),
        "description": check.text(data, "description", path, limit=2000),
        "summary": check.text(data, "jornada_summary", path, limit=160),
        "status": check.choice(data, "status", path, list(Status.values), Status.ACTIVE),
        "url": check.pattern(data, "url", path, URL, "web address"),
        "email": check.pattern(data, "email", path, EMAIL, "e-mail address"),
        "application_process": check.text(data, "application_process", path, limit=1000),
        "eligibility_description": check.text(data, "eligibility_description", path, limit=1000),
        "fees_description": fees,
        "free": free,
        "verified_at": check.day(data, "assured_date", path),
        "verified_by": check.text(data, "jornada_verified_by", path, limit=200),
        "nationalities": [code.upper() for code in nationalities],
        "required_documents": [document for document in documents if document],
        "languages": _languages(check, data, path),
        "topics": codes,
        "phones": _phones(check, data, path),
        "schedules": _schedules(check, data, path),
        "areas": areas,
        "links": links,
    }


def _moment(check: _Checker, data: dict[str, Any], key: str, path: str) -> datetime | None:
    value = check.text(data, key, path, limit=40)
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None or moment.tzinfo is None:
        check.problem(f"{path}{key}", _("must be a date and time with its offset (ISO 8601)"))
        return None
    return moment


def _organization(check: _Checker, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": check.uuid(data, "id", ""),
        "name": check.text(data, "name", "", required=True, limit=200),
        "alternate_name": check.text(data, "alternate_name", "", limit=200),
        "description": check.text(data, "description", "", required=True, limit=2000),
        "email": check.pattern(data, "email", "", EMAIL, "e-mail address"),
        "website": check.pattern(data, "website", "", URL, "web address"),
        "kind": data.get("jornada_kind") if data.get("jornada_kind") in Kind.values else Kind.OTHER,
        "is_fictional": data.get("jornada_fictional") is True,
        "verified_by": check.text(data, "jornada_verified_by", "", limit=200),
        "verified_at": check.day(data, "jornada_verified_at", ""),
        "phones": _phones(check, data, ""),
    }


def _plan(data: Any, report: ImportReport) -> _Plan:
    plan = _Plan()
    topics = {category.code: category for category in Category.objects.all()}
    organizations, services = _records(data, report)
    for number, record in enumerate(organizations):
        check = _Checker(
            report, f"organizations[{number}] ({record.get('id', '?') if isinstance(record, dict) else '?'})"
        )
        record = check.obj(record, "")
        organization = _organization(check, record)
        plan.organizations.append((organization, []))
        for index, location in enumerate(check.items(record, "locations", "")):
            plan.locations.append(_location(check, location, f"locations[{index}].", organization["id"]))
        for index, service in enumerate(check.items(record, "services", "")):
            plan.services.append(_service(check, service, f"services[{index}].", organization["id"], topics))
    for number, record in enumerate(services):
        check = _Checker(report, f"services[{number}] ({record.get('id', '?')})")
        nested = record.get("organization")
        organization_id = check.uuid(record, "organization_id", "", required=not isinstance(nested, dict))
        if isinstance(nested, dict):
            organization = _organization(_Checker(report, f"services[{number}].organization"), nested)
            organization_id = organization_id or organization["id"]
            plan.organizations.append((organization, []))
        elif (
            organization_id
            and not Organization.objects.filter(pk=organization_id).exists()
            and not any(
                organization["id"] == organization_id for organization, _services in plan.organizations
            )
        ):
            check.problem("organization_id", _("names no organisation in this file or the directory"))
        plan.services.append(_service(check, record, "", organization_id, topics))
    return plan


def _same(kept: Any, value: Any) -> bool:
    if isinstance(kept, uuid.UUID) and isinstance(value, str):
        return str(kept) == value
    return bool(kept == value)


def _save(model: type[Any], report: ImportReport, kind: str, pk: str, values: dict[str, Any]) -> Any:
    """Create or update one row by id; count whether it was created, changed or left as it was."""
    instance = model.objects.filter(pk=pk).first()
    if instance is None:
        instance = model(pk=pk, **values)
        instance.full_clean(validate_unique=False, validate_constraints=False)
        instance.save()
        report.count("created", kind)
        return instance
    changed = [name for name, value in values.items() if not _same(getattr(instance, name), value)]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean(validate_unique=False, validate_constraints=False)
        instance.save()
        report.count("updated", kind)
    else:
        report.count("unchanged", kind)
    return instance


def _children(
    model: type[Any], report: ImportReport, kind: str, owner: dict[str, Any], rows: list[dict[str, Any]]
) -> None:
    """Make the children of one owner exactly ``rows``: create, update, and delete the others."""
    keep = [row["id"] for row in rows]
    removed, _detail = model.objects.filter(**owner).exclude(pk__in=keep).delete()
    if removed:
        report.updated[f"{kind} removed"] = report.updated.get(f"{kind} removed", 0) + removed
    for row in rows:
        values = {key: value for key, value in row.items() if key != "id"}
        _save(model, report, kind, row["id"], {**owner, **values})


def _write_location(report: ImportReport, row: dict[str, Any]) -> None:
    values = {key: value for key, value in row.items() if key not in ("id", "phones", "schedules")}
    _save(Location, report, "locations", row["id"], values)
    _children(Phone, report, "phones", {"location_id": row["id"]}, row["phones"])
    _children(Schedule, report, "schedules", {"location_id": row["id"]}, row["schedules"])


@transaction.atomic
def hsds_import(*, data: Any, source: str) -> ImportReport:
    """Import HSDS organisations and services; refuse the whole file if any record is wrong."""
    report = ImportReport(source=source)
    plan = _plan(data, report)
    if report.problems:
        raise ImportRefused(report)
    for organization, _services in plan.organizations:
        values = {key: value for key, value in organization.items() if key not in ("id", "phones")}
        _save(Organization, report, "organizations", organization["id"], values)
        _children(Phone, report, "phones", {"organization_id": organization["id"]}, organization["phones"])
    for location in plan.locations:
        _write_location(report, location)
    for service in plan.services:
        for link in service["links"]:
            if link["location"] is not None:
                _write_location(report, link["location"])
            elif not Location.objects.filter(pk=link["location_id"]).exists():
                report.problems.append(
                    Problem(
                        f"services ({service['id']})", "service_at_locations", _("names an unknown location")
                    )
                )
        if report.problems:
            raise ImportRefused(report)
        skip = ("id", "topics", "phones", "schedules", "areas", "links")
        instance = _save(
            Service, report, "services", service["id"], {k: v for k, v in service.items() if k not in skip}
        )
        if sorted(instance.topics.values_list("code", flat=True)) != sorted(service["topics"]):
            instance.topics.set(Category.objects.filter(code__in=service["topics"]))
            report.count("updated", "service topics")
        _children(Phone, report, "phones", {"service_id": service["id"]}, service["phones"])
        _children(Schedule, report, "schedules", {"service_id": service["id"]}, service["schedules"])
        _children(ServiceArea, report, "service areas", {"service_id": service["id"]}, service["areas"])
        links = [{"id": link["id"], "location_id": link["location_id"]} for link in service["links"]]
        _children(ServiceAtLocation, report, "services at locations", {"service_id": service["id"]}, links)
    search_rows_refresh(
        services=[service["id"] for service in plan.services],
        locations=[location["id"] for location in plan.locations],
    )
    return report
