"""The directory as Open Referral HSDS 3.0 records: out (API, export) and in (``import_hsds``).

Related records HSDS gives their own ids but Jornada keeps as lists (languages, cost options,
required documents, topics) get stable UUIDs derived from their parent, so the same directory
always exports the same file. Jornada's own facts travel as extra properties named
``jornada_*``, which HSDS allows. A confidential location goes out without its name, address
or coordinates, whatever the caller.
"""

from __future__ import annotations

import uuid
from typing import Any

from jornada.network.models import Location, Organization, Phone, Schedule, Service, ServiceArea
from jornada.vocabulary.languages import language_name

HSDS_VERSION = "3.0"
HSDS_PROFILE = "https://openreferral.org/"
TAXONOMY = "jornada-vocabulary"
NAMESPACE = uuid.UUID("7f6d0f43-6f5c-4c53-9f37-4c6a2f4b9a51")
CONFIDENTIAL_NAME = "Confidential location, call first"


def derived_id(*parts: object) -> str:
    """Return a UUID that is always the same for the same parts."""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    """Drop empty optional values: HSDS validates absent fields, not empty strings as URIs."""
    return {key: value for key, value in record.items() if value not in ("", None)}


def phone_out(phone: Phone) -> dict[str, Any]:
    return _clean(
        {
            "id": str(phone.pk),
            "organization_id": str(phone.organization_id) if phone.organization_id else None,
            "service_id": str(phone.service_id) if phone.service_id else None,
            "location_id": str(phone.location_id) if phone.location_id else None,
            "number": phone.number,
            "type": phone.type,
            "description": phone.description,
            "jornada_whatsapp": phone.whatsapp,
        }
    )


def schedule_out(schedule: Schedule) -> dict[str, Any]:
    return _clean(
        {
            "id": str(schedule.pk),
            "service_id": str(schedule.service_id) if schedule.service_id else None,
            "location_id": str(schedule.location_id) if schedule.location_id else None,
            "freq": schedule.freq,
            "interval": schedule.interval,
            "byday": schedule.byday,
            "opens_at": schedule.opens_at.strftime("%H:%M") if schedule.opens_at else None,
            "closes_at": schedule.closes_at.strftime("%H:%M") if schedule.closes_at else None,
            "valid_from": schedule.valid_from.isoformat() if schedule.valid_from else None,
            "valid_to": schedule.valid_to.isoformat() if schedule.valid_to else None,
            "description": schedule.description,
        }
    )


def languages_out(keys: list[str], **parent: str) -> list[dict[str, Any]]:
    owner = next(iter(parent.values()))
    return [
        {"id": derived_id(owner, "language", key), **parent, "name": language_name(key, "en"), "code": key}
        for key in keys
    ]


def location_out(location: Location) -> dict[str, Any]:
    """Return a location; a confidential one carries no name, address or coordinates."""
    record: dict[str, Any] = {
        "id": str(location.pk),
        "location_type": location.location_type,
        "organization_id": str(location.organization_id),
        "languages": languages_out(location.languages, location_id=str(location.pk)),
        "phones": [phone_out(phone) for phone in location.phones.all()],
        "schedules": [schedule_out(schedule) for schedule in location.schedules.all()],
        "jornada_timezone": location.timezone,
        "jornada_verified_by": location.verified_by,
        "jornada_verified_at": location.verified_at.isoformat() if location.verified_at else None,
    }
    if location.confidential:
        record.update({"name": CONFIDENTIAL_NAME, "jornada_confidential": True, "addresses": []})
        return _clean(record)
    record.update({"name": location.name, "latitude": location.latitude, "longitude": location.longitude})
    if location.address_1 and location.city:
        record["addresses"] = [
            {
                "id": derived_id(location.pk, "address"),
                "location_id": str(location.pk),
                "address_1": location.address_1,
                "city": location.city,
                "state_province": location.state_province,
                "postal_code": location.postal_code,
                "country": location.country,
                "address_type": "physical",
            }
        ]
    return _clean(record)


