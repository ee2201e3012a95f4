"""`jornada demo_data` adds fictional referrals: one to a fictional partner that uses Jornada, one by letter."""

from __future__ import annotations

import pytest

from jornada.cases.demo import create_demo_data as create_demo_cases
from jornada.core.demo import DEMO_ORGANISATION_SLUG, demo_staff_create
from jornada.core.models import User
from jornada.referrals.demo import PARTNER_EMAIL, create_demo_data
from jornada.referrals.models import Referral, ReferralKind, ReferralState
from jornada.referrals.selectors import referral_shared_read


@pytest.mark.django_db
def test_it_refers_a_fictional_case_once() -> None:
    """The partner opens what was shared (a fictional name); a second run adds nothing."""
    demo_staff_create()
    create_demo_cases()
    create_demo_data()
    create_demo_data()
    referral = Referral.objects.get(kind=ReferralKind.JORNADA)
    assert referral.sender.slug == DEMO_ORGANISATION_SLUG
    assert referral.receiver is not None
    assert referral.receiver.is_fictional
    assert referral.state == ReferralState.IN_PROGRESS
    _referral, shared = referral_shared_read(
        user=User.objects.get(email=PARTNER_EMAIL), referral_id=referral.pk
    )
    assert shared is not None
    assert "ficti" in (shared.worker_name or "")
    assert Referral.objects.filter(kind=ReferralKind.LETTER).count() == 1
