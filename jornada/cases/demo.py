"""Fictional cases for ``jornada demo_data`` (clearly invented, never real people)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from jornada.cases.crypto import master_key
from jornada.cases.demo_work import create_demo_work
from jornada.cases.models import Case, CaseSettings
from jornada.cases.services import case_create, case_note_add
from jornada.cases.workflow import (
    case_assign,
    case_categories_set,
    case_closing_record,
    case_evaluation_record,
    case_party_add,
    case_reopen,
)
from jornada.core.demo import DEMO_EMAIL, DEMO_ORGANISATION_SLUG
from jornada.core.models import Organisation, User
from jornada.directory.models import Employer

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

# The case work each demo case gets, in order, so the list shows every stage and outcome.
# ``stage`` is where the steps below leave the case; nothing stores it.
DEMO_WORK: tuple[dict[str, Any], ...] = (
    {"stage": "new", "urgent": True, "categories": ["document-retention"]},
    {"stage": "evaluation", "categories": ["recruitment-fees", "ilo-debt-bondage"]},
    {"stage": "open", "categories": ["wage-theft", "three-fourths-guarantee"]},
    {
        "stage": "closed",
        "categories": ["wage-theft"],
        "closing": {
            "outcome": "settlement",
            "summary": "El patrón pagó lo que debía tras una carta. Demostración.",
            "back_wages": "2450.00",
            "back_wages_currency": "USD",
        },
    },
    {
        "stage": "closed",
        "categories": ["recruitment-fees"],
        "closing": {
            "outcome": "complaint",
            "complaint_body": "consulate",
            "summary": "Queja ante el consulado por el cobro de la visa. Demostración.",
            "fees": "15000.00",
            "fees_currency": "MXN",
        },
    },
    {
        "stage": "closed",
        "categories": ["housing"],
        "closing": {"outcome": "no_action", "summary": "La trabajadora decidió no seguir. Demostración."},
    },
    {
        "stage": "reopened",
        "categories": ["retaliation-blacklisting"],
        "closing": {"outcome": "advice", "summary": "Se le explicaron sus derechos. Demostración."},
        "reopen": "Volvió a llamar: no la contrataron esta temporada. Demostración.",
    },
    {
        "stage": "open",
        "categories": ["pesticides-safety"],
        "closing": {
            "outcome": "complaint",
            "complaint_body": "whd",
            "summary": "Queja ante WHD. Demostración.",
        },
        "closing_waits": True,
    },
)


def _work(case: Case, work: dict[str, Any], author: User, number: int) -> None:
    """Take ``case`` to the stage ``work`` describes, through the same services as the pages."""
    case_categories_set(actor=author, case=case, codes=work["categories"])
    employer = Employer.objects.filter(is_fictional=True).order_by("pk")[number : number + 1].first()
    if employer is not None:
        case_party_add(actor=author, case=case, role="employer", employer=employer)
    else:
        case_party_add(actor=author, case=case, role="employer", name=f"Rancho Inventado {number} (ficticio)")
    case_party_add(actor=author, case=case, role="foreman", name="Mayordomo Ejemplo (ficticio)")
    if work["stage"] == "new":
        return
    case_assign(actor=author, case=case, advocate=author)
    if work["stage"] == "evaluation":
        return
    case_evaluation_record(
        actor=author,
        case=case,
        decision="take",
        summary="Hay pruebas suficientes. Evaluación de demostración.",
    )
    if "closing" in work:
        if work.get("closing_waits"):
            CaseSettings.objects.update_or_create(
                organisation=case.organisation, defaults={"closing_needs_approval": True}
            )
        case_closing_record(actor=author, case=case, **work["closing"])
    if "reopen" in work:
        case_reopen(actor=author, case=case, reason=work["reopen"])


@transaction.atomic
def create_demo_data(stdout: Any = None) -> None:
    """Open the fictional cases once for the demo organisation and work each to its stage."""
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
    for number, work in enumerate(DEMO_WORK):
        demo = DEMO_CASES[number % len(DEMO_CASES)]
        case = case_create(
            actor=author,
            organisation=organisation,
            worker_name=demo["worker_name"],
            contact=demo["contact"],
            narrative=demo["narrative"],
            urgent=work.get("urgent", False),
        )
        case_note_add(actor=author, case=case, text=demo["note"])
        _work(case, work, author, number)
    create_demo_work(organisation=organisation, author=author)  # tasks, a document, contacts
    if stdout is not None:
        stdout.write(
            f"Demo cases: {len(DEMO_WORK)} fictional cases opened (encrypted) for the demo organisation, "
            "at every stage, with parties, categories and closings."
        )
