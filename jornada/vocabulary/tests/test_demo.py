"""The demo organisation of ``make run`` takes requests for help, so the intake has somewhere to go."""

from io import StringIO

import pytest

from jornada.core.demo import demo_staff_create
from jornada.core.selectors import organisations_accepting
from jornada.vocabulary.demo import create_demo_data

pytestmark = pytest.mark.django_db


def test_it_lets_the_demo_organisation_take_requests_for_help() -> None:
    """After the demo data (run twice), a Mixteco speaker in Oaxaca with wage theft finds the demo centre."""
    demo_staff_create()
    create_demo_data(stdout=StringIO())
    create_demo_data(stdout=None)
    found = organisations_accepting(place="MX-OAX", language="Mixteco", topic="wage-theft", urgent=True)
    assert [organisation.slug for organisation in found] == ["centro-ficticio"]
    assert organisations_accepting(place="SV", language="es", topic="wage-theft") == []
