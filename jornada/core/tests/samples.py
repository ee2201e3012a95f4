"""Examples of the core app's parameterised pages, for the tests that walk every URL."""

from typing import Any

from jornada.core.audit import audit_record
from jornada.core.models import Role
from jornada.core.services import membership_invite
from jornada.core.testing import staff_sample
from jornada.core.tests.factories import OrganisationFactory, member


@staff_sample("core:audit_detail")
def audit_event_of_a(orgs: Any) -> dict[str, Any]:
    event = audit_record(
        actor=orgs.alice, organisation=orgs.a, action="membership.invited", target=orgs.charlie
    )
    return {"pk": event.pk}


@staff_sample("core:members")
def members_of_a(orgs: Any) -> dict[str, Any]:
    return {"slug": orgs.a.slug}


@staff_sample("core:intake_settings")
def intake_settings_of_a(orgs: Any) -> dict[str, Any]:
    return {"slug": orgs.a.slug}


@staff_sample("core:member_detail")
def member_of_a(orgs: Any) -> dict[str, Any]:
    return {"slug": orgs.a.slug, "user_id": orgs.charlie.pk}


@staff_sample("core:invitation")
def invitation_to_alice(orgs: Any) -> dict[str, Any]:
    """An invitation belongs to its invitee, not to an organisation: alice's, from a third one."""
    other = OrganisationFactory(name="Centro C", slug="centro-c")
    invitation = membership_invite(
        organisation=other,
        invited_by=member(other, Role.ORG_ADMIN),
        email=orgs.alice.email,
        name=orgs.alice.name,
        roles=[Role.ADVOCATE],
        base_url="http://testserver/",
    )
    return {"pk": invitation.pk}
