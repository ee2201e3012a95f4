"""The promoters' record: counts only, from a plain form, the same form sent twice counted once."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from jornada.outreach.models import PromoterSession
from jornada.outreach.sessions import SessionInput, session_log

pytestmark = pytest.mark.django_db


def _form(organisation, client_id=None, **overrides) -> dict:
    data = {
        "organisation": organisation.pk,
        "client_id": str(client_id or uuid.uuid4()),
        "held_on": timezone.localdate().isoformat(),
        "town": "Tlaxiaco",
        "state": "MX-OAX",
        "attendees": "14",
        "women": "6",
        "men": "8",
        "questions": "¿Me pueden cobrar la visa? Llámenme al 951 555 0199",
    }
    data.update(overrides)
    return data


def test_it_logs_a_session_from_the_form(three_orgs, staff_client) -> None:
    """alice logs a session for A; it keeps the counts and drops the phone number from the text."""
    client = staff_client(three_orgs.alice)
    assert client.get("/es/staff/promoters/sessions/new/").status_code == 200
    response = client.post("/es/staff/promoters/sessions/new/", _form(three_orgs.a))
    assert response.status_code == 302
    session = PromoterSession.objects.get()
    assert (session.organisation, session.attendees, session.women, session.men) == (three_orgs.a, 14, 6, 8)
    assert "951" not in session.questions
    assert "[phone]" in session.questions


def test_it_counts_the_same_form_sent_twice_once(three_orgs, staff_client) -> None:
    """A log replayed with the same client id (offline retry, double tap) is kept once, and says so."""
    client = staff_client(three_orgs.alice)
    data = _form(three_orgs.a, client_id=uuid.uuid4())
    client.post("/es/staff/promoters/sessions/new/", data)
    again = client.post("/es/staff/promoters/sessions/new/", data, follow=True)
    assert PromoterSession.objects.count() == 1
    assert "se cuenta una vez" in again.content.decode()


def test_it_gives_each_new_form_its_own_id(three_orgs, staff_client) -> None:
    """Two blank forms carry different ids, so two real sessions are two records."""
    client = staff_client(three_orgs.alice)
    first = client.get("/es/staff/promoters/sessions/new/").context["form"].initial["client_id"]
    second = client.get("/es/staff/promoters/sessions/new/").context["form"].initial["client_id"]
    assert first != second


def test_it_keeps_the_same_id_apart_between_organisations(three_orgs) -> None:
    """An id already used by organisation A does not swallow organisation B's session."""
    client_id = uuid.uuid4()
    data = SessionInput(
        client_id=client_id, held_on=timezone.localdate(), town="Salinas", state="US-CA", attendees=3
    )
    _a, new_a = session_log(actor=three_orgs.alice, organisation=three_orgs.a, data=data)
    b, new_b = session_log(actor=three_orgs.bob, organisation=three_orgs.b, data=data)
    assert new_a
    assert new_b
    assert b.organisation == three_orgs.b


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"women": "10", "men": "10"}, "women"),
        ({"held_on": (timezone.localdate() + timedelta(days=3)).isoformat()}, "held_on"),
        ({"attendees": "0"}, "attendees"),
    ],
)
def test_it_refuses_impossible_counts_at_the_field(three_orgs, staff_client, overrides, field) -> None:
    """More women and men than attendees, a future date or no attendee: refused at the field."""
    response = staff_client(three_orgs.alice).post(
        "/es/staff/promoters/sessions/new/", _form(three_orgs.a, **overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not PromoterSession.objects.exists()


def test_it_shows_each_organisation_only_its_sessions(three_orgs, staff_client) -> None:
    """bob sees B's sessions and totals, never A's, and cannot log for A."""
    staff_client(three_orgs.alice).post(
        "/es/staff/promoters/sessions/new/", _form(three_orgs.a, town="Pueblo A")
    )
    staff_client(three_orgs.bob).post(
        "/es/staff/promoters/sessions/new/", _form(three_orgs.b, town="Pueblo B")
    )
    page = staff_client(three_orgs.bob).get("/es/staff/promoters/sessions/").content.decode()
    assert "Pueblo B" in page
    assert "Pueblo A" not in page
    refused = staff_client(three_orgs.bob).post("/es/staff/promoters/sessions/new/", _form(three_orgs.a))
    assert "organisation" in refused.context["form"].errors
    assert PromoterSession.objects.filter(organisation=three_orgs.a).count() == 1
