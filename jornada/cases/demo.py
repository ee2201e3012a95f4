"""Fictional cases for ``jornada demo_data`` (clearly invented, never real people)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from jornada.cases.crypto import master_key
from jornada.cases.demo_work import create_demo_work
from jornada.cases.models import Case
from jornada.cases.services import case_create, case_note_add
from jornada.core.demo import DEMO_EMAIL, DEMO_ORGANISATION_SLUG
from jornada.core.models import Organisation, User

DEMO_CASES: tuple[dict[str, str], ...] = (
    {
        "worker_name": "Juan Inventado Pérez (ficticio)",
        "contact": "WhatsApp +52 1 55 5555 0199, después de las 8 de la noche (ficticio)",
        "narrative": (
            "Pagó 15,000 pesos a un reclutador por una visa H-2A que la ley no le deja cobrar. "
            "Caso de demostración: todo es inventado."
        ),
        "note": "Primera llamada: quiere recuperar lo que pagó. Nota de demostración.",
    },
    {
        "worker_name": "María Ejemplo (ficticia)",
        "contact": "Llamada al +1 956 555 0188, sin dejar mensaje (ficticio)",
        "narrative": (
            "El patrón le retuvo el pasaporte al llegar al campo. Caso de demostración: todo es inventado."
        ),
        "note": "Se explicó que retener documentos es ilegal. Nota de demostración.",
    },
)


@transaction.atomic
def create_demo_data(stdout: Any = None) -> None:
    """Open the fictional cases once for the demo organisation."""
    try:
        master_key()
    except ImproperlyConfigured:
        if stdout is not None:
            stdout.write("No demo cases: JORNADA_CASE_KEY is not set.")
        return
    organisation = Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG)
    if Case.objects.filter(organisation=organisation).exists():
        return
    author = User.objects.get(email=DEMO_EMAIL)
    for demo in DEMO_CASES:
        case = case_create(
            actor=author,
            organisation=organisation,
            worker_name=demo["worker_name"],
            contact=demo["contact"],
            narrative=demo["narrative"],
        )
        case_note_add(actor=author, case=case, text=demo["note"])
    create_demo_work(organisation=organisation, author=author)  # tasks, a document, contacts
    if stdout is not None:
        stdout.write(
            f"Demo cases: {len(DEMO_CASES)} fictional cases opened (encrypted) for the demo organisation."
        )
