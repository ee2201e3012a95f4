import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from jornada.conftest import ThreeOrganisations
from jornada.core import services
from jornada.core.models import AuditEvent, Invitation, Membership, ModerationGrant, Role, User

pytestmark = pytest.mark.django_db


def roles_of(user: User, organisation: Any) -> set[str]:
    return set(Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True))


def test_it_invites_a_new_member_who_sets_a_password_then_accepts(
    three_orgs: ThreeOrganisations, staff_client: Any, run_tasks: Any
) -> None:
    """An org admin invites someone; they set a password, sign in, and only accepting makes them a member."""
    client = staff_client(three_orgs.alice)
    response = client.post(
        "/es/staff/organisations/centro-a/members/",
        {"name": "Dora Nueva", "email": "Dora@Example.org", "roles": ["supervisor", "advocate"]},
    )
    assert response.status_code == 302
    dora = User.objects.get(email="dora@example.org")
    assert not dora.has_usable_password()
    assert roles_of(dora, three_orgs.a) == set(), "no membership before the invitee accepts"
    invitation = Invitation.objects.get(user=dora)
    assert (invitation.state, invitation.roles) == ("pending", ["advocate", "supervisor"])
    assert mail.outbox == [], "the e-mail goes out from the background worker"

    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dora@example.org"]
    assert "Centro A" in message.subject
    assert "aceptar o rechazar" in message.body
    link = re.search(r"http://testserver(/es/staff/password/\S+/)", message.body).group(1)
    fresh = Client()
    form_url = fresh.get(link)["Location"]
    password = "una frase larga y secreta"
    assert fresh.post(form_url, {"new_password1": password, "new_password2": password}).status_code == 302
    dora.refresh_from_db()
    assert dora.check_password(password)

    dora_client = staff_client(dora)
    assert f"/es/staff/invitations/{invitation.pk}/" in dora_client.get("/es/staff/").content.decode()
    page = dora_client.get(f"/es/staff/invitations/{invitation.pk}/").content.decode()
    assert "Centro A" in page
    assert "Supervisión" in page
    assert (
        dora_client.post(f"/es/staff/invitations/{invitation.pk}/", {"answer": "accept"}).status_code == 302
    )
    assert roles_of(dora, three_orgs.a) == {"advocate", "supervisor"}
    invited = AuditEvent.objects.get(action="membership.invited")
    assert (invited.actor, invited.organisation, invited.detail["roles"]) == (
        three_orgs.alice,
        three_orgs.a,
        ["advocate", "supervisor"],
    )
    accepted = AuditEvent.objects.get(action="membership.accepted")
    assert (accepted.actor, accepted.organisation) == (dora, three_orgs.a)


