"""Examples of the outreach app's parameterised pages, for the tests that walk every URL."""

from typing import Any

from jornada.core.testing import page_sample, staff_sample
from jornada.core.tests.factories import OrganisationFactory
from jornada.outreach.tests.helpers import publish


@page_sample("outreach:event")
def an_event() -> dict[str, Any]:
    return {"uid": publish(OrganisationFactory()).uid}


@staff_sample("outreach:staff_edit")
def event_of_a(orgs: Any) -> dict[str, Any]:
    return {"pk": publish(orgs.a, orgs.alice).pk}


@staff_sample("outreach:event_invitations")
def invitations_of_a(orgs: Any) -> dict[str, Any]:
    return {"pk": publish(orgs.a, orgs.alice).pk}


@page_sample("outreach:reminder")
def an_event_to_be_reminded_of() -> dict[str, Any]:
    return {"uid": publish(OrganisationFactory()).uid}


@page_sample("outreach:reserve")
def an_event_taking_reservations() -> dict[str, Any]:
    return {"uid": publish(OrganisationFactory(), takes_reservations=True).uid}


@staff_sample("outreach:event_outcome")
def outcome_of_a(orgs: Any) -> dict[str, Any]:
    return {"pk": publish(orgs.a, orgs.alice).pk}


@page_sample("outreach:workshop_guide")
def a_workshop_guide() -> dict[str, Any]:
    from jornada.rights.tests.factories import make_article

    return {"slug": make_article(slug="muestra-taller").slug}
