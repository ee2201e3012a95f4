"""Invitations reach every contact in the event's regions, are tracked, and show the regions not reached."""

import pytest
from django.core import mail
from django.test import Client

from jornada.outreach.invitations import contact_add, event_reach, invitations_send
from jornada.outreach.models import DisseminationContact, Invitation
from jornada.outreach.tests.helpers import publish

pytestmark = pytest.mark.django_db


def _contacts(organisation):
    contact_add(
        actor=None,
        organisation=organisation,
        name="Club Oaxaca",
        kind="hometown",
        channel="email",
        address="club@example.org",
        region="US-CA",
    )
    contact_add(
        actor=None,
        organisation=organisation,
        name="Radio Campesina",
        kind="radio",
        channel="whatsapp",
        address="+1 831 555 0100",
        region="US-CA",
    )
    contact_add(
        actor=None,
        organisation=organisation,
        name="Iglesia de Raleigh",
        kind="church",
        channel="sms",
        address="+1 919 555 0101",
        region="US-NC",
    )
    contact_add(
        actor=None,
        organisation=organisation,
        name="Red nacional",
        kind="partner",
        channel="email",
        address="red@example.org",
        region="US",
    )
    contact_add(
        actor=None,
        organisation=organisation,
        name="Comité Oregon",
        kind="promoter",
        channel="email",
        address="or@example.org",
        region="US-OR",
    )


def test_it_invites_every_contact_whose_region_the_event_touches(
    three_orgs, django_capture_on_commit_callbacks
) -> None:
    """California and North Carolina: four contacts (the nationwide one included), not Oregon's; e-mail goes out."""
    _contacts(three_orgs.a)
    event = publish(three_orgs.a)
    with django_capture_on_commit_callbacks(execute=True):
        sent = invitations_send(
            actor=three_orgs.alice,
            event=event,
            regions=["US-CA", "US-NC"],
            link_of=lambda token: f"https://x/{token}",
        )
    assert {invitation.contact.name for invitation in sent} == {
        "Club Oaxaca",
        "Radio Campesina",
        "Iglesia de Raleigh",
        "Red nacional",
    }
    assert sorted(message.to[0] for message in mail.outbox) == ["club@example.org", "red@example.org"]
    again = invitations_send(actor=three_orgs.alice, event=event, regions=["US-CA"], link_of=str)
    assert again == []


def test_it_shows_the_regions_no_invitation_reached(three_orgs, staff_client) -> None:
    """After one California contact opens its link, North Carolina (nobody opened) is the region not reached."""
    _contacts(three_orgs.a)
    event = publish(three_orgs.a)
    invitations_send(actor=three_orgs.alice, event=event, regions=["US-CA", "US-NC"], link_of=str)
    assert event_reach(event).not_reached == ["US-CA", "US-NC"]
    opened = Invitation.objects.get(contact__name="Club Oaxaca")
    response = Client().get(f"/es/eventos/invitacion/{opened.token}/")
    assert response.status_code == 302
    assert str(event.uid) in response["Location"]
    assert event_reach(event).not_reached == ["US-NC"]
    page = staff_client(three_orgs.alice).get(f"/es/staff/events/{event.pk}/invitations/").content.decode()
    assert "Carolina del Norte" in page
    assert "https://wa.me/18315550100?text=" in page


def test_it_marks_an_answer(three_orgs, staff_client) -> None:
    """Staff mark a contact's answer; that region counts as reached."""
    _contacts(three_orgs.a)
    event = publish(three_orgs.a)
    invitations_send(actor=three_orgs.alice, event=event, regions=["US-NC"], link_of=str)
    church = Invitation.objects.get(contact__name="Iglesia de Raleigh")
    staff_client(three_orgs.alice).post(f"/es/staff/events/{event.pk}/invitations/", {"answered": church.pk})
    church.refresh_from_db()
    assert church.answered_at is not None


def test_it_keeps_each_organisations_list_to_itself(three_orgs, staff_client) -> None:
    """bob sees only B's contacts, cannot invite from A's event, and A's list is never sent for B's event."""
    _contacts(three_orgs.a)
    contact_add(
        actor=None,
        organisation=three_orgs.b,
        name="Contacto de B",
        kind="church",
        channel="email",
        address="b@example.org",
        region="US-CA",
    )
    page = staff_client(three_orgs.bob).get("/es/staff/outreach/contacts/").content.decode()
    assert "Contacto de B" in page
    assert "Club Oaxaca" not in page
    event_a = publish(three_orgs.a)
    assert (
        staff_client(three_orgs.bob)
        .post(f"/es/staff/events/{event_a.pk}/invitations/", {"regions": ["US-CA"]})
        .status_code
        == 404
    )
    event_b = publish(three_orgs.b)
    sent = invitations_send(actor=three_orgs.bob, event=event_b, regions=["US-CA"], link_of=str)
    assert [invitation.contact.name for invitation in sent] == ["Contacto de B"]


def test_it_adds_a_contact_from_the_form_and_refuses_a_bad_number(three_orgs, staff_client) -> None:
    """A contact with a WhatsApp number is added; one whose number has letters is refused at the field."""
    client = staff_client(three_orgs.alice)
    form = {
        "organisation": three_orgs.a.pk,
        "name": "Radio",
        "kind": "radio",
        "channel": "whatsapp",
        "address": "+52 951 555 0100",
        "region": "MX-OAX",
    }
    assert client.post("/es/staff/outreach/contacts/", form).status_code == 302
    bad = client.post("/es/staff/outreach/contacts/", {**form, "address": "llamar a Juan"})
    assert "address" in bad.context["form"].errors
    assert DisseminationContact.objects.count() == 1


def test_it_answers_404_for_an_unknown_invitation_link() -> None:
    """A token that matches nothing is a 404."""
    assert Client().get("/es/eventos/invitacion/nothing/").status_code == 404
