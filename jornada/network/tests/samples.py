"""Examples of the network's staff pages, for the tests that walk every URL."""

from typing import Any

from jornada.core.testing import staff_sample


@staff_sample("network:directory_entry")
def entry_of_a(orgs: Any) -> dict[str, Any]:
    return {"slug": orgs.a.slug}


@staff_sample("network:trusted_list")
def trusted_list_of_a(orgs: Any) -> dict[str, Any]:
    return {"slug": orgs.a.slug}


@staff_sample("network:trusted_remove")
def trusted_entry_of_a(orgs: Any) -> dict[str, Any]:
    from jornada.network.models import Organization, TrustedReferral

    partner = Organization.objects.create(name="Partner", description="A partner.")
    return {"pk": TrustedReferral.objects.create(organisation=orgs.a, partner=partner).pk}


@staff_sample("network:partner")
def partner_memory_of_a(orgs: Any) -> dict[str, Any]:
    from jornada.network.models import Organization
    from jornada.network.relationships import partner_contact_add

    partner = Organization.objects.create(name="Partner", description="A partner.")
    partner_contact_add(organisation=orgs.a, partner=partner, by=orgs.alice, values={"name": "Contacto de A"})
    return {"slug": orgs.a.slug, "partner": partner.pk}


@staff_sample("network:handover")
def handover_of_a(orgs: Any) -> dict[str, Any]:
    return {"slug": orgs.a.slug}
