import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent, Membership, Role, User

pytestmark = pytest.mark.django_db


def roles_of(user: User, organisation: Any) -> set[str]:
    return set(Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True))


def test_it_invites_a_new_member_who_then_sets_a_password(
    three_orgs: ThreeOrganisations, staff_client: Any, run_tasks: Any
) -> None:
    """An org admin invites someone; the e-mail (sent by the worker) lets them set a password."""
    client = staff_client(three_orgs.alice)
    response = client.post(
        "/es/staff/organisations/centro-a/members/",
        {"name": "Dora Nueva", "email": "Dora@Example.org", "roles": ["moderator", "advocate"]},
    )
    assert response.status_code == 302
    dora = User.objects.get(email="dora@example.org")
    assert not dora.has_usable_password()
    assert roles_of(dora, three_orgs.a) == {"moderator", "advocate"}
    assert mail.outbox == [], "the e-mail goes out from the background worker"

    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dora@example.org"]
    assert "Centro A" in message.subject
    link = re.search(r"http://testserver(/es/staff/password/\S+/)", message.body).group(1)
    fresh = Client()
    form_url = fresh.get(link)["Location"]
    password = "una frase larga y secreta"
    assert fresh.post(form_url, {"new_password1": password, "new_password2": password}).status_code == 302
    dora.refresh_from_db()
    assert dora.check_password(password)
    event = AuditEvent.objects.get(action="membership.invited")
    assert (event.actor, event.organisation, event.detail["roles"]) == (
        three_orgs.alice,
        three_orgs.a,
        ["advocate", "moderator"],
    )


def test_it_explains_a_bad_invitation(three_orgs: ThreeOrganisations, staff_client: Any) -> None:
    """No roles, a bad address or an existing member each get a translated error; nothing is written."""
    client = staff_client(three_orgs.alice)
    url = "/es/staff/organisations/centro-a/members/"
    no_roles = client.post(url, {"name": "X", "email": "x@example.org"}).content.decode()
    assert "Elige al menos un rol." in no_roles
    bad_email = client.post(
        url, {"name": "X", "email": "not-an-address", "roles": ["advocate"]}
    ).content.decode()
    assert "correo electrónico válida" in bad_email
    again = client.post(
        url, {"name": "C", "email": "charlie@example.org", "roles": ["advocate"]}
    ).content.decode()
    assert "Esta persona ya es miembro" in again
    assert not User.objects.filter(email="x@example.org").exists()
    assert not AuditEvent.objects.filter(action="membership.invited").exists()


def test_it_changes_roles_and_keeps_one_administrator(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """Roles change and are audited; the last administrator cannot be demoted or removed."""
    client = staff_client(three_orgs.alice)
    charlie_url = f"/es/staff/organisations/centro-a/members/{three_orgs.charlie.pk}/"
    assert client.post(charlie_url, {"roles": ["supervisor"]}).status_code == 302
    assert roles_of(three_orgs.charlie, three_orgs.a) == {"supervisor"}
    assert AuditEvent.objects.get(action="membership.roles_changed").detail == {
        "added": ["supervisor"],
        "removed": ["advocate"],
    }

    alice_url = f"/es/staff/organisations/centro-a/members/{three_orgs.alice.pk}/"
    demoted = client.post(alice_url, {"roles": ["advocate"]})
    assert "necesita al menos una persona administradora" in demoted.content.decode()
    removed = client.post(alice_url, {"remove": "1"})
    assert "necesita al menos una persona administradora" in removed.content.decode()
    assert Role.ORG_ADMIN in roles_of(three_orgs.alice, three_orgs.a)


def test_it_removes_a_member(three_orgs: ThreeOrganisations, staff_client: Any) -> None:
    """Removal takes every role in the organisation away and is audited; the account remains."""
    client = staff_client(three_orgs.alice)
    url = f"/es/staff/organisations/centro-a/members/{three_orgs.charlie.pk}/"
    assert client.post(url, {"remove": "1"}).status_code == 302
    assert roles_of(three_orgs.charlie, three_orgs.a) == set()
    assert User.objects.filter(pk=three_orgs.charlie.pk).exists()
    assert AuditEvent.objects.filter(
        action="membership.removed", target_id=str(three_orgs.charlie.pk)
    ).exists()


def test_it_hides_people_outside_the_organisation(three_orgs: ThreeOrganisations, staff_client: Any) -> None:
    """alice cannot open bob (a member of B) through her own organisation's pages."""
    client = staff_client(three_orgs.alice)
    assert client.get(f"/es/staff/organisations/centro-a/members/{three_orgs.bob.pk}/").status_code == 404
    assert client.get(f"/es/staff/organisations/centro-b/members/{three_orgs.bob.pk}/").status_code == 404
