"""Demo data: a dozen fictional organisations on both sides of the border, one a confidential shelter.

Every name, address and number is invented (phone numbers in the 555-01xx range). The records go in
through ``hsds_import`` as an HSDS file would, with ids derived from their names so that running
``demo_data`` twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from jornada.cases.crypto import master_key
from jornada.core.demo import DEMO_ORGANISATION_SLUG
from jornada.core.models import Organisation, User
from jornada.network import relationships
from jornada.network.gazetteer import fold
from jornada.network.hsds import TAXONOMY, derived_id
from jornada.network.imports import hsds_import
from jornada.network.models import (
    AgreementKind,
    GazetteerKind,
    GazetteerPlace,
    InteractionKind,
    Organization,
    PartnerAgreement,
    PartnerContact,
)

WEEKDAYS = "MO,TU,WE,TH,FR"

# name, kind, (city, state, postal code, country, latitude, longitude, time zone), phone, WhatsApp,
# topics, languages, free, one line, confidential
DEMO_ORGANISATIONS: tuple[tuple[Any, ...], ...] = (
    (
        "Centro de Trabajadores del Valle (ficticio)",
        "worker_centre",
        ("Raleigh", "NC", "27601", "US", 35.7796, -78.6382, "America/New_York"),
        "+1 919 555 0101",
        True,
        ["wage-theft", "three-fourths-guarantee", "housing"],
        ["es", "en", "mixteco"],
        True,
        "Helps H-2A workers recover unpaid wages and fix housing problems.",
        False,
    ),
    (
        "Defensa Legal Campesina (ficticia)",
        "legal_aid",
        ("Fresno", "CA", "93721", "US", 36.7378, -119.7871, "America/Los_Angeles"),
        "+1 559 555 0102",
        True,
        ["wage-theft", "retaliation-blacklisting", "recruitment-fees"],
        ["es", "en", "triqui", "zapoteco"],
        True,
        "Free lawyers for farmworkers: wages, fees charged by recruiters, retaliation.",
        False,
    ),
    (
        "Consulado Móvil de Ejemplo (ficticio)",
        "consulate",
        ("Salisbury", "MD", "21801", "US", 38.3607, -75.5994, "America/New_York"),
        "+1 410 555 0103",
        False,
        ["document-retention", "immigration-status"],
        ["es"],
        True,
        "Mobile consulate stop: passports, consular IDs and protection cases.",
        False,
    ),
    (
        "Ventanilla de Salud de Muestra (ficticia)",
        "health_window",
        ("Yakima", "WA", "98901", "US", 46.6021, -120.5059, "America/Los_Angeles"),
        "+1 509 555 0104",
        True,
        ["injury-workers-compensation", "pesticides-safety"],
        ["es", "en"],
        True,
        "Health information, screenings and referrals to clinics, without papers asked.",
        False,
    ),
    (
        "Sindicato Agrícola Inventado (ficticio)",
        "union",
        ("Toledo", "OH", "43604", "US", 41.6528, -83.5379, "America/New_York"),
        "+1 419 555 0105",
        True,
        ["retaliation-blacklisting", "wage-theft"],
        ["es", "en", "kiche"],
        True,
        "Organises guest workers; knows your contract and the employer's obligations.",
        False,
    ),
    (
        "Casa Refugio Esperanza (ficticia)",
        "shelter",
        ("Greensboro", "NC", "27401", "US", 36.0726, -79.7920, "America/New_York"),
        "+1 336 555 0106",
        False,
        ["trafficking-indicators", "no-food-or-shelter", "sexual-harassment-gbv"],
        ["es", "en"],
        True,
        "Safe shelter for people escaping trafficking or violence. Call first.",
        True,
    ),
    (
        "Línea de Ayuda Jornalera (ficticia)",
        "hotline",
        None,
        "+1 800 555 0107",
        True,
        ["trafficking-indicators", "wage-theft", "no-food-or-shelter"],
        ["es", "en", "mixteco", "mam"],
        True,
        "A hotline that answers day and night, in Spanish and indigenous languages.",
        False,
    ),
    (
        "Clínica Comunitaria del Ejemplo (ficticia)",
        "clinic",
        ("Immokalee", "FL", "34142", "US", 26.4187, -81.4173, "America/New_York"),
        "+1 239 555 0108",
        False,
        ["injury-workers-compensation"],
        ["es", "en", "qanjobal"],
        False,
        "Low-cost clinic; sliding fee for workers without insurance.",
        False,
    ),
    (
        "Asociación de Oriundos de San Inventado (ficticia)",
        "community",
        ("Tlaxiaco", "Oaxaca", "69800", "MX", 17.2700, -97.6800, "America/Mexico_City"),
        "+52 953 555 0109",
        True,
        ["recruitment-fees", "travel-visa-costs"],
        ["es", "mixteco"],
        True,
        "Hometown association: check a recruiter before you pay, and help for families.",
        False,
    ),
    (
        "Centro de Derechos del Migrante Ficticio",
        "legal_aid",
        ("Zacatecas", "Zacatecas", "98000", "MX", 22.7709, -102.5832, "America/Mexico_City"),
        "+52 492 555 0110",
        True,
        ["recruitment-fees", "wage-theft", "travel-visa-costs"],
        ["es"],
        True,
        "Legal help from Mexico for workers who come back with wages owed.",
        False,
    ),
    (
        "Parroquia de Ejemplo, Pastoral Migrante (ficticia)",
        "church",
        ("Tenancingo", "México", "52400", "MX", 18.9608, -99.5912, "America/Mexico_City"),
        "+52 714 555 0111",
        False,
        ["no-food-or-shelter", "recruitment-fees"],
        ["es", "nahuatl"],
        True,
        "Pastoral care for migrants and their families; talks on recruitment fraud.",
        False,
    ),
    (
        "Red de Defensa Laboral de Muestra (ficticia)",
        "worker_centre",
        ("Huehuetenango", "", "13001", "GT", 15.3197, -91.4709, "America/Guatemala"),
        "+502 7555 0112",
        True,
        ["recruitment-fees", "travel-visa-costs", "wage-theft"],
        ["es", "mam", "qanjobal"],
        True,
        "Guatemalan workers recruited for the US: contracts, fees and complaints.",
        False,
    ),
)


def demo_records() -> list[dict[str, Any]]:
    """Return the demo organisations as HSDS records."""
    records = []
    for (
        name,
        kind,
        place,
        number,
        whatsapp,
        topics,
        languages,
        free,
        summary,
        confidential,
    ) in DEMO_ORGANISATIONS:
        org_id = derived_id("demo", name)
        service_id = derived_id("demo", name, "service")
        phone = {
            "id": derived_id("demo", name, "phone"),
            "number": number,
            "type": "voice",
            "jornada_whatsapp": whatsapp,
        }
        schedule = {
            "id": derived_id("demo", name, "schedule"),
            "freq": "WEEKLY",
            "byday": "MO,TU,WE,TH,FR,SA,SU" if kind in ("hotline", "shelter") else WEEKDAYS,
            "opens_at": "00:00" if kind in ("hotline", "shelter") else "09:00",
            "closes_at": "24:00" if kind in ("hotline", "shelter") else "17:00",
        }
        locations, links = [], []
        if place is None:  # a hotline: a virtual location, reached from anywhere
            location_id = derived_id("demo", name, "location")
            locations.append({"id": location_id, "location_type": "virtual", "name": name})
            links.append({"id": derived_id("demo", name, "link"), "location_id": location_id})
        else:
            city, state, postal_code, country, latitude, longitude, zone = place
            location_id = derived_id("demo", name, "location")
            location = {
                "id": location_id,
                "location_type": "physical",
                "name": name,
                "latitude": latitude,
                "longitude": longitude,
                "jornada_timezone": zone,
                "jornada_confidential": confidential,
                "schedules": [{**schedule, "id": derived_id("demo", name, "location schedule")}],
                "addresses": [
                    {
                        "id": derived_id("demo", name, "address"),
                        "address_1": "Calle Inventada 123 (ficticia)",
                        "city": city,
                        "state_province": state,
                        "postal_code": postal_code,
                        "country": country,
                        "address_type": "physical",
                    }
                ],
            }
            locations.append(location)
            links.append({"id": derived_id("demo", name, "link"), "location_id": location_id})
        records.append(
            {
                "id": org_id,
                "name": name,
                "description": f"{summary} (Fictional organisation for the demonstration.)",
                "jornada_kind": kind,
                "jornada_fictional": True,
                "jornada_verified_by": "Equipo de demostración (ficticio)",
                "jornada_verified_at": "2026-01-15",
                "phones": [phone],
                "locations": locations,
                "services": [
                    {
                        "id": service_id,
                        "name": summary.split(":")[0].split(",")[0][:80],
                        "description": summary,
                        "jornada_summary": summary,
                        "status": "active",
                        "languages": [
                            {"id": derived_id(service_id, "language", key), "code": key} for key in languages
                        ],
                        "cost_options": [
                            {
                                "id": derived_id(service_id, "cost"),
                                "option": "Free" if free else "Fee",
                                **({"amount": 0} if free else {}),
                            }
                        ],
                        "attributes": [
                            {
                                "id": derived_id(service_id, "topic", code),
                                "taxonomy_term": {
                                    "id": derived_id(TAXONOMY, code),
                                    "code": code,
                                    "name": code,
                                    "description": code,
                                    "taxonomy": TAXONOMY,
                                },
                            }
                            for code in topics
                        ],
                        "service_at_locations": links,
                        "schedules": [] if place is not None else [schedule],
                        "service_areas": [],
                    }
                ],
            }
        )
    return records


def demo_gazetteer_create() -> int:
    """Without a loaded gazetteer, add the demo towns and postal codes so the search page works."""
    if GazetteerPlace.objects.exists():
        return 0
    places = []
    for _name, _kind, place, *_rest in DEMO_ORGANISATIONS:
        if place is None:
            continue
        city, state, postal_code, country, latitude, longitude, _zone = place
        common = {
            "name": city,
            "folded": fold(city),
            "region": state,
            "country": country,
            "latitude": latitude,
            "longitude": longitude,
        }
        places.append(GazetteerPlace(kind=GazetteerKind.TOWN, code="", population=10000, **common))
        postal = {"US": GazetteerKind.US_ZIP, "MX": GazetteerKind.MX_POSTAL}.get(country)
        if postal:
            places.append(GazetteerPlace(kind=postal, code=postal_code, **common))
    GazetteerPlace.objects.bulk_create(places)
    return len(places)


def create_demo_data(stdout: Any = None) -> None:
    """Load the fictional directory and link the demo staff organisation to its entry."""
    report = hsds_import(data=demo_records(), source="demo")
    demo_gazetteer_create()
    staff = Organisation.objects.filter(slug=DEMO_ORGANISATION_SLUG).first()
    entry = Organization.objects.get(pk=derived_id("demo", DEMO_ORGANISATIONS[0][0]))
    if staff is not None and entry.staff_organisation_id is None:
        entry.staff_organisation = staff
        entry.save(update_fields=["staff_organisation"])
    sealed_ok = _can_seal()
    if staff is not None and sealed_ok:
        demo_relationships_create(staff)
    if stdout is not None:
        if not sealed_ok:
            stdout.write(
                "No demo partner contacts: JORNADA_CASE_KEY is not set (they are sealed like case data)."
            )
        stdout.write(
            f"Directory: {len(DEMO_ORGANISATIONS)} fictional organisations ({sum(report.created.values())} "
            "records created). For every town and ZIP code in 'find help', run: jornada load_gazetteer"
        )


def _can_seal() -> bool:
    """Return whether this deployment has the key partner contacts are sealed under."""
    try:
        master_key()
    except ImproperlyConfigured:
        return False
    return True


def demo_relationships_create(staff: Organisation) -> None:
    """The demo organisation's memory of one partner: a contact, a call and an MOU due for renewal (all fictional)."""
    partner = Organization.objects.get(pk=derived_id("demo", DEMO_ORGANISATIONS[1][0]))
    if PartnerContact.objects.filter(organisation=staff, partner=partner).exists():
        return
    keeper = User.objects.filter(memberships__organisation=staff).order_by("pk").first()
    if keeper is None:
        return
    today = timezone.localdate()
    relationships.partner_contact_add(
        organisation=staff,
        partner=partner,
        by=keeper,
        values={
            "name": "Rosa Ejemplo (ficticia)",
            "role": "Coordinadora de casos",
            "channel": "+1 555 0100 (ficticio)",
            "since": today - dt.timedelta(days=400),
        },
    )
    relationships.partner_contact_add(
        organisation=staff,
        partner=partner,
        by=keeper,
        values={
            "name": "Luis Muestra (ficticio)",
            "role": "Abogado",
            "since": today - dt.timedelta(days=900),
            "until": today - dt.timedelta(days=120),
        },
    )
    relationships.partner_interaction_add(
        organisation=staff,
        partner=partner,
        by=keeper,
        values={
            "kind": InteractionKind.EVENT,
            "happened_on": today - dt.timedelta(days=30),
            "summary": "Taller conjunto sobre salarios no pagados (ficticio).",
        },
    )
    PartnerAgreement.objects.create(
        organisation=staff,
        partner=partner,
        kind=AgreementKind.MOU,
        title="Memorándum de referencias mutuas (ficticio)",
        signed_on=today - dt.timedelta(days=340),
        renew_on=today + dt.timedelta(days=25),
        owner=keeper,
    )
