"""Demo data: a second fictional organisation taking requests for help, and a few fictional requests.

The requests go through ``intake_submit`` like a worker's, so the staff queue has something to
show; every name, number and story in them is invented.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from jornada.cases.crypto import master_key
from jornada.cases.models import ContactChannel
from jornada.core.demo import DEMO_ORGANISATION_SLUG
from jornada.core.models import Organisation
from jornada.core.services import organisation_intake_update
from jornada.intake.demo_queue import queue_demo_create
from jornada.intake.models import IntakeRecipient, UrgentReason, Whereabouts
from jornada.intake.services import IntakeAnswers, intake_submit

SECOND_ORGANISATION_SLUG = "defensa-legal-ficticia"

DEMO_REQUESTS: tuple[IntakeAnswers, ...] = (
    IntakeAnswers(
        whereabouts=Whereabouts.US,
        language="es",
        categories=["wage-theft", "three-fourths-guarantee"],
        narrative="Nos pagan menos horas de las que trabajamos en la cosecha. Solicitud de demostración: todo es inventado.",
        party_name="Granja Inventada del Valle (ficticia)",
        place="US-NC",
        year=2026,
        contact_channel=ContactChannel.WHATSAPP,
        contact="+52 55 5555 0177",
        safe_times="Domingos por la tarde (ficticio)",
        worker_name="Pedro Ejemplo (ficticio)",
        consent_contact=True,
        consent_share=True,
        consent_count=True,
        any_organisation=True,
    ),
    IntakeAnswers(
        whereabouts=Whereabouts.US,
        language="Mixteco",
        categories=["document-retention"],
        narrative="El mayordomo guarda nuestros pasaportes. Solicitud de demostración: todo es inventado.",
        place="US-GA",
        urgent_reasons=[UrgentReason.DOCUMENTS_TAKEN],
        contact_channel=ContactChannel.CALL,
        contact="+1 912 555 0144",
        may_leave_message=False,
        consent_contact=True,
        any_organisation=True,
    ),
    IntakeAnswers(
        whereabouts=Whereabouts.HOME,
        language="es",
        categories=["recruitment-fees"],
        narrative="Pagué 12,000 pesos a un reclutador en Oaxaca. No quiero que me contacten. Solicitud de demostración.",
        place="MX-OAX",
        year=2025,
        consent_count=True,
        organisations=[DEMO_ORGANISATION_SLUG],
    ),
)


@transaction.atomic
def create_demo_data(stdout: Any = None) -> None:
    """Add the second organisation taking requests, then send the fictional requests once."""
    organisation, _created = Organisation.objects.update_or_create(
        slug=SECOND_ORGANISATION_SLUG,
        defaults={
            "name": "Defensa Legal Ficticia del Sureste (demo)",
            "kind": Organisation.Kind.LEGAL_AID,
            "country": "US",
            "is_fictional": True,
        },
    )
    organisation_intake_update(
        organisation=organisation,
        by=None,
        accepts_intakes=True,
        places=("US-GA", "US-FL", "US-NC", "MX"),
        languages=("es", "en", "zapoteco", "mixteco"),
        topics=("wage-theft", "three-fourths-guarantee", "document-retention", "housing"),
        takes_urgent=False,
        office_hours_es="Martes y jueves, de 10 de la mañana a 4 de la tarde (hora del Este).",
        office_hours_en="Tuesday and Thursday, 10 am to 4 pm (Eastern time).",
    )
    try:
        master_key()
    except ImproperlyConfigured:
        if stdout is not None:
            stdout.write("No demo requests for help: JORNADA_CASE_KEY is not set.")
        return
    if not IntakeRecipient.objects.filter(organisation__slug=DEMO_ORGANISATION_SLUG).exists():
        for answers in DEMO_REQUESTS:
            intake_submit(answers=answers)
        if stdout is not None:
            stdout.write(f"Demo requests for help: {len(DEMO_REQUESTS)} fictional requests sent.")
    # Then the demo organisation's own queue, with ages and a request already taken in (once).
    queue_demo_create(stdout=stdout)
