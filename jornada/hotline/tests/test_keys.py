"""Calls and callback requests are sealed like case data and stay readable through key rotation."""

import io
from typing import Any

import pytest
from django.core.management import call_command

from jornada.cases.models import OrganisationKey
from jornada.hotline.models import Call, CallbackRequest
from jornada.hotline.selectors import call_personal_read
from jornada.hotline.tests.helpers import NARRATIVE, full_call, hotline_of
from jornada.hotline.tests.samples import callback_of

pytestmark = pytest.mark.django_db


def test_it_rewraps_call_and_callback_keys_when_the_organisation_key_rotates(three_orgs: Any) -> None:
    """A new organisation key version takes over the calls' and callbacks' keys; the old one goes; all still open."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    call = full_call(hotline, three_orgs.alice)
    callback = callback_of(hotline)
    call_command(
        "rotate_keys",
        "--new-organisation-keys",
        "--organisation",
        "centro-a",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert list(
        OrganisationKey.objects.filter(organisation=three_orgs.a).values_list("version", flat=True)
    ) == [2]
    assert Call.objects.get(pk=call.pk).key_version == 2
    assert CallbackRequest.objects.get(pk=callback.pk).key_version == 2
    assert call_personal_read(user=three_orgs.alice, call=Call.objects.get(pk=call.pk)).narrative == NARRATIVE
