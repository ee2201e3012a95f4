"""`jornada demo_data` gives the demo organisation three fictional protocol cases, once."""

from __future__ import annotations

import pytest

from jornada.cases.demo import create_demo_data as create_demo_cases
from jornada.core.demo import DEMO_EMAIL, demo_staff_create
from jornada.core.models import User
from jornada.protocols.demo import DEMO_PROTOCOL_CASES, create_demo_data
from jornada.protocols.models import CaseProtocol
from jornada.protocols.selectors import case_protocol_read


@pytest.mark.django_db
def test_it_opens_the_three_fictional_protocol_cases_once() -> None:
    """A child, a GBV and a trafficking case, readable by the demo user, fictional; a second run adds none."""
    demo_staff_create()
    create_demo_cases()
    create_demo_data()
    create_demo_data()
    user = User.objects.get(email=DEMO_EMAIL)
    protocols = list(CaseProtocol.objects.select_related("case_type"))
    assert sorted(protocol.case_type.slug for protocol in protocols) == sorted(
        demo["slug"] for demo in DEMO_PROTOCOL_CASES
    )
    for protocol in protocols:
        view = case_protocol_read(user=user, case_id=protocol.case_id, language="es")
        assert view is not None
        assert view.done >= 3
        assert protocol.case.urgent