def organization_basic(organization: Organization) -> dict[str, Any]:
    """Return the organisation's one-to-one fields (``organization_list``)."""
    return _clean(
        {
            "id": str(organization.pk),
            "name": organization.name,
            "alternate_name": organization.alternate_name,
            "description": organization.description,
            "email": organization.email,
            "website": organization.website,
            "jornada_kind": organization.kind,
            "jornada_fictional": organization.is_fictional,
            "jornada_verified_by": organization.verified_by,
            "jornada_verified_at": organization.verified_at.isoformat() if organization.verified_at else None,
        }
    )


def service_basic(service: Service) -> dict[str, Any]:
    """Return the service's one-to-one fields (``service_list``)."""
    return _clean(
        {
            "id": str(service.pk),
            "organization_id": str(service.organization_id),
            "name": service.name,
            "description": service.description,
            "status": service.status,
            "url": service.url,
            "email": service.email,
            "application_process": service.application_process,
            "eligibility_description": service.eligibility_description,
            "fees_description": service.fees_description,
            "assured_date": service.verified_at.isoformat() if service.verified_at else None,
            "last_modified": service.updated_at.isoformat(),
            "jornada_summary": service.summary,
            "jornada_verified_by": service.verified_by,
            "jornada_nationalities": service.nationalities or None,
        }
    )


def _area_out(area: ServiceArea) -> dict[str, Any]:
    return _clean(
        {
            "id": str(area.pk),
            "service_id": str(area.service_id),
            "name": area.name,
            "extent": area.code,
            "extent_type": "text",
        }
    )


def service_out(service: Service, *, with_organization: bool = True) -> dict[str, Any]:
    """Return a fully nested service (``compiled/service.json``)."""
    pk = str(service.pk)
    cost: dict[str, Any] = {"id": derived_id(pk, "cost"), "service_id": pk}
    cost.update({"option": "Free", "amount": 0} if service.free else {"option": "Fee"})
    record = service_basic(service)
    record.update(
        {
            "phones": [phone_out(phone) for phone in service.phones.all()],
            "schedules": [schedule_out(schedule) for schedule in service.schedules.all()],
            "service_areas": [_area_out(area) for area in service.service_areas.all()],
            "service_at_locations": [
                {
                    "id": str(link.pk),
                    "service_id": pk,
                    "location_id": str(link.location_id),
                    "location": location_out(link.location),
                }
                for link in service.service_at_locations.all()
            ],
            "languages": languages_out(service.languages, service_id=pk),
            "cost_options": [cost],
            "required_documents": [
                {"id": derived_id(pk, "document", number), "service_id": pk, "document": document}
                for number, document in enumerate(service.required_documents)
            ],
            "attributes": [
                {
                    "id": derived_id(pk, "topic", category.code),
                    "link_id": pk,
                    "link_type": "service",
                    "link_entity": "service",
                    "taxonomy_term_id": derived_id(TAXONOMY, category.code),
                    "taxonomy_term": {
                        "id": derived_id(TAXONOMY, category.code),
                        "code": category.code,
                        "name": category.worker_label_en,
                        "description": category.description_en,
                        "taxonomy": TAXONOMY,
                    },
                }
                for category in service.topics.all()
            ],
        }
    )
    if with_organization:
        record["organization"] = organization_basic(service.organization)
    return record


def organization_out(organization: Organization) -> dict[str, Any]:
    """Return a fully nested organisation (``compiled/organization.json``) with its services."""
    record = organization_basic(organization)
    record.update(
        {
            "phones": [phone_out(phone) for phone in organization.phones.all()],
            "locations": [location_out(location) for location in organization.locations.all()],
            "services": [
                service_out(service, with_organization=False) for service in organization.services.all()
            ],
        }
    )
    return record


# What each nested record needs prefetched.
LOCATION_PREFETCH = ("phones", "schedules")
SERVICE_PREFETCH = (
    "phones",
    "schedules",
    "service_areas",
    "topics",
    "service_at_locations__location__phones",
    "service_at_locations__location__schedules",
)
ORGANIZATION_PREFETCH = (
    "phones",
    "locations__phones",
    "locations__schedules",
    *(f"services__{path}" for path in SERVICE_PREFETCH),
)
