"""A referral's keys live with the case's: anonymising the case erases the copies, rotation rewraps them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from jornada.cases.models import OrganisationKey
from jornada.cases.services import case_anonymise
from jornada.cases.tests.helpers import NAME, table_dump
from jornada.conftest import ThreeOrganisations
from jornada.referrals.models import Referral, ReferralKey
from jornada.referrals.selectors import referral_shared_read
from jornada.referrals.services import referral_accept, referral_decline, referral_progress
from jornada.referrals.tests.helpers import full_case, send


def test_it_erases_every_copy_when_the_senders_case_is_anonymised(
    three_orgs: ThreeOrganisations, staff_client: Any
) -> None:
    """The worker asks for erasure at A: B's shared copy, the answers and both keys go; B's page says so."""
    referral = send(full_case(three_orgs.a, three_orgs.alice), three_orgs.alice, three_orgs.b)
    referral_accept(actor=three_orgs.bob, referral=referral)
    referral_progress(actor=three_orgs.bob, referral=referral, feedback="Avance-Unico-5R")
    case_anonymise(case=referral.case, reason="erasure_request")
    referral.refresh_from_db()
    assert (referral.shared_sealed, referral.feedback_sealed) == (None, None)
    assert not ReferralKey.objects.filter(referral=referral).exists()
    assert referral.sent_at.day == 1, "times kept to the month"
    assert referral_shared_read(user=three_orgs.bob, referral_id=referral.pk)[1] is None
    page = staff_client(three_orgs.bob).get(reverse("referrals:received", kwargs={"pk": referral.pk}))
    assert page.status_code == 200
    assert NAME not in page.content.decode()
    assert (
        staff_client(three_orgs.alice).get(reverse("referrals:sent", kwargs={"pk": referral.pk})).status_code
        == 200
    )
    assert b"Avance-Unico-5R" not in table_dump("referrals_referral")


def test_it_refuses_to_answer_a_referral_whose_copy_was_erased(three_orgs: ThreeOrganisations) -> None:
    """A referral still waiting when the sender's case is anonymised cannot be accepted or declined."""
    referral = send(full_case(three_orgs.a, three_orgs.alice), three_orgs.alice, three_orgs.b)
    case_anonymise(case=referral.case, reason="retention")
    for answer in (
        lambda: referral_accept(actor=three_orgs.bob, referral=referral, open_case=True),
        lambda: referral_decline(actor=three_orgs.bob, referral=referral, reason="Sin cupo"),
    ):
        with pytest.raises(ValidationError) as caught:
            answer()
        assert caught.value.error_dict["referral"][0].code == "erased"
    assert Referral.objects.get(pk=referral.pk).state == "sent"


def test_it_rewraps_referral_keys_when_an_organisation_key_rotates(three_orgs: ThreeOrganisations) -> None:
    """B's new key version takes over its copy of the referral key; the old version is retired; B still reads."""
    referral = send(full_case(three_orgs.a, three_orgs.alice), three_orgs.alice, three_orgs.b)
    call_command(
        "rotate_keys",
        "--new-organisation-keys",
        "--organisation",
        "centro-b",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    holder = ReferralKey.objects.get(referral=referral, organisation=three_orgs.b)
    assert holder.key_version == 2
    assert list(
        OrganisationKey.objects.filter(organisation=three_orgs.b).values_list("version", flat=True)
    ) == [2]
    shared = referral_shared_read(user=three_orgs.bob, referral_id=referral.pk)[1]
    assert shared is not None
    assert shared.worker_name == NAME