def test_it_never_adds_an_existing_account_without_its_consent(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """Inviting bob (who has an account) makes nothing of him in A until he answers; declining keeps it so."""
    invitation = services.membership_invite(
        organisation=three_orgs.a,
        invited_by=three_orgs.alice,
        email="bob@example.org",
        name="Bob",
        roles=[Role.ORG_ADMIN],
        base_url="http://testserver/",
    )
    assert roles_of(three_orgs.bob, three_orgs.a) == set()
    bob = staff_client(three_orgs.bob)
    assert bob.get("/es/staff/organisations/centro-a/members/").status_code == 404
    assert bob.post(f"/es/staff/invitations/{invitation.pk}/", {"answer": "decline"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.DECLINED
    assert roles_of(three_orgs.bob, three_orgs.a) == set()
    assert bob.get(f"/es/staff/invitations/{invitation.pk}/").status_code == 404, "answered once"
    declined = AuditEvent.objects.get(action="membership.declined")
    assert (declined.actor, declined.organisation) == (three_orgs.bob, three_orgs.a)


def test_it_lets_only_the_invitee_answer(three_orgs: ThreeOrganisations, staff_client: Any) -> None:
    """Another account cannot open or accept someone else's invitation: 404 on the page, refused in the service."""
    invitation = services.membership_invite(
        organisation=three_orgs.b,
        invited_by=three_orgs.bob,
        email="charlie@example.org",
        name="Charlie",
        roles=[Role.ADVOCATE],
        base_url="http://testserver/",
    )
    url = f"/es/staff/invitations/{invitation.pk}/"
    assert staff_client(three_orgs.alice).get(url).status_code == 404
    assert staff_client(three_orgs.alice).post(url, {"answer": "accept"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.invitation_accept(invitation=invitation, user=three_orgs.alice)
    assert roles_of(three_orgs.alice, three_orgs.b) == set()
    half = Client()
    half.force_login(three_orgs.charlie)
    assert half.post(url, {"answer": "accept"}).status_code == 302, "a password alone is not enough"
    assert roles_of(three_orgs.charlie, three_orgs.b) == set()


def test_it_withdraws_an_unanswered_invitation(three_orgs: ThreeOrganisations, staff_client: Any) -> None:
    """The admin withdraws a waiting invitation; the invitee can no longer accept it."""
    invitation = services.membership_invite(
        organisation=three_orgs.a,
        invited_by=three_orgs.alice,
        email="eva@example.org",
        name="Eva",
        roles=[Role.ADVOCATE],
        base_url="http://testserver/",
    )
    client = staff_client(three_orgs.alice)
    assert "Eva" in client.get("/es/staff/organisations/centro-a/members/").content.decode()
    # bob, admin of B, cannot withdraw A's invitation through his own organisation.
    bob = staff_client(three_orgs.bob)
    assert (
        bob.post("/es/staff/organisations/centro-b/members/", {"withdraw": invitation.pk}).status_code == 404
    )
    response = client.post("/es/staff/organisations/centro-a/members/", {"withdraw": invitation.pk})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.WITHDRAWN
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=invitation.user)
    assert AuditEvent.objects.filter(action="membership.invitation_withdrawn").exists()


def test_it_offers_organisation_admins_no_moderator_role(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """Moderation is not an organisation role: the member pages do not offer it and the services refuse it."""
    client = staff_client(three_orgs.alice)
    page = client.get("/es/staff/organisations/centro-a/members/").content.decode()
    assert 'value="moderator"' not in page
    response = client.post(
        "/es/staff/organisations/centro-a/members/",
        {"name": "Mo", "email": "mo@example.org", "roles": ["moderator"]},
    )
    assert response.status_code == 200
    assert not Invitation.objects.filter(user__email="mo@example.org").exists()
    charlie_url = f"/es/staff/organisations/centro-a/members/{three_orgs.charlie.pk}/"
    assert 'value="moderator"' not in client.get(charlie_url).content.decode()
    client.post(charlie_url, {"roles": ["advocate", "moderator"]})
    for attempt in (
        lambda: services.membership_set_roles(
            organisation=three_orgs.a,
            member=three_orgs.charlie,
            roles=["moderator"],
            changed_by=three_orgs.alice,
        ),
        lambda: services.membership_invite(
            organisation=three_orgs.a,
            invited_by=three_orgs.alice,
            email="mo@example.org",
            name="Mo",
            roles=["moderator"],
            base_url="http://testserver/",
        ),
    ):
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert caught.value.code == "unknown_role"
    assert not three_orgs.charlie.moderates()
    assert not ModerationGrant.objects.filter(user=three_orgs.charlie).exists()


def test_it_explains_a_bad_invitation(three_orgs: ThreeOrganisations, staff_client: Any) -> None:
    """No roles, a bad address, an existing member or one already invited each get a translated error."""
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
    assert (
        client.post(url, {"name": "B", "email": "bob@example.org", "roles": ["advocate"]}).status_code == 302
    )
    twice = client.post(
        url, {"name": "B", "email": "bob@example.org", "roles": ["advocate"]}
    ).content.decode()
    assert "ya tiene una invitación" in twice
    assert Invitation.objects.filter(user=three_orgs.bob).count() == 1


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


def test_it_lets_an_invitation_expire_unanswered(three_orgs: ThreeOrganisations, staff_client: Any) -> None:
    """After INVITATION_VALID_DAYS it can no longer be accepted, prune marks it expired, and a new one may be sent."""
    from jornada.core.models import INVITATION_VALID_DAYS
    from jornada.core.retention import retention_prune

    invitation = services.membership_invite(
        organisation=three_orgs.a,
        invited_by=three_orgs.alice,
        email="eva@example.org",
        name="Eva",
        roles=[Role.ADVOCATE],
        base_url="http://testserver/",
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - dt.timedelta(days=INVITATION_VALID_DAYS, minutes=1)
    )
    invitation.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.invitation_accept(invitation=invitation, user=invitation.user)
    assert caught.value.code == "expired"
    assert roles_of(invitation.user, three_orgs.a) == set()
    eva = staff_client(invitation.user)
    assert eva.get(f"/es/staff/invitations/{invitation.pk}/").status_code == 404
    assert retention_prune()["invitations_expired"] == 1
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.EXPIRED
    again = services.membership_invite(
        organisation=three_orgs.a,
        invited_by=three_orgs.alice,
        email="eva@example.org",
        name="Eva",
        roles=[Role.ADVOCATE],
        base_url="http://testserver/",
    )
    services.invitation_accept(invitation=again, user=invitation.user)
    assert roles_of(invitation.user, three_orgs.a) == {Role.ADVOCATE}


def test_it_replaces_an_expired_invitation_when_inviting_again(three_orgs: ThreeOrganisations) -> None:
    """Before the daily prune runs, inviting the same person again expires the stale one instead of refusing."""
    from jornada.core.models import INVITATION_VALID_DAYS

    first = services.membership_invite(
        organisation=three_orgs.a,
        invited_by=three_orgs.alice,
        email="eva@example.org",
        name="Eva",
        roles=[Role.ADVOCATE],
        base_url="http://testserver/",
    )
    Invitation.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - dt.timedelta(days=INVITATION_VALID_DAYS + 1)
    )
    services.membership_invite(
        organisation=three_orgs.a,
        invited_by=three_orgs.alice,
        email="eva@example.org",
        name="Eva",
        roles=[Role.SUPERVISOR],
        base_url="http://testserver/",
    )
    first.refresh_from_db()
    assert first.state == Invitation.State.EXPIRED
