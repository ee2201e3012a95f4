"""What the referrals tests share: a case with every marker filled in, and a partner that takes it."""

from __future__ import annotations

from collections.abc import Iterable

from jornada.cases.consent import case_consent_record
from jornada.cases.models import Case
from jornada.cases.tests.helpers import CONTACT, NAME, NARRATIVE, NOTE, add_task, open_case
from jornada.cases.workflow import case_categories_set, case_party_add
from jornada.core import services as core_services
from jornada.core.models import Organisation, User
from jornada.core.tests.factories import OrganisationFactory, member
from jornada.referrals.models import Referral
from jornada.referrals.services import receiver_accepts, referral_send
from jornada.vocabulary.models import Category

SAFE_TIMES = "Horas-Unicas-7Q: después de las 9 de la noche"
PARTY = "Capataz-Unico-7Q"
TOPIC = "wage-theft"
# What must never reach a receiver that was sent only the name and the categories.
UNSHARED = (
    "Contacto-Unico-7Q",
    "Relato-Unico-7Q",
    "Nota-Unica-7Q",
    "Horas-Unicas-7Q",
    PARTY,
    "Tarea-Unica-7Q",
)


def taking(organisation: Organisation, *topics: str) -> Organisation:
    """Make ``organisation`` take cases about ``topics`` (default: wage theft)."""
    core_services.organisation_intake_update(
        organisation=organisation,
        by=None,
        accepts_intakes=True,
        places=["MX-OAX"],
        languages=["es"],
        topics=list(topics or [TOPIC]),
        takes_urgent=True,
    )
    return organisation


def full_case(organisation: Organisation, actor: User, *, consent: bool = True) -> Case:
    """Open a case carrying every marker: name, contact, safe times, story, a note, a party, a task."""
    case = open_case(organisation, actor, safe_times=SAFE_TIMES)
    case_party_add(actor=actor, case=case, role="foreman", name=PARTY)
    case_categories_set(actor=actor, case=case, codes=[TOPIC])
    add_task(case, actor)
    if consent:
        case_consent_record(actor=actor, case=case, purpose="referral", method="verbal")
    return case


def third_organisation(slug: str = "centro-c") -> tuple[Organisation, User]:
    """A third organisation C, taking wage-theft cases, with dora holding every case role."""
    organisation = taking(OrganisationFactory(name="Centro C", slug=slug))
    return organisation, member(
        organisation, "advocate", "supervisor", name="Dora", email=f"dora@{slug}.example.org"
    )


def send(
    case: Case, actor: User, receiver: Organisation, fields: Iterable[str] = ("worker_name", "categories")
) -> Referral:
    """Refer ``case`` to ``receiver`` (made to take wage theft) sharing ``fields``."""
    topic = Category.objects.get(code=TOPIC)
    if not receiver_accepts(receiver, topic):
        taking(receiver)
    return referral_send(actor=actor, case=case, receiver=receiver, topic=topic, fields=list(fields))


__all__ = ["CONTACT", "NAME", "NARRATIVE", "NOTE"]
