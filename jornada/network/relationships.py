"""Relationship memory: contacts at partners, the interaction log, agreements, and the handover.

Everything here belongs to one staff organisation and is read and written for it only. A partner
contact's name and channel, and what the interaction log says, are personal data of the partner's
staff: sealed at rest under the organisation's memory key (``network.memory_keys``), opened only
by ``partner_memory``, which audits the read; audit events carry record ids only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jornada.cases.models import CaseTask
from jornada.core.audit import audit_record
from jornada.core.models import Membership, Organisation, User
from jornada.network.memory_keys import (
    CONTACT_SEALED_FIELDS,
    INTERACTION_SEALED_FIELDS,
    memory_key_for_reading,
    memory_key_for_writing,
    sealed_get,
    sealed_set,
)
from jornada.network.models import (
    Handover,
    Organization,
    PartnerAgreement,
    PartnerContact,
    PartnerInteraction,
)
from jornada.referrals.models import Referral, ReferralState

AUDIT_ACTIONS: dict[str, str | Promise] = {
    "network.contact_added": _("Added a contact at a partner"),
    "network.memory_read": _("Read the organisation's memory of a partner"),
    "network.contact_left": _("Recorded that a contact left a partner"),
    "network.interaction_added": _("Recorded an interaction with a partner"),
    "network.agreement_added": _("Recorded an agreement with a partner"),
    "network.handover_done": _("Handed a leaving member's relationships, referrals and tasks to a successor"),
}
# Referrals the sender still follows up: the handover moves these.
FOLLOWED_STATES = (ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.IN_PROGRESS)


# --- reads ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenContact:
    """A partner contact with its sealed fields opened."""

    record: PartnerContact
    name: str
    channel: str


@dataclass(frozen=True)
class OpenInteraction:
    """An interaction log entry with its sealed summary opened."""

    record: PartnerInteraction
    summary: str


@dataclass(frozen=True)
class PartnerMemory:
    partner: Organization
    contacts: list[OpenContact]
    interactions: list[OpenInteraction]
    agreements: list[PartnerAgreement]
    referrals_sent: list[Referral]
    referrals_received: list[Referral]


@transaction.atomic
def partner_memory(*, user: User, organisation: Organisation, partner: Organization) -> PartnerMemory:
    """What ``organisation`` knows of ``partner``, contacts and log opened for ``user``; audited.

    The caller has checked that ``user`` is staff of ``organisation``. Referrals both ways are
    listed when the partner uses Jornada.
    """
    sent: list[Referral] = []
    received: list[Referral] = []
    if partner.staff_organisation_id is not None:
        both = Referral.objects.select_related("topic").order_by("-sent_at")
        sent = list(both.filter(sender=organisation, receiver_id=partner.staff_organisation_id))
        received = list(both.filter(sender_id=partner.staff_organisation_id, receiver=organisation))
    contacts = list(
        PartnerContact.objects.filter(organisation=organisation, partner=partner).select_related("owner")
    )
    interactions = list(
        PartnerInteraction.objects.filter(organisation=organisation, partner=partner).select_related(
            "recorded_by"
        )
    )
    if contacts or interactions:
        audit_record(
            actor=user,
            action="network.memory_read",
            organisation=organisation,
            target=partner,
            detail={"contacts": len(contacts), "interactions": len(interactions)},
        )
    data_key = memory_key_for_reading(organisation) if contacts or interactions else None
    opened = [
        OpenContact(contact, **{name: sealed_get(contact, data_key, name) for name in CONTACT_SEALED_FIELDS})
        for contact in contacts
    ]
    # Current contacts first, then those who left; by name within each (names are sealed, so sorted here).
    opened.sort(key=lambda row: (row.record.until is not None, row.record.until or dt.date.min, row.name))
    return PartnerMemory(
        partner=partner,
        contacts=opened,
        interactions=[
            OpenInteraction(entry, summary=sealed_get(entry, data_key, "summary")) for entry in interactions
        ],
        agreements=list(
            PartnerAgreement.objects.filter(organisation=organisation, partner=partner).select_related(
                "owner"
            )
        ),
        referrals_sent=sent,
        referrals_received=received,
    )


def members_of(organisation: Organisation) -> QuerySet[User]:
    """The organisation's staff members, by name."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(organisation=organisation).values("user_id")
    ).order_by("name", "pk")


@dataclass(frozen=True)
class HandoverChecklist:
    contacts: list[PartnerContact]
    agreements: list[PartnerAgreement]
    referrals: list[Referral]
    tasks: list[CaseTask]

    def counts(self) -> dict[str, int]:
        return {
            "contacts": len(self.contacts),
            "agreements": len(self.agreements),
            "referrals": len(self.referrals),
            "tasks": len(self.tasks),
        }


def _followed_by(organisation: Organisation, user: User) -> QuerySet[Referral]:
    return Referral.objects.filter(sender=organisation, state__in=FOLLOWED_STATES).filter(
        Q(responsible=user) | Q(responsible__isnull=True, sent_by=user)
    )


def handover_checklist(*, organisation: Organisation, leaving: User) -> HandoverChecklist:
    """What ``leaving`` holds in ``organisation`` and no one else: what a handover moves."""
    return HandoverChecklist(
        contacts=list(
            PartnerContact.objects.filter(organisation=organisation, owner=leaving).select_related("partner")
        ),
        agreements=list(
            PartnerAgreement.objects.filter(organisation=organisation, owner=leaving).select_related(
                "partner"
            )
        ),
        referrals=list(_followed_by(organisation, leaving).select_related("case", "topic")),
        tasks=list(
            CaseTask.objects.filter(
                case__organisation=organisation, owner=leaving, done_on__isnull=True
            ).select_related("case")
        ),
    )


