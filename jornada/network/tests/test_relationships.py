"""Relationship memory: each organisation's own contacts, interactions and agreements with partners,
reminders of renewals, and the handover when a member leaves."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jornada.cases.models import CaseTask
from jornada.cases.tests.helpers import add_task
from jornada.core.models import AuditEvent, Membership
from jornada.core.tests.factories import member
from jornada.network import relationships
from jornada.network.models import (
    Handover,
    Organization,
    PartnerAgreement,
    PartnerContact,
    PartnerInteraction,
)
from jornada.referrals.models import Referral, ReferralState
from jornada.referrals.tests.helpers import full_case, send

pytestmark = pytest.mark.django_db
CONTACT_NAME = "Contacta-Unica-9R"
CONTACT_CHANNEL = "+1 919 555 0199"


def partner(name: str = "Defensa Ficticia", **fields: Any) -> Organization:
    return Organization.objects.create(name=name, description="A partner.", **fields)


def add_contact(*, organisation: Any, partner: Any, owner: Any = None, **values: Any) -> PartnerContact:
    """Add a contact through the service, which seals its name and channel."""
    return relationships.partner_contact_add(
        organisation=organisation, partner=partner, by=owner, values={"owner": owner, **values}
    )


def page_url(orgs: Any, entry: Organization, organisation: Any = None) -> str:
    slug = (organisation or orgs.a).slug
    return reverse("network:partner", kwargs={"slug": slug, "partner": entry.pk})


def test_it_keeps_contacts_interactions_and_agreements_of_a_partner(
    three_orgs: Any, staff_client: Any
) -> None:
    """charlie records a contact, a call and an MOU; the page shows them to A's staff, kept by charlie."""
    entry = partner()
    client = staff_client(three_orgs.charlie)
    url = page_url(three_orgs, entry)
    posts = [
        {"form": "contact", "contact-name": CONTACT_NAME, "contact-role": "Coordinadora",
         "contact-channel": CONTACT_CHANNEL, "contact-since": "2025-03-01"},
        {"form": "interaction", "interaction-kind": "call", "interaction-happened_on": "2026-11-02",
         "interaction-summary": "Llamada sobre la clínica de salarios."},
        {"form": "agreement", "agreement-kind": "mou", "agreement-title": "MOU de referencias",
         "agreement-signed_on": "2025-01-15", "agreement-renew_on": "2027-01-15"},
    ]  # fmt: skip
    for data in posts:
        assert client.post(url, data).status_code == 302
    contact = PartnerContact.objects.get()
    assert (contact.organisation, contact.owner) == (three_orgs.a, three_orgs.charlie)
    assert PartnerAgreement.objects.get().owner == three_orgs.charlie
    assert PartnerInteraction.objects.get().recorded_by == three_orgs.charlie
    page = staff_client(three_orgs.alice).get(url).content.decode()
    for text in (
        CONTACT_NAME,
        CONTACT_CHANNEL,
        "Llamada sobre la clínica de salarios.",
        "MOU de referencias",
    ):
        assert text in page
    audit = AuditEvent.objects.filter(action__startswith="network.")
    assert sorted(audit.values_list("action", flat=True)) == [
        "network.agreement_added",
        "network.contact_added",
        "network.interaction_added",
        "network.memory_read",
    ]
    assert not [
        event for event in audit if CONTACT_NAME in str(event.detail) or CONTACT_CHANNEL in str(event.detail)
    ]


def test_it_keeps_each_organisations_memory_to_itself(three_orgs: Any, staff_client: Any) -> None:
    """bob (organisation B) gets 404 on A's page and cannot add to it; B's own page of the partner shows nothing of A."""
    entry = partner()
    add_contact(organisation=three_orgs.a, partner=entry, name=CONTACT_NAME)
    relationships.partner_interaction_add(
        organisation=three_orgs.a,
        partner=entry,
        by=three_orgs.alice,
        values={"kind": "call", "happened_on": timezone.localdate(), "summary": "Nota-de-A"},
    )
    bob = staff_client(three_orgs.bob)
    assert bob.get(page_url(three_orgs, entry)).status_code == 404
    posted = bob.post(page_url(three_orgs, entry), {"form": "contact", "contact-name": "Intrusa"})
    assert posted.status_code == 404
    own = bob.get(page_url(three_orgs, entry, three_orgs.b)).content.decode()
    assert CONTACT_NAME not in own
    assert "Nota-de-A" not in own
    # bob cannot mark A's contact as gone through B's page either.
    contact = PartnerContact.objects.get()
    bob.post(page_url(three_orgs, entry, three_orgs.b), {"form": "left", "contact": contact.pk})
    contact.refresh_from_db()
    assert contact.until is None
    assert PartnerContact.objects.count() == 1


