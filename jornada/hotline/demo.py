"""Demo data: a fictional consular protection line of the demo organisation, with calls and callbacks.

Every name, number and story is invented; the numbers are in ranges reserved for fiction
(555 01xx). The calls go through the same services as an operator's, so the call screen, the
callback queue and the report have something to show.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from jornada.cases.crypto import master_key
from jornada.core.demo import DEMO_EMAIL, DEMO_ORGANISATION_SLUG
from jornada.core.models import Membership, Organisation, Role, User
from jornada.hotline import services
from jornada.hotline.models import Call, CallbackResult, Hotline, HotlineOperator, Outcome
from jornada.hotline.services import CallbackAnswers

DEMO_HOTLINE_SLUG = "linea-consular-ficticia"

# (days ago, country called from, state of work, topics, language, outcome, urgent reasons)
DEMO_CALLS: tuple[tuple[int, str, str, list[str], str, str, list[str]], ...] = (
    (2, "US", "US-NC", ["wage-theft"], "es", Outcome.ADVICE, []),
    (5, "US", "US-GA", ["document-retention"], "mixteco", Outcome.INTAKE_OWN, ["documents_taken"]),
    (9, "MX", "MX-OAX", ["recruitment-fees"], "es", Outcome.ARTICLE_SENT, []),
    (16, "US", "US-NC", ["three-fourths-guarantee"], "es", Outcome.REFERRED, []),
    (23, "US", "US-FL", ["wage-theft"], "es", Outcome.DROPPED, []),
    (40, "MX", "MX", ["recruitment-fees"], "zapoteco", Outcome.ADVICE, []),
)


def create_demo_data(stdout: Any = None) -> None:
    """Add the demo line (the demo account answers it), then its calls and callbacks once."""
    organisation = Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG)
    hotline, _created = Hotline.objects.update_or_create(
        slug=DEMO_HOTLINE_SLUG,
        defaults={
            "organisation": organisation,
            "name": "Línea de Protección Consular Ficticia (demo)",
            "phone": "+19195550100",
            "whatsapp": "+19195550101",
            "time_zone": "America/New_York",
            "hours": [[day, "08:00", "18:00"] for day in range(5)] + [[5, "09:00", "13:00"]],
            "languages": ["es", "en", "mixteco"],
            "callback_limit_hours": 48,
        },
    )
    operator = User.objects.get(email=DEMO_EMAIL)
    membership = Membership.objects.get(user=operator, organisation=organisation, role=Role.ADVOCATE)
    HotlineOperator.objects.get_or_create(hotline=hotline, membership=membership)
    try:
        master_key()
    except ImproperlyConfigured:
        if stdout is not None:
            stdout.write("No demo hotline calls: JORNADA_CASE_KEY is not set.")
        return
    if not Call.objects.filter(hotline=hotline).exists():
        _calls(hotline, operator)
        _callbacks(hotline, operator)
    if stdout is not None:
        stdout.write(f"Demo hotline: /es/staff/hotline/ and /es/linea/{DEMO_HOTLINE_SLUG}/llamame/")


@transaction.atomic
def _calls(hotline: Hotline, operator: User) -> None:
    now = timezone.now()
    for index, (days, country, place, topics, language, outcome, urgent) in enumerate(DEMO_CALLS):
        call = services.call_start(actor=operator, hotline=hotline, token=f"demo-{index}")
        sections: dict[str, dict[str, Any]] = {
            "consent": {
                "consent_contact": outcome == Outcome.INTAKE_OWN,
                "caller_number": f"+1 919 555 01{20 + index}",
                "caller_name": "Persona Ficticia (demo)",
                "consent_count": True,
                "consent_share": True,
            },
            "what": {"categories": topics, "narrative": "Llamada de demostración: todo es inventado."},
            "where": {
                "caller_country": country,
                "place": place,
                "whereabouts": "us" if country == "US" else "home",
            },
            "language": {"language": language},
            "urgency": {"urgent_reasons": urgent},
        }
        for section, data in sections.items():
            services.call_section_save(actor=operator, call=call, section=section, data=data)
        services.call_end(
            actor=operator,
            call=call,
            outcome=outcome,
            referred_to="Línea de otra organización (ficticia)" if outcome == Outcome.REFERRED else "",
            article="Cobros de reclutamiento" if outcome == Outcome.ARTICLE_SENT else "",
        )
        started = now - timedelta(days=days, minutes=7 + index)
        Call.objects.filter(pk=call.pk).update(
            started_at=started, ended_at=started + timedelta(minutes=6 + index)
        )
        Call.objects.filter(pk=call.pk).update(minutes=6 + index)


@transaction.atomic
def _callbacks(hotline: Hotline, operator: User) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    made = [
        services.callback_request(
            hotline=hotline,
            answers=CallbackAnswers(
                day=tomorrow,
                from_time=time(10 + index, 0),
                until_time=time(12 + index, 0),
                language=language,
                number=f"+52 951 555 01{40 + index}",
                may_leave_message=index == 0,
            ),
        )
        for index, language in enumerate(("es", "mixteco", "es"))
    ]
    # One has waited three days (flagged to the supervisors), one was called back already.
    type(made[0]).objects.filter(pk=made[1].pk).update(requested_at=timezone.now() - timedelta(days=3))
    services.callbacks_flag_overdue()
    services.callback_take(actor=operator, callback=made[2])
    services.callback_record(actor=operator, callback=made[2], result=CallbackResult.MESSAGE_LEFT)
