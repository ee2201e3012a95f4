"""Fictional published scam warnings for ``jornada demo_data`` (clearly invented, never real people)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from jornada.alerts.models import ScamReport
from jornada.alerts.services import identifiers_sync
from jornada.contributions.models import Status
from jornada.contributions.receipts import new_receipt_code, receipt_hash

# 555 numbers are reserved for fiction in Mexico's and the US numbering plans' usual examples;
# "(ficticio)" in every name says it again on the page.
DEMO_WARNINGS: tuple[dict[str, Any], ...] = (
    {
        "contact_name": "Lic. Ramiro Inventado (ficticio)",
        "contact_organisation": "Visas Seguras del Norte (ficticia)",
        "contact_phone": "+52 1 55 5555 0101",
        "contact_whatsapp": "55 5555 0101",
        "contact_facebook": "https://m.facebook.com/visas.seguras.ficticias/",
        "state": "Puebla",
        "country": "MX",
        "offer_job": "Pizca de manzana",
        "offer_place": "Washington",
        "programme": "h2a",
        "asked_amount": Decimal("18000"),
        "asked_currency": "MXN",
        "asked_for": "la visa y el lugar",
        "payment_method": "deposit",
        "account_holder": "Ramiro Inventado (ficticio)",
        "paid": "no",
        "text": "Pedían depósito para apartar el lugar. Aviso de demostración: todo es inventado.",
    },
    {
        "contact_organisation": "Trabajos USA Express (ficticia)",
        "contact_phone": "+1 956 555 0142",
        "contact_website": "https://trabajos-usa-express.example/",
        "state": "Tamaulipas",
        "country": "MX",
        "offer_job": "Jardinería",
        "programme": "h2b",
        "asked_amount": Decimal("450"),
        "asked_currency": "USD",
        "asked_for": "el examen médico",
        "payment_method": "transfer",
        "paid": "part",
        "text": "Dijeron que el patrón no existía en internet pero sí en el gobierno. Aviso de demostración.",
    },
)


@transaction.atomic
def create_demo_data(stdout: Any = None) -> None:
    """Create the fictional warnings once (found again by their organisation's name)."""
    created = 0
    for fields in DEMO_WARNINGS:
        if ScamReport.objects.filter(contact_organisation=fields["contact_organisation"]).exists():
            continue
        report = ScamReport(receipt_hash=receipt_hash(new_receipt_code()), status=Status.PUBLISHED, **fields)
        report.full_clean()
        report.save()
        identifiers_sync(report)
        created += 1
    if stdout is not None:
        stdout.write(f"Fictional scam warnings: {created} created.")
