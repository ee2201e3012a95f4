"""Fictional referrals for ``jornada demo_data``: the demo organisation and a second, invented one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from jornada.cases.consent import case_consent_given, case_consent_record
from jornada.cases.crypto import master_key
from jornada.cases.models import Case
from jornada.cases.services import case_create
from jornada.cases.workflow import case_categories_set
from jornada.core import services as core_services
from jornada.core.demo import DEMO_EMAIL, DEMO_ORGANISATION_SLUG
from jornada.core.models import Membership, Organisation, Role, User
from jornada.referrals.models import Referral
from jornada.referrals.services import (
    referral_accept,
    referral_letter_record,
    referral_progress,
    referral_send,
)
from jornada.vocabulary.models import Category

PARTNER_SLUG = "defensoria-ficticia-demo"
PARTNER_EMAIL = "demo-partner@example.org"  # example.org: reserved for documentation, no real inbox
TOPIC = "wage-theft"


def _partner() -> tuple[Organisation, User]:
    partner, _created = Organisation.objects.get_or_create(
        slug=PARTNER_SLUG,
        defaults={"name": "Defensoría Laboral Ficticia (demo)", "is_fictional": True},
    )
    user, _created = User.objects.get_or_create(
        email=PARTNER_EMAIL, defaults={"name": "Rosa Ejemplo (ficticia)", "is_active": True}
    )
    for role in (Role.ADVOCATE, Role.SUPERVISOR):
        Membership.objects.get_or_create(user=user, organisation=partner, role=role)
    core_services.organisation_intake_update(
        organisation=partner,
        by=None,
        accepts_intakes=True,
        places=["US-NC", "MX-OAX"],
        languages=["es"],
        topics=[TOPIC, "recruitment-fees"],
        takes_urgent=False,
    )
    return partner, user


@transaction.atomic
def create_demo_data(stdout: Any = None) -> None:
    """Refer one fictional case from the demo organisation to a fictional partner, and one by letter."""
    try:
        master_key()
    except ImproperlyConfigured:
        return  # no case key configured: the cases demo skipped too
    if Referral.objects.filter(receiver__slug=PARTNER_SLUG).exists():
        return
    organisation = Organisation.objects.filter(slug=DEMO_ORGANISATION_SLUG).first()
    staff = User.objects.filter(email=DEMO_EMAIL).first()
    if organisation is None or staff is None:
        return
    partner, partner_user = _partner()
    case = Case.objects.filter(organisation=organisation).order_by("created_at").first()
    if case is None:
        case = case_create(
            actor=staff,
            organisation=organisation,
            worker_name="Pedro Inventado (ficticio)",
            contact="WhatsApp +52 1 55 5555 0155 (ficticio)",
            narrative="No le pagaron las horas extra. Caso de demostración: todo es inventado.",
        )
        case_categories_set(actor=staff, case=case, codes=[TOPIC])
    if not case_consent_given(case=case, purpose="referral"):
        case_consent_record(actor=staff, case=case, purpose="referral", method="verbal")
    topic = Category.objects.get(code=TOPIC)
    referral = referral_send(
        actor=staff,
        case=case,
        receiver=partner,
        topic=topic,
        fields=["worker_name", "contact", "categories"],
    )
    referral_accept(actor=partner_user, referral=referral)
    referral_progress(
        actor=partner_user,
        referral=referral,
        feedback="Primera cita el lunes (retroalimentación de demostración).",
    )
    referral_letter_record(
        actor=staff,
        case=case,
        partner_name="Clínica Comunitaria Ficticia del Valle (demo)",
        partner_contact="recepcion@example.org",
        fields=["worker_name", "categories"],
        topic=topic,
    )
    if stdout is not None:
        stdout.write("Demo referrals: one to a fictional partner that uses Jornada, one by letter.")
