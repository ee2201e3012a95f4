"""The demo directory of ``make run``: a dozen fictional organisations, one confidential shelter."""

from io import StringIO

import pytest
from django.test import Client

from jornada.core.demo import demo_staff_create
from jornada.network.demo import create_demo_data
from jornada.network.models import Location, Organization

pytestmark = pytest.mark.django_db


def test_it_loads_a_fictional_directory_once_and_links_the_demo_organisation() -> None:
    """Run twice: twelve fictional organisations on both sides of the border, one confidential place."""
    staff = demo_staff_create()
    create_demo_data(stdout=StringIO())
    create_demo_data(stdout=None)
    assert Organization.objects.count() == 12
    assert all(Organization.objects.values_list("is_fictional", flat=True))
    assert {"US", "MX", "GT"} <= set(Location.objects.values_list("country", flat=True))
    assert Location.objects.filter(confidential=True).count() == 1
    assert Organization.objects.filter(staff_organisation__isnull=False).count() == 1
    assert staff


def test_it_lets_the_search_page_work_without_the_full_gazetteer() -> None:
    """Without load_gazetteer, the demo towns and codes are enough for a search by ZIP code."""
    demo_staff_create()
    create_demo_data(stdout=None)
    response = Client().get("/es/ayuda/organizaciones/", {"place": "27601"})
    assert response.context["results"][0].organization == "Centro de Trabajadores del Valle (ficticio)"


def test_it_gives_the_demo_organisation_a_memory_of_one_partner_once() -> None:
    """Run twice: two fictional contacts (one gone), one event held together and one MOU due for renewal."""
    from jornada.network.models import PartnerAgreement, PartnerContact, PartnerInteraction

    demo_staff_create()
    create_demo_data(stdout=None)
    create_demo_data(stdout=None)
    assert PartnerContact.objects.count() == 2
    assert PartnerInteraction.objects.count() == 1
    assert PartnerAgreement.objects.get().renewal_due()
