"""Demo data for the staff intake queue (called by ``demo.create_demo_data`` after the worker-side requests): fictional requests waiting in the demo organisation's queue.

``queue_demo_create`` sends them through ``intake_submit`` like a worker's, spreads their
arrival over the last days (so the queue shows ages and its order), links some to the
fictional directory, and takes one in as a case, so that a waiting request naming the same
employer shows the conflict check. Every name, number and story is invented.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from jornada.cases.crypto import master_key
from jornada.cases.models import Case, ContactChannel
from jornada.core.demo import DEMO_EMAIL, DEMO_ORGANISATION_SLUG
from jornada.core.models import Organisation, User
from jornada.directory.models import Employer, Recruiter
from jornada.intake.models import Intake, UrgentReason, Whereabouts
from jornada.intake.services import IntakeAnswers, intake_submit
from jornada.intake.services_staff import intake_accept

# (answers, hours since it arrived, employer and recruiter name fragments in the demo directory)
QUEUE_DEMO_REQUESTS: tuple[tuple[IntakeAnswers, int, str, str], ...] = (
    (
        IntakeAnswers(
            whereabouts=Whereabouts.US,
            language="es",
            categories=["wage-theft"],
            narrative="No nos pagaron las horas extra de la cosecha de manzana. Solicitud de demostración: todo es inventado.",
            party_name="Huertas del Valle (ficticio)",
            place="US-WA",
            year=2026,
            contact_channel=ContactChannel.WHATSAPP,
            contact="+52 55 5555 0101",
            safe_times="Después de las 8 de la noche (ficticio)",
            worker_name="Rosa Inventada (ficticia)",
            consent_contact=True,
            consent_share=True,
            consent_count=True,
            organisations=[DEMO_ORGANISATION_SLUG],
        ),
        200,
        "Huertas del Valle",
        "",
    ),
    (
        IntakeAnswers(
            whereabouts=Whereabouts.US,
            language="Triqui",
            categories=["housing", "wage-theft"],
            narrative="Vivimos doce en un cuarto y nos descuentan la renta. Solicitud de demostración: todo es inventado.",
            party_name="Huertas del Valle (ficticio)",
            place="US-WA",
            year=2026,
            contact_channel=ContactChannel.CALL,
            contact="+1 509 555 0102",
            safe_times="Domingos (ficticio)",
            worker_name="Tomás Muestra (ficticio)",
            consent_contact=True,
            consent_count=True,
            organisations=[DEMO_ORGANISATION_SLUG],
        ),
        52,
        "Huertas del Valle",
        "",
    ),
    (
        IntakeAnswers(
            whereabouts=Whereabouts.US,
            language="Mam",
            categories=["document-retention"],
            urgent_reasons=[UrgentReason.DOCUMENTS_TAKEN, UrgentReason.THREATENED],
            narrative="El contratista se quedó con los pasaportes y dice que nos deporta si hablamos. Demostración: inventado.",
            place="US-GA",
            year=2026,
            contact_channel=ContactChannel.SMS,
            contact="+1 912 555 0103",
            safe_times="Solo mensajes, nunca llamadas (ficticio)",
            worker_name="Juana Ejemplo (ficticia)",
            consent_contact=True,
            organisations=[DEMO_ORGANISATION_SLUG],
        ),
        3,
        "",
        "Contrataciones Simuladas",
    ),
    (
        IntakeAnswers(
            whereabouts=Whereabouts.HOME,
            language="es",
            categories=["recruitment-fees", "travel-visa-costs"],
            narrative="Pagué 18,000 pesos por la visa y el camión. Solicitud de demostración: todo es inventado.",
            party_name="Agencia Inventada (ficticio)",
            place="MX-OAX",
            year=2025,
            worker_name="Mario Ficticio (ficticio)",
            consent_count=True,
            organisations=[DEMO_ORGANISATION_SLUG],
        ),
        30,
        "",
        "Agencia Inventada",
    ),
    (
        IntakeAnswers(
            whereabouts=Whereabouts.TRANSIT,
            language="Mixteco",
            categories=["injury-workers-compensation"],
            urgent_reasons=[UrgentReason.INJURY],
            narrative="Me lastimé la espalda cargando cajas y me mandaron de regreso sin pagarme. Demostración: inventado.",
            place="US-NC",
            year=2026,
            contact_channel=ContactChannel.WHATSAPP,
            contact="+52 951 555 0105",
            may_leave_message=True,
            safe_times="Cualquier hora (ficticio)",
            worker_name="Felipe Demo (ficticio)",
            consent_contact=True,
            consent_share=True,
            organisations=[DEMO_ORGANISATION_SLUG],
        ),
        7,
        "",
        "",
    ),
)


def _first(model: Any, fragment: str) -> Any:
    return model.objects.filter(name__icontains=fragment).order_by("pk").first() if fragment else None


@transaction.atomic
def queue_demo_create(stdout: Any = None) -> None:
    """Put the fictional requests in the demo organisation's queue, once; the oldest becomes a case."""
    try:
        master_key()
    except ImproperlyConfigured:
        if stdout is not None:
            stdout.write("No demo intake queue: JORNADA_CASE_KEY is not set.")
        return
    organisation = Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG)
    if Case.objects.filter(organisation=organisation, intake__isnull=False).exists():
        return  # already created: its first request was taken in as a case
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    advocate = User.objects.get(email=DEMO_EMAIL)
    case = None
    for answers, hours, employer, recruiter in QUEUE_DEMO_REQUESTS:
        intake = intake_submit(answers=answers).intake
        # Demo only: spread the arrivals so the queue shows its order and the time waited.
        received = now - timedelta(hours=hours)
        Intake.objects.filter(pk=intake.pk).update(
            received_at=received, employer=_first(Employer, employer), recruiter=_first(Recruiter, recruiter)
        )
        intake.recipients.update(received_at=received)
        if case is None:  # the first is taken in before the others arrive: no conflict to confirm
            # The demo cases may already name the same fictional employer: the advocate has looked.
            case = intake_accept(actor=advocate, intake_id=intake.pk, confirm_conflicts=True)
    if stdout is not None and case is not None:
        stdout.write(
            f"Demo intake queue: {len(QUEUE_DEMO_REQUESTS) - 1} fictional requests waiting, "
            f"one taken in as case {case.number}."
        )
