"""Fictional referrals for ``jornada demo_data``: from the demo organisation to intake's second one.

The second fictional organisation (``jornada.intake.demo``) takes wage-theft cases; it has no
staff account, so its referral waits for an answer. A second referral goes by letter to an
invented clinic outside Jornada.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from jornada.cases.consent import case_consent_given, case_consent_record
from jornada.cases.crypto import master_key
from jornada.cases.models import Case
from jornada.core.demo import DEMO_EMAIL, DEMO_ORGANISATION_SLUG
from jornada.core.models import Organisation, User
from jornada.intake.demo import SECOND_ORGANISATION_SLUG
from jornada.referrals.models import Referral
from jornada.referrals.services import receiver_accepts, referral_letter_record, referral_send
from jornada.vocabulary.models import Category

TOPIC = "wage-theft"


@transaction.atomic
def create_demo_data(stdout: Any = None) -> None:
    """Refer the demo organisation's first fictional case to the second one, and by letter, once."""
    try:
        master_key()
    except ImproperlyConfigured:
        return  # no case key configured: the cases demo made no case either
    if Referral.objects.filter(sender__slug=DEMO_ORGANISATION_SLUG).exists():
        return
    organisation = Organisation.objects.filter(slug=DEMO_ORGANISATION_SLUG).first()
    partner = Organisation.objects.filter(slug=SECOND_ORGANISATION_SLUG).first()
    staff = User.objects.filter(email=DEMO_EMAIL).first()
    case = Case.objects.filter(organisation=organisation, anonymised_at=None).order_by("number").first()
    topic = Category.objects.filter(code=TOPIC).first()
    if partner is None or staff is None or case is None or topic is None:
        return
    if not case_consent_given(case=case, purpose="referral"):
        case_consent_record(actor=staff, case=case, purpose="referral", method="verbal")
    if receiver_accepts(partner, topic):
        referral_send(
            actor=staff,
            case=case,
            receiver=partner,
            topic=topic,
            fields=["worker_name", "contact", "categories"],
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
        stdout.write("Demo referrals: one to a second fictional organisation, one by letter.")
