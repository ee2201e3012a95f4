"""Examples of the core app's parameterised pages, for the tests that walk every URL."""

from typing import Any

from jornada.core.audit import audit_record
from jornada.core.testing import staff_sample


@staff_sample("core:audit_detail")
def audit_event_of_a(orgs: Any) -> dict[str, Any]:
    event = audit_record(
        actor=orgs.alice, organisation=orgs.a, action="membership.invited", target=orgs.charlie
    )
    return {"pk": event.pk}


@staff_sample("core:members")
def members_of_a(orgs: Any) -> dict[str, Any]:
    return {"slug": orgs.a.slug}


@staff_sample("core:member_detail")
def member_of_a(orgs: Any) -> dict[str, Any]:
    return {"slug": orgs.a.slug, "user_id": orgs.charlie.pk}
