"""What the hotline tests share: a line of an organisation with its operators, and calls through it."""

from __future__ import annotations

import secrets
from typing import Any

from jornada.core.models import Membership, Organisation, Role, User
from jornada.hotline import services
from jornada.hotline.models import Call, Hotline, HotlineOperator, Outcome

NUMBER = "+52 951 555 0144"
NARRATIVE = "Relato-Llamada-7Q: el mayordomo se quedó con los pasaportes."
CALLER = "Nombre-Llamada-7Q"


def hotline_of(organisation: Organisation, *operators: User, **values: Any) -> Hotline:
    """A line of ``organisation`` open every day 08:00–20:00 in Mexico City, answered by ``operators``."""
    fields: dict[str, Any] = {
        "name": f"Línea {organisation.name}",
        "slug": f"linea-{organisation.slug}",
        "phone": "+525555550100",
        "time_zone": "America/Mexico_City",
        "hours": [[day, "08:00", "20:00"] for day in range(7)],
        "languages": ["es", "mixteco"],
        **values,
    }
    hotline = Hotline.objects.create(organisation=organisation, **fields)
    for user in operators:
        membership = Membership.objects.filter(user=user, organisation=organisation).order_by("pk").first()
        if membership is None:
            membership = Membership.objects.create(user=user, organisation=organisation, role=Role.ADVOCATE)
        HotlineOperator.objects.create(hotline=hotline, membership=membership)
    return hotline


def full_call(hotline: Hotline, operator: User, *, outcome: str = Outcome.ADVICE, **sections: Any) -> Call:
    """A call with every section answered, ended with ``outcome``."""
    call = services.call_start(actor=operator, hotline=hotline, token=secrets.token_hex(8))
    answers: dict[str, dict[str, Any]] = {
        "consent": {
            "consent_contact": True,
            "caller_number": NUMBER,
            "may_leave_message": True,
            "caller_name": CALLER,
            "consent_count": True,
            "consent_share": True,
        },
        "what": {"categories": ["wage-theft"], "narrative": NARRATIVE},
        "who": {"employer_id": None, "recruiter_id": None, "party_name": "Patrón-7Q"},
        "where": {"caller_country": "US", "place": "US-NC", "whereabouts": "us"},
        "language": {"language": "Español"},
        "urgency": {"urgent_reasons": []},
        **sections,
    }
    for section, data in answers.items():
        services.call_section_save(actor=operator, call=call, section=section, data=data)
    return services.call_end(actor=operator, call=call, outcome=outcome, referred_to="Otra línea").call