def test_it_records_that_a_contact_left_the_partner(three_orgs: Any, staff_client: Any) -> None:
    """When a contact leaves the partner, they stay in the memory with today as their last day."""
    entry = partner()
    contact = add_contact(organisation=three_orgs.a, partner=entry, name=CONTACT_NAME)
    response = staff_client(three_orgs.charlie).post(
        page_url(three_orgs, entry), {"form": "left", "contact": contact.pk}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.until == timezone.localdate()


def test_it_refuses_bad_input_with_translated_errors(three_orgs: Any, staff_client: Any) -> None:
    """A contact who left before they started, and an agreement without a title, are refused in Spanish."""
    entry = partner()
    client = staff_client(three_orgs.charlie)
    page = client.post(
        page_url(three_orgs, entry),
        {
            "form": "contact",
            "contact-name": CONTACT_NAME,
            "contact-since": "2026-05-01",
            "contact-until": "2026-01-01",
        },
    ).content.decode()
    assert "«Hasta» no puede ser anterior a «desde»." in page
    page = client.post(
        page_url(three_orgs, entry), {"form": "agreement", "agreement-kind": "mou"}
    ).content.decode()
    assert "Este dato es obligatorio." in page
    assert not PartnerContact.objects.exists()
    assert not PartnerAgreement.objects.exists()


def test_it_shows_the_referrals_sent_to_and_received_from_a_partner_on_jornada(
    three_orgs: Any, staff_client: Any
) -> None:
    """For a partner that is a Jornada organisation, its page lists the referrals both ways."""
    referral = send(full_case(three_orgs.a, three_orgs.alice), three_orgs.alice, three_orgs.b)
    entry = partner("Centro B", staff_organisation=three_orgs.b)
    page = staff_client(three_orgs.alice).get(page_url(three_orgs, entry)).content.decode()
    assert reverse("referrals:sent", kwargs={"pk": referral.pk}) in page
    other = partner("Otra organización")
    assert reverse("referrals:sent", kwargs={"pk": referral.pk}) not in (
        staff_client(three_orgs.alice).get(page_url(three_orgs, other)).content.decode()
    )


def test_it_hands_over_every_relationship_open_referral_and_task_of_the_leaving_member(
    three_orgs: Any, staff_client: Any
) -> None:
    """Handover moves every relationship, open referral and task of the leaving member.

    charlie leaves A; erin takes over his contacts, agreements, open referrals and open tasks, in
    one go, audited. His done task, his finished referral, and what he holds in organisation B
    stay where they are.
    """
    a, b, charlie = three_orgs.a, three_orgs.b, three_orgs.charlie
    Membership.objects.create(user=charlie, organisation=b, role="advocate")
    Membership.objects.create(user=charlie, organisation=b, role="supervisor")
    erin = member(a, "advocate", name="Erin", email="erin@example.org")
    entry = partner()
    contacts = [
        add_contact(organisation=a, partner=entry, name="Uno", owner=charlie),
        add_contact(organisation=a, partner=entry, name="Dos", owner=charlie, until=dt.date(2026, 1, 1)),
    ]
    agreement = PartnerAgreement.objects.create(organisation=a, partner=entry, title="MOU", owner=charlie)
    case = full_case(a, charlie)  # with one open task of charlie's
    done_task = add_task(case, charlie)
    CaseTask.objects.filter(pk=done_task.pk).update(done_on=timezone.localdate())
    open_referral = send(case, charlie, b)
    finished = send(full_case(a, charlie), charlie, b)
    Referral.objects.filter(pk=finished.pk).update(state=ReferralState.DONE)
    # What charlie holds in organisation B: never touched by A's handover.
    b_contact = add_contact(organisation=b, partner=entry, name="De B", owner=charlie)
    b_agreement = PartnerAgreement.objects.create(organisation=b, partner=entry, title="De B", owner=charlie)
    b_case = full_case(b, charlie)
    b_referral = send(b_case, charlie, three_orgs.a)

    url = reverse("network:handover", kwargs={"slug": a.slug})
    checklist = staff_client(three_orgs.alice).get(url, {"leaving": charlie.pk, "successor": erin.pk})
    assert "2 contactos" in checklist.content.decode()
    response = staff_client(three_orgs.alice).post(
        url, {"leaving": charlie.pk, "successor": erin.pk, "confirm": "1"}
    )
    assert response.status_code == 302

    for contact in contacts:
        contact.refresh_from_db()
        assert contact.owner == erin
    agreement.refresh_from_db()
    assert agreement.owner == erin
    open_referral.refresh_from_db()
    assert open_referral.responsible == erin
    assert open_referral.sent_by == charlie  # history kept
    assert set(
        CaseTask.objects.filter(case__organisation=a, done_on__isnull=True).values_list("owner", flat=True)
    ) == {erin.pk}
    assert CaseTask.objects.get(pk=done_task.pk).owner == charlie
    assert Referral.objects.get(pk=finished.pk).responsible is None
    b_contact.refresh_from_db()
    b_agreement.refresh_from_db()
    b_referral.refresh_from_db()
    assert (b_contact.owner, b_agreement.owner, b_referral.responsible) == (charlie, charlie, None)
    assert set(CaseTask.objects.filter(case=b_case).values_list("owner", flat=True)) == {charlie.pk}
    handover = Handover.objects.get()
    assert handover.moved == {"contacts": 2, "agreements": 1, "referrals": 1, "tasks": 2}
    event = AuditEvent.objects.get(action="network.handover_done")
    assert (event.organisation, event.actor) == (a, three_orgs.alice)


def test_it_moves_a_referral_already_handed_over_again(three_orgs: Any) -> None:
    """A referral handed to erin goes to the next successor when erin leaves in turn."""
    from jornada.network.relationships import handover_do

    a = three_orgs.a
    erin = member(a, "advocate", name="Erin", email="erin@example.org")
    referral = send(full_case(a, three_orgs.charlie), three_orgs.charlie, three_orgs.b)
    handover_do(organisation=a, leaving=three_orgs.charlie, successor=erin, by=three_orgs.alice)
    handover_do(organisation=a, leaving=erin, successor=three_orgs.alice, by=three_orgs.alice)
    referral.refresh_from_db()
    assert referral.responsible == three_orgs.alice


def test_it_refuses_a_handover_to_the_same_person_or_to_an_outsider(
    three_orgs: Any, staff_client: Any
) -> None:
    """The successor must be someone else in the organisation; otherwise nothing moves and the reason is in Spanish."""
    entry = partner()
    contact = add_contact(organisation=three_orgs.a, partner=entry, name="Uno", owner=three_orgs.charlie)
    url = reverse("network:handover", kwargs={"slug": three_orgs.a.slug})
    client = staff_client(three_orgs.alice)
    same = client.post(
        url, {"leaving": three_orgs.charlie.pk, "successor": three_orgs.charlie.pk, "confirm": "1"}
    )
    assert "Elige a una persona distinta de quien se va." in same.content.decode()
    outsider = client.post(
        url, {"leaving": three_orgs.charlie.pk, "successor": three_orgs.bob.pk, "confirm": "1"}
    )
    assert "Escoja una opción válida." in outsider.content.decode()
    contact.refresh_from_db()
    assert contact.owner == three_orgs.charlie
    assert not Handover.objects.exists()


def test_it_lets_only_supervisors_and_administrators_hand_over(three_orgs: Any, staff_client: Any) -> None:
    """charlie (advocate only) cannot open the handover page."""
    url = reverse("network:handover", kwargs={"slug": three_orgs.a.slug})
    assert staff_client(three_orgs.charlie).get(url).status_code in (403, 404)


def test_it_reminds_the_keeper_of_an_agreement_due_for_renewal_once(three_orgs: Any, run_tasks: Any) -> None:
    """An MOU to renew in ten days: one e-mail to charlie with the partner and a link, none on the next run;
    a renewal date moved later reminds again. No contact's details in the mail."""
    entry = partner()
    add_contact(organisation=three_orgs.a, partner=entry, name=CONTACT_NAME, channel=CONTACT_CHANNEL)
    agreement = PartnerAgreement.objects.create(
        organisation=three_orgs.a,
        partner=entry,
        title="MOU de referencias",
        owner=three_orgs.charlie,
        renew_on=timezone.localdate() + dt.timedelta(days=10),
    )
    PartnerAgreement.objects.create(
        organisation=three_orgs.a, partner=entry, title="Lejano", owner=three_orgs.charlie,
        renew_on=timezone.localdate() + dt.timedelta(days=200),
    )  # fmt: skip
    call_command("agreement_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_tasks()
    (message,) = mail.outbox
    assert message.to == ["charlie@example.org"]
    assert "MOU de referencias" in message.body
    assert "Defensa Ficticia" in message.subject
    assert page_url(three_orgs, entry) in message.body
    assert CONTACT_NAME not in message.body + message.subject
    call_command("agreement_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_tasks()
    assert len(mail.outbox) == 1
    PartnerAgreement.objects.filter(pk=agreement.pk).update(
        renew_on=agreement.renew_on + dt.timedelta(days=5)
    )
    call_command("agreement_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_tasks()
    assert len(mail.outbox) == 2


def test_it_reminds_the_administrators_when_the_keeper_is_gone(three_orgs: Any, run_tasks: Any) -> None:
    """An agreement whose keeper is no longer in the organisation goes to its administrators (alice)."""
    outsider = member(three_orgs.b, "advocate", name="Ida", email="ida@example.org")
    PartnerAgreement.objects.create(
        organisation=three_orgs.a, partner=partner(), title="MOU", owner=outsider,
        renew_on=timezone.localdate(),
    )  # fmt: skip
    call_command("agreement_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_tasks()
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
