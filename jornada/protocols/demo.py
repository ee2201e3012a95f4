"""Fictional protocol cases for ``jornada demo_data``: a child, a GBV and a trafficking case (all invented)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from jornada.cases.crypto import master_key
from jornada.cases.services import case_create
from jornada.core.demo import DEMO_EMAIL, DEMO_ORGANISATION_SLUG
from jornada.core.models import Organisation, User
from jornada.protocols.loading import CONTENT_DIR, case_type_files_read
from jornada.protocols.models import CaseProtocol
from jornada.protocols.services import (
    case_protocol_choose,
    case_type_current,
    case_type_version_create,
    protocol_step_approve,
    protocol_step_complete,
)

# Each demo case: its protocol, its invented person, and the steps already done with their answers.
DEMO_PROTOCOL_CASES: tuple[dict[str, Any], ...] = (
    {
        "slug": "unaccompanied-child",
        "worker_name": "Niño Inventado, 14 años (ficticio)",
        "narrative": "Llegó solo a la frontera; dice que su tía vive en Texas. Caso de demostración: todo es inventado.",
        "steps": {
            "welcome": {"explained": True, "language": "es", "interpreter": False},
            "safe-now": {"basic_needs": ["food"], "feels_safe": True},
            "identity": {"name_used": "Tito (ficticio)", "age": 14, "country": "gt", "documents": ["none"]},
            "wishes": {"own_words": "Quiero ir con mi tía y estudiar. (ficticio)"},
            "best-interest": {
                "risks": ["no_carer", "journey_abuse"],
                "recommendation": "protective_shelter",
                "reasons": "Sin persona adulta que le cuide mientras se confirma a la tía. Demostración.",
            },
        },
        "approve": [],  # the assessment waits for a supervisor on the page
    },
    {
        "slug": "gender-based-violence",
        "worker_name": "Sobreviviente Ejemplo (ficticia)",
        "narrative": "Relato inventado para la demostración; ninguna persona real.",
        "steps": {
            "first-contact": {"safe_to_talk": True, "confidentiality_explained": True},
            "consents": {"asked_separately": True},
            "incident": {
                "penetration": False,
                "sexual_contact": False,
                "physical_assault": True,
                "forced_marriage": False,
                "denial_of_resources": True,
                "psychological_abuse": True,
                "perpetrator_relationship": "intimate_partner",
                "survivor_age": 29,
                "exchange": False,
                "place": "employer_housing",
            },
            "safety-plan": {
                "risk": "medium",
                "plan": "Dormir en casa de una amiga; teléfono cargado. Demostración.",
            },
        },
        "approve": ["safety-plan"],
    },
    {
        "slug": "trafficking",
        "worker_name": "Trabajador Inventado Ruiz (ficticio)",
        "narrative": "El contratista le quitó el pasaporte y le cobra una deuda que crece. Caso de demostración.",
        "steps": {
            "first-contact": {"private": True, "urgent_needs": ["shelter"]},
            "screening": {
                "ilo_indicators": ["retention_of_documents", "debt_bondage", "excessive_overtime"],
                "methods_of_control": ["withholding_documents", "debt_bondage", "excessive_hours"],
            },
            "exploitation": {"exploitation_type": "labour", "industry": "agriculture", "visa": "h2a"},
            "immigration-relief": {"relief": ["continued_presence"]},
        },
        "approve": [],
    },
)


@transaction.atomic
def create_demo_data(stdout: Any = None) -> None:
    """Load the shipped case types and open the three fictional protocol cases once."""
    for item in case_type_files_read(CONTENT_DIR):
        case_type_version_create(definition=item.definition, source=item.path.name)
    try:
        master_key()
    except ImproperlyConfigured:
        if stdout is not None:
            stdout.write("No demo protocol cases: JORNADA_CASE_KEY is not set.")
        return
    organisation = Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG)
    if CaseProtocol.objects.filter(case__organisation=organisation).exists():
        return
    author = User.objects.get(email=DEMO_EMAIL)
    for demo in DEMO_PROTOCOL_CASES:
        case = case_create(
            actor=author,
            organisation=organisation,
            worker_name=demo["worker_name"],
            narrative=demo["narrative"],
        )
        case_type = case_type_current(demo["slug"])
        if case_type is None:  # the content files were loaded above, so this is a broken checkout
            raise LookupError(f"No case type {demo['slug']} in {CONTENT_DIR}")
        case_protocol_choose(actor=author, case=case, case_type=case_type)
        for key, answers in demo["steps"].items():
            protocol_step_complete(actor=author, case=case, step_key=key, answers=answers)
            if key in demo["approve"]:
                protocol_step_approve(actor=author, case=case, step_key=key)
    if stdout is not None:
        stdout.write(
            "Demo protocols: 3 case types loaded; a child, a gender-based violence and a trafficking "
            "case (fictional) follow them in the demo organisation."
        )
