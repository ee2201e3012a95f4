"""Factories for scam reports (fictional data only)."""

from __future__ import annotations

from typing import Any

import factory

from jornada.alerts.models import ScamReport
from jornada.alerts.services import identifiers_sync
from jornada.contributions.models import Status
from jornada.contributions.receipts import new_receipt_code, receipt_hash
from jornada.contributions.services import public_change


class ReportFactory(factory.django.DjangoModelFactory):
    """A report; pass ``code=`` to know its receipt code (a fresh one otherwise)."""

    class Meta:
        model = ScamReport
        skip_postgeneration_save = True

    class Params:
        code = factory.LazyFunction(new_receipt_code)

    receipt_hash = factory.LazyAttribute(lambda o: receipt_hash(o.code))
    contact_name = "Licenciado Inventado Pérez"
    contact_organisation = "Visas Rápidas Ficticias"
    contact_phone = "+52 1 55 1234 5678"
    contact_facebook = "https://m.facebook.com/visas.rapidas.ficticias/?ref=bookmarks"
    asked_amount = 15000
    asked_currency = "MXN"
    asked_for = "la visa"
    payment_method = "deposit"
    paid = "no"
    state = "Oaxaca"
    country = "MX"
    text = "Me pidieron 15 mil pesos para la visa por depósito."
    status = Status.RECEIVED

    @factory.post_generation
    def look_up(obj: ScamReport, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Its look-up rows, as the services write them."""
        if create:
            identifiers_sync(obj)


def published_warning(**fields: Any) -> ScamReport:
    """A warning that moderators published."""
    report: ScamReport = ReportFactory(**fields)
    report.status = Status.PUBLISHED
    report.save()
    identifiers_sync(report)
    public_change(report)  # as publishing through the services does
    return report


def report_data(**overrides: Any) -> dict[str, Any]:
    """A valid report as the web form posts it."""
    data: dict[str, Any] = {
        "contact_name": "Licenciado Inventado Pérez",
        "contact_organisation": "Visas Rápidas Ficticias",
        "contact_phone": "55 1234 5678",
        "contact_whatsapp": "",
        "contact_facebook": "facebook.com/visas.rapidas.ficticias",
        "contact_website": "",
        "contact_address": "",
        "town": "Tlaxiaco",
        "state": "Oaxaca",
        "country": "MX",
        "offer_employer": "",
        "offer_job": "Pizcar manzana",
        "programme": "h2a",
        "asked_amount": "15,000",
        "asked_currency": "MXN",
        "asked_for": "la visa",
        "payment_method": "deposit",
        "account_holder": "",
        "paid": "no",
        "text": "Me pidieron 15 mil pesos para la visa.",
        "go": "send",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
