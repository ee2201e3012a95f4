from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from jornada.conftest import ThreeOrganisations
from jornada.core.audit import audit_record
from jornada.core.models import AuditEvent, ModerationGrant
from jornada.core.tests.factories import UserFactory
from jornada.reviews.tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def test_it_records_who_did_what_to_which_record(three_orgs: ThreeOrganisations) -> None:
    """An event keeps actor, organisation, action, record type and id, and a time."""
    event = audit_record(
        actor=three_orgs.alice,
        organisation=three_orgs.a,
        action="membership.roles_changed",
        target=three_orgs.charlie,
        detail={"added": ["moderator"], "removed": []},
    )
    event.refresh_from_db()
    assert (event.actor, event.organisation, event.action) == (
        three_orgs.alice,
        three_orgs.a,
        "membership.roles_changed",
    )
    assert (event.target_type, event.target_id) == ("core.user", str(three_orgs.charlie.pk))
    assert event.detail == {"added": ["moderator"], "removed": []}
    assert event.at is not None


def test_it_refuses_changes_through_django(three_orgs: ThreeOrganisations) -> None:
    """Saving an existing event, deleting it or bulk-updating the table raises."""
    event = audit_record(actor=three_orgs.alice, action="staff.login")
    event.action = "staff.logout"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="staff.logout")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "staff.login"


@pytest.mark.parametrize(
    "statement",
    ["UPDATE core_auditevent SET action = 'forged'", "DELETE FROM core_auditevent"],
)
def test_it_refuses_changes_in_the_database_itself(three_orgs: ThreeOrganisations, statement: str) -> None:
    """Even raw SQL cannot update or delete an audit event: a trigger aborts it."""
    audit_record(actor=three_orgs.alice, action="staff.login")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.filter(action="staff.login").count() == 1


@pytest.mark.parametrize(
    "value",
    ["call 55 1234 5678", "maria@example.com", "from 203.0.113.9", "x" * 201, {"nested": "dict"}],
)
def test_it_refuses_personal_or_free_form_detail(three_orgs: ThreeOrganisations, value: Any) -> None:
    """Detail that looks like a phone, e-mail or address, is long, or is not plain, is not stored."""
    with pytest.raises(ValueError, match="detail"):
        audit_record(actor=three_orgs.alice, action="staff.login", detail={"note": value})
    assert not AuditEvent.objects.exists()


def test_it_shows_the_log_only_to_supervisors_and_admins_of_the_organisation(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """alice sees A's events, bob sees B's only, charlie (advocate) is refused."""
    audit_record(
        actor=three_orgs.alice,
        organisation=three_orgs.a,
        action="membership.invited",
        target=three_orgs.charlie,
    )
    audit_record(
        actor=three_orgs.bob, organisation=three_orgs.b, action="membership.removed", target=three_orgs.bob
    )

    alice_page = staff_client(three_orgs.alice).get("/es/staff/audit/").content.decode()
    assert "Invitó a un miembro" in alice_page
    assert "Quitó a un miembro" not in alice_page
    bob_page = staff_client(three_orgs.bob).get("/es/staff/audit/").content.decode()
    assert "Quitó a un miembro" in bob_page
    assert "Invitó a un miembro" not in bob_page
    assert staff_client(three_orgs.charlie).get("/es/staff/audit/").status_code == 403


def test_it_records_reading_an_audit_event(three_orgs: ThreeOrganisations, staff_client: Any) -> None:
    """Opening one event leaves an "audit.viewed" event pointing at it."""
    event = audit_record(actor=three_orgs.bob, organisation=three_orgs.a, action="membership.invited")
    assert staff_client(three_orgs.alice).get(f"/es/staff/audit/{event.pk}/").status_code == 200
    viewed = AuditEvent.objects.get(action="audit.viewed")
    assert (viewed.actor, viewed.target_id, viewed.organisation) == (
        three_orgs.alice,
        str(event.pk),
        three_orgs.a,
    )


def test_it_paginates_a_long_log(three_orgs: ThreeOrganisations, staff_client: Any) -> None:
    """Fifty events a page, with a link to the next page."""
    for _ in range(55):
        audit_record(actor=three_orgs.alice, organisation=three_orgs.a, action="membership.invited")
    client = staff_client(three_orgs.alice)
    first = client.get("/es/staff/audit/").content.decode()
    assert first.count("Invitó a un miembro") == 50
    assert "Página 1 de 2" in first
    assert client.get("/es/staff/audit/?page=2").content.decode().count("Invitó a un miembro") == 5


def test_it_files_moderation_under_the_grant_and_shows_it_to_site_administrators_only(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """A moderator's event has no organisation and names the grant; A's supervisors do not see it, root does."""
    review = ReviewFactory()
    assert staff_client(three_orgs.bob).get(f"/es/staff/reviews/{review.pk}/").status_code == 200
    event = AuditEvent.objects.get(action="reviews.review_opened")
    assert event.organisation is None
    assert event.detail == {"grant": ModerationGrant.objects.get(user=three_orgs.bob).pk}

    bob = staff_client(three_orgs.bob)
    assert "Abrió la opinión de un trabajador" not in bob.get("/es/staff/audit/").content.decode()
    assert bob.get(f"/es/staff/audit/{event.pk}/").status_code == 404

    root = UserFactory(is_superuser=True, is_staff=True)
    site = staff_client(root)
    everything = site.get("/es/staff/audit/").content.decode()
    assert "Abrió la opinión de un trabajador" in everything
    only_site = site.get("/es/staff/audit/?organisation=-").content.decode()
    assert "Abrió la opinión de un trabajador" in only_site
    assert site.get(f"/es/staff/audit/{event.pk}/").status_code == 200
    viewed = AuditEvent.objects.get(action="audit.viewed")
    assert (viewed.actor, viewed.organisation, viewed.target_id) == (root, None, str(event.pk))
    # A site administrator reads the site's events, not an organisation's.
    a_event = audit_record(actor=three_orgs.alice, organisation=three_orgs.a, action="membership.invited")
    assert site.get(f"/es/staff/audit/{a_event.pk}/").status_code == 404
