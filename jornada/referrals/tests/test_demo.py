"""`jornada demo_data` adds fictional referrals: one to intake's second fictional organisation, one by letter."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from jornada.cases.keys import field_unseal
from jornada.core.demo import DEMO_ORGANISATION_SLUG
from jornada.intake.demo import SECOND_ORGANISATION_SLUG
from jornada.referrals.models import Referral, ReferralKind, ReferralState
from jornada.referrals.services import referral_key_open


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_it_refers_a_fictional_case_once() -> None:
    """The referral waits at the second fictional organisation, which can open a fictional name; a rerun adds nothing."""
    call_command("demo_data", json=True, stdout=StringIO())
    call_command("demo_data", json=True, stdout=StringIO())
    referral = Referral.objects.get(kind=ReferralKind.JORNADA)
    assert referral.sender.slug == DEMO_ORGANISATION_SLUG
    assert referral.receiver is not None
    assert referral.receiver.slug == SECOND_ORGANISATION_SLUG
    assert referral.receiver.is_fictional
    assert referral.state == ReferralState.SENT
    shared = field_unseal(referral_key_open(referral, referral.receiver.pk), referral, "shared")
    assert "ficti" in shared
    assert Referral.objects.filter(kind=ReferralKind.LETTER).count() == 1
