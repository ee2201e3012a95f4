"""Moderating public contributions is a site-level grant: site administrators give and revoke it."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings

from jornada.conftest import ThreeOrganisations, audit_log_purge
from jornada.core import migration_testing, services
from jornada.core.models import AuditEvent, Membership, ModerationGrant, User
from jornada.core.tests.factories import UserFactory

MODERATORS = "/es/staff/moderators/"


@pytest.fixture
def root(db: None) -> User:
    """A site administrator (superuser)."""
    return UserFactory(is_superuser=True, is_staff=True, name="Root", email="root@example.org")


@pytest.mark.django_db
def test_it_lets_a_site_administrator_grant_and_revoke_moderation(
    three_orgs: ThreeOrganisations, root: User, staff_client: Any
) -> None:
    """root grants charlie moderation from the staff page, then revokes it; both are audited with no organisation."""
    client = staff_client(root)
    assert client.get(MODERATORS).status_code == 200
    assert client.post(MODERATORS, {"email": "Charlie@example.org"}).status_code == 302
    grant = ModerationGrant.objects.get(user=three_orgs.charlie)
    assert (grant.granted_by, grant.is_active()) == (root, True)
    assert three_orgs.charlie.moderates()
    assert staff_client(three_orgs.charlie).get("/es/staff/reviews/").status_code == 200

    assert client.post(MODERATORS, {"revoke": grant.pk}).status_code == 302
    grant.refresh_from_db()
    assert (grant.revoked_by, grant.is_active()) == (root, False)
    assert not three_orgs.charlie.moderates()
    assert staff_client(three_orgs.charlie).get("/es/staff/reviews/").status_code == 403

    granted = AuditEvent.objects.get(action="moderation.granted")
    revoked = AuditEvent.objects.get(action="moderation.revoked")
    for event in (granted, revoked):
        assert (event.actor, event.organisation, event.target_id) == (root, None, str(grant.pk))
        assert event.detail == {"user_id": three_orgs.charlie.pk}


@pytest.mark.django_db
def test_it_refuses_the_grant_page_and_service_to_organisation_admins(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """alice administers organisation A (and moderates) but is no site administrator: she grants nothing."""
    alice = staff_client(three_orgs.alice)
    assert alice.get(MODERATORS).status_code == 403
    assert alice.post(MODERATORS, {"email": "charlie@example.org"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.moderation_grant(user=three_orgs.charlie, granted_by=three_orgs.alice)
    with pytest.raises(PermissionDenied):
        services.moderation_revoke(
            grant=ModerationGrant.objects.get(user=three_orgs.bob), revoked_by=three_orgs.alice
        )
    assert not three_orgs.charlie.moderates()
    assert three_orgs.bob.moderates()
    assert not AuditEvent.objects.filter(action__startswith="moderation.").exists()


@pytest.mark.django_db
def test_it_explains_a_grant_it_cannot_make(
    three_orgs: ThreeOrganisations, root: User, staff_client: Any
) -> None:
    """An unknown address, someone who already moderates, or a revoked grant get translated answers."""
    client = staff_client(root)
    unknown = client.post(MODERATORS, {"email": "nadie@example.org"}).content.decode()
    assert "Ninguna cuenta tiene este correo" in unknown
    twice = client.post(MODERATORS, {"email": "alice@example.org"}).content.decode()
    assert "Esta persona ya modera." in twice
    grant = ModerationGrant.objects.get(user=three_orgs.bob)
    services.moderation_revoke(grant=grant, revoked_by=root)
    with pytest.raises(ValidationError) as caught:
        services.moderation_revoke(grant=grant, revoked_by=root)
    assert caught.value.code == "already_revoked"
    assert ModerationGrant.objects.filter(user=three_orgs.alice).count() == 1


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_it_keeps_the_demo_account_moderating() -> None:
    """`make run`'s demo account holds the grant (it has no organisation role that could give it)."""
    call_command("demo_data", json=True, stdout=StringIO())
    call_command("demo_data", json=True, stdout=StringIO())
    demo = User.objects.get(email="demo@example.org")
    assert demo.moderates()
    assert ModerationGrant.objects.filter(user=demo).count() == 1


BEFORE = [("core", "0003_moderation_grant_invitation")]


@pytest.fixture
def before_grants() -> Iterator[Any]:
    """The core models just before moderator memberships become grants; everything migrated after."""
    apps = migration_testing.migrate_to(BEFORE)
    yield apps
    audit_log_purge()
    migration_testing.migrate_to_newest()


@pytest.mark.django_db(transaction=True)
def test_it_turns_existing_moderator_memberships_into_grants(before_grants: Any) -> None:
    """A moderator of two organisations gets one grant (from the earlier date); the memberships go, other roles stay."""
    apps = before_grants
    organisation = apps.get_model("core", "Organisation").objects
    a = organisation.create(name="Centro A", slug="centro-a", country="MX")
    b = organisation.create(name="Centro B", slug="centro-b", country="US")
    user = apps.get_model("core", "User").objects
    mod = user.create(email="mod@example.org", name="Mod")
    advocate = user.create(email="adv@example.org", name="Adv")
    membership = apps.get_model("core", "Membership").objects
    early = membership.create(user=mod, organisation=a, role="moderator")
    membership.create(user=mod, organisation=b, role="moderator")
    membership.create(user=mod, organisation=a, role="advocate")
    membership.create(user=advocate, organisation=a, role="advocate")

    migration_testing.migrate_to([("core", "0004_moderator_memberships_to_grants")])

    grant = ModerationGrant.objects.get()
    assert (grant.user_id, grant.granted_by, grant.granted_at) == (mod.pk, None, early.created_at)
    assert set(Membership.objects.values_list("user_id", "role")) == {
        (mod.pk, "advocate"),
        (advocate.pk, "advocate"),
    }
    event = AuditEvent.objects.get(action="moderation.granted")
    assert (event.organisation, event.target_id, event.detail) == (
        None,
        str(grant.pk),
        {"user_id": mod.pk, "from_membership": True},
    )
