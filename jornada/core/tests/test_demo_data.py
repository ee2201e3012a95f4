import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from jornada.core.models import Membership, Organisation, Role, User

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_it_creates_a_fictional_organisation_and_prints_the_login() -> None:
    """The demo organisation is marked fictional; the output says how to sign in with TOTP."""
    out = StringIO()
    call_command("demo_data", stdout=out)
    text = out.getvalue()
    organisation = Organisation.objects.get(slug="centro-ficticio")
    assert organisation.is_fictional
    assert "Ficticio" in organisation.name
    user = User.objects.get(email="demo@example.org")
    assert set(Membership.objects.filter(user=user).values_list("role", flat=True)) == set(Role.values)
    assert "demo@example.org" in text
    assert "TOTP key:" in text
    assert "jornada demo_totp" in text


@override_settings(DEBUG=True)
def test_it_is_idempotent_and_gives_a_working_password() -> None:
    """Running twice changes nothing but the password, and the printed password works."""
    call_command("demo_data", json=True, stdout=StringIO())
    organisations = Organisation.objects.count()
    out = StringIO()
    call_command("demo_data", json=True, stdout=out)
    login = json.loads(out.getvalue())
    # The demo organisation with the staff account, and intake's second one taking requests.
    assert organisations == Organisation.objects.count() == 2
    assert Membership.objects.count() == len(Role.values)
    assert User.objects.get(email=login["email"]).check_password(login["password"])


def test_it_refuses_to_run_in_production() -> None:
    """Without DEBUG the command stops, so no demo account appears on a real server by accident."""
    with pytest.raises(CommandError, match="JORNADA_DEBUG"):
        call_command("demo_data", stdout=StringIO())
    assert not User.objects.exists()


@override_settings(DEBUG=True, JORNADA_CASE_KEY=None)
def test_it_loads_every_app_s_demo_without_a_case_key() -> None:
    """Without JORNADA_CASE_KEY (the API contract run's server) the demo skips what is sealed, never fails.

    The partner network's contacts are sealed like case data since they were encrypted at rest:
    its demo then failed the whole command, and with it the API contract step of CI.
    """
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert "JORNADA_CASE_KEY is not set" in out.getvalue()
    assert Organisation.objects.filter(slug="centro-ficticio").exists()