# --- writes --------------------------------------------------------------------------------------


def _sealed_values(
    values: dict[str, Any], fields: tuple[str, ...], *, required: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """Split ``values`` into model fields and the fields to seal; refuse an empty ``required`` one."""
    plain = {key: value for key, value in values.items() if key not in fields}
    sealed = {key: str(values.get(key) or "").strip() for key in fields}
    if not sealed[required]:
        raise ValidationError({required: ValidationError(_("This field is required."), code="required")})
    return plain, sealed


def _seal_into(
    record: PartnerContact | PartnerInteraction, organisation: Organisation, sealed: dict[str, str]
) -> None:
    """Seal ``sealed`` into the saved ``record`` under the organisation's memory key and store them."""
    data_key = memory_key_for_writing(organisation)
    for name, value in sealed.items():
        sealed_set(record, data_key, name, value)
    record.save(update_fields=[f"{name}_sealed" for name in sealed])


@transaction.atomic
def partner_contact_add(
    *, organisation: Organisation, partner: Organization, by: User, values: dict[str, Any]
) -> PartnerContact:
    """Add a contact at ``partner`` to the organisation's memory, kept by ``by`` unless another owner is given.

    ``values`` holds ``name`` and ``channel`` in clear; they are stored sealed.
    """
    plain, sealed = _sealed_values(values, CONTACT_SEALED_FIELDS, required="name")
    contact = PartnerContact(organisation=organisation, partner=partner, **plain)
    if contact.owner_id is None:
        contact.owner = by
    contact.full_clean()
    contact.save()
    _seal_into(contact, organisation, sealed)
    audit_record(actor=by, action="network.contact_added", organisation=organisation, target=contact)
    return contact


@transaction.atomic
def partner_contact_leave(
    *, contact: PartnerContact, by: User, until: dt.date | None = None
) -> PartnerContact:
    """Record that the contact left the partner (today unless ``until``); the memory keeps them, dated."""
    contact = PartnerContact.objects.select_for_update().get(pk=contact.pk)
    until = until or timezone.localdate()
    if contact.since and until < contact.since:
        raise ValidationError(_("“Until” cannot come before “since”."), code="until_before_since")
    contact.until = until
    contact.save(update_fields=["until"])
    audit_record(actor=by, action="network.contact_left", organisation=contact.organisation, target=contact)
    return contact


@transaction.atomic
def partner_interaction_add(
    *, organisation: Organisation, partner: Organization, by: User, values: dict[str, Any]
) -> PartnerInteraction:
    """Write one entry of the interaction log with ``partner``; ``values["summary"]`` is stored sealed."""
    plain, sealed = _sealed_values(values, INTERACTION_SEALED_FIELDS, required="summary")
    entry = PartnerInteraction(organisation=organisation, partner=partner, recorded_by=by, **plain)
    entry.full_clean()
    entry.save()
    _seal_into(entry, organisation, sealed)
    audit_record(actor=by, action="network.interaction_added", organisation=organisation, target=entry)
    return entry


@transaction.atomic
def partner_agreement_add(
    *, organisation: Organisation, partner: Organization, by: User, values: dict[str, Any]
) -> PartnerAgreement:
    """Record an agreement or MOU with ``partner``, kept by ``by`` unless another owner is given."""
    agreement = PartnerAgreement(organisation=organisation, partner=partner, **values)
    if agreement.owner_id is None:
        agreement.owner = by
    agreement.full_clean()
    agreement.save()
    audit_record(actor=by, action="network.agreement_added", organisation=organisation, target=agreement)
    return agreement


def _check_member(organisation: Organisation, user: User, field: str) -> None:
    if not Membership.objects.filter(organisation=organisation, user=user).exists():
        error = ValidationError(
            _("%(name)s is not a member of this organisation."), code="not_member", params={"name": user.name}
        )
        raise ValidationError({field: error})


@transaction.atomic
def handover_do(*, organisation: Organisation, leaving: User, successor: User, by: User) -> Handover:
    """Move everything ``leaving`` holds in ``organisation`` to ``successor``, all or nothing, audited.

    Moves the partner contacts and agreements they keep, the open referrals they follow up and
    their open case tasks; nothing of another organisation, nothing closed.
    """
    if leaving.pk == successor.pk:
        raise ValidationError(
            {
                "successor": ValidationError(
                    _("Choose someone other than the person leaving."), code="same_person"
                )
            }
        )
    _check_member(organisation, leaving, "leaving")
    _check_member(organisation, successor, "successor")
    checklist = handover_checklist(organisation=organisation, leaving=leaving)
    PartnerContact.objects.filter(pk__in=[row.pk for row in checklist.contacts]).update(owner=successor)
    PartnerAgreement.objects.filter(pk__in=[row.pk for row in checklist.agreements]).update(owner=successor)
    Referral.objects.filter(pk__in=[row.pk for row in checklist.referrals]).update(responsible=successor)
    CaseTask.objects.filter(pk__in=[row.pk for row in checklist.tasks]).update(owner=successor)
    handover = Handover.objects.create(
        organisation=organisation, leaving=leaving, successor=successor, by=by, moved=checklist.counts()
    )
    audit_record(
        actor=by,
        action="network.handover_done",
        organisation=organisation,
        target=handover,
        detail={"leaving": leaving.pk, "successor": successor.pk, **checklist.counts()},
    )
    return handover
