"""What the intake tests share: organisations that take requests, and marker answers easy to find in a dump."""

from __future__ import annotations

from typing import Any

from jornada.core import services as core_services
from jornada.core.models import Organisation
from jornada.intake.services import IntakeAnswers, IntakeReceipt, intake_submit

NAME = "Nombre-Solicitud-4K"
PHONE = "+52 951 555 0144"
SAFE_TIMES = "Horas-Seguras-4K: domingos"
PARTY = "Patron-Tecleado-4K"
NARRATIVE = "Relato-Solicitud-4K: no nos pagaron las horas extra."


def accepting(organisation: Organisation, **choices: Any) -> Organisation:
    """Make ``organisation`` take requests from Oaxaca and North Carolina in Spanish, any urgency."""
    values = {
        "places": ["MX-OAX", "US-NC"],
        "languages": ["es", "Mixteco"],
        "topics": ["wage-theft", "recruitment-fees", "child-alone"],
        "takes_urgent": True,
        **choices,
    }
    core_services.organisation_intake_update(
        organisation=organisation, by=None, accepts_intakes=True, **values
    )
    return organisation


def answers(**changes: Any) -> IntakeAnswers:
    """Answers a worker in Oaxaca might give, with every marker filled in."""
    values: dict[str, Any] = {
        "whereabouts": "home",
        "language": "Español",
        "categories": ["wage-theft"],
        "narrative": NARRATIVE,
        "party_name": PARTY,
        "place": "MX-OAX",
        "year": 2026,
        "contact_channel": "whatsapp",
        "contact": PHONE,
        "safe_times": SAFE_TIMES,
        "may_leave_message": False,
        "worker_name": NAME,
        "consent_contact": True,
        "consent_share": True,
        "consent_count": True,
        "any_organisation": True,
        **changes,
    }
    return IntakeAnswers(**values)


def submit(**changes: Any) -> IntakeReceipt:
    return intake_submit(answers=answers(**changes))
