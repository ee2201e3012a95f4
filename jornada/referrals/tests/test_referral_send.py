"""Sending a referral: consent, the receiver's topics, the fields chosen, and what is sealed for whom."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from jornada.cases.consent import case_consent_withdraw
from jornada.cases.crypto import CaseDecryptionError
from jornada.cases.keys import data_key_unwrap, field_unseal
from jornada.cases.models import CaseConsent, ConsentOverride
from jornada.cases.services import case_anonymise
from jornada.cases.tests.helpers import NAME, table_dump
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent
from jornada.referrals.models import Referral, ReferralKey
from jornada.referrals.services import referral_key_open, referral_letter_record, referral_send
from jornada.referrals.tests.helpers import TOPIC, UNSHARED, full_case, send, taking, third_organisation
from jornada.vocabulary.models import Category


def _code(caught: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return str(caught.value.error_dict[field][0].code)


def test_it_refuses_a_referral_without_consent_and_leaves_nothing(three_orgs: ThreeOrganisations) -> None:
    """No consent to referral: refused ("consent_missing"), no referral, no key, no audit of a share."""
    case = full_case(three_orgs.a, three_orgs.charlie, consent=False)
    with pytest.raises(ValidationError) as caught:
        send(case, three_orgs.charlie, three_orgs.b)
    assert _code(caught, "override_reason") == "consent_missing"
    assert not Referral.objects.exists()
    assert not ReferralKey.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="referral.").exists()


def test_it_refuses_after_the_consent_was_withdrawn(three_orgs: ThreeOrganisations) -> None:
    """A withdrawn consent stops the next referral."""
    case = full_case(three_orgs.a, three_orgs.alice)
    case_consent_withdraw(actor=three_orgs.alice, consent=CaseConsent.objects.get(case=case))
    with pytest.raises(ValidationError) as caught:
        send(case, three_orgs.alice, three_orgs.b)
    assert _code(caught, "override_reason") == "consent_missing"


def test_it_lets_a_supervisor_refer_without_consent_on_a_recorded_reason(
    three_orgs: ThreeOrganisations,
) -> None:
    """charlie (advocate) is refused with a reason; alice (supervisor) refers, the override is kept."""
    case = full_case(three_orgs.a, three_orgs.alice, consent=False)
    taking(three_orgs.b)
    topic = Category.objects.get(code=TOPIC)
    with pytest.raises(ValidationError) as caught:
        referral_send(
            actor=three_orgs.charlie,
            case=case,
            receiver=three_orgs.b,
            topic=topic,
            fields=["worker_name"],
            override_reason="Peligro inmediato",
        )
    assert _code(caught, "override_reason") == "override_not_allowed"
    referral = referral_send(
        actor=three_orgs.alice,
        case=case,
        receiver=three_orgs.b,
        topic=topic,
        fields=["worker_name"],
        override_reason="Peligro inmediato",
    )
    assert referral.override == ConsentOverride.objects.get(case=case)
    assert referral.consent is None


def test_it_refuses_a_receiver_that_does_not_take_the_topic(three_orgs: ThreeOrganisations) -> None:
    """B takes only child cases: a wage-theft referral is refused with a translated reason naming B."""
    case = full_case(three_orgs.a, three_orgs.alice)
    taking(three_orgs.b, "child-alone")
    with pytest.raises(ValidationError) as caught:
        referral_send(
            actor=three_orgs.alice,
            case=case,
            receiver=three_orgs.b,
            topic=Category.objects.get(code=TOPIC),
            fields=["worker_name"],
        )
    assert _code(caught, "receiver") == "topic_not_accepted"
    assert (
        "Centro B"
        in caught.value.error_dict["receiver"][0].message % caught.value.error_dict["receiver"][0].params
    )
    assert not Referral.objects.exists()


def test_it_refuses_fields_that_cannot_be_shared_and_an_empty_choice(three_orgs: ThreeOrganisations) -> None:
    """Notes, the data key or nothing at all: refused before anything is read."""
    case = full_case(three_orgs.a, three_orgs.alice)
    for fields, code in ((["worker_name", "data_key"], "field_not_shareable"), ([], "no_fields")):
        with pytest.raises(ValidationError) as caught:
            send(case, three_orgs.alice, three_orgs.b, fields=fields)
        assert _code(caught, "fields") == code
    assert not Referral.objects.exists()


def test_it_refuses_a_sender_outside_the_case_and_its_own_organisation(
    three_orgs: ThreeOrganisations,
) -> None:
    """bob cannot refer A's case (he may not see its fields); A cannot refer to itself."""
    case = full_case(three_orgs.a, three_orgs.alice)
    with pytest.raises(ValidationError) as caught:
        send(case, three_orgs.bob, three_orgs.b)
    assert _code(caught, "case") == "not_member"
    with pytest.raises(ValidationError) as caught:
        send(case, three_orgs.alice, three_orgs.a)
    assert _code(caught, "receiver") == "same_organisation"


def test_it_seals_only_the_chosen_fields_under_a_key_the_receiver_holds(
    three_orgs: ThreeOrganisations,
) -> None:
    """The referral's copy holds the name and categories only; B's key opens it but never the case."""
    case = full_case(three_orgs.a, three_orgs.alice)
    referral = send(case, three_orgs.alice, three_orgs.b)
    dump = table_dump("referrals_referral", "referrals_referralkey")
    assert NAME.encode() not in dump, "sealed, never in clear"
    shared = json.loads(field_unseal(referral_key_open(referral, three_orgs.b.pk), referral, "shared"))
    assert shared == {"worker_name": NAME, "categories": [TOPIC]}
    for marker in UNSHARED:
        assert marker not in json.dumps(shared)
    holder = ReferralKey.objects.get(referral=referral, organisation=three_orgs.b)
    with pytest.raises(CaseDecryptionError):
        # The receiver's key is not the case's: the case's fields do not open with it.
        field_unseal(referral_key_open(referral, three_orgs.b.pk), case, "narrative")
    assert holder.data_key != case.data_key
    assert field_unseal(data_key_unwrap(case), case, "worker_name") == NAME


def test_it_audits_the_referral_on_both_sides(three_orgs: ThreeOrganisations) -> None:
    """A's log says it sent the referral, B's that it received it, each naming the fields, never their content."""
    referral = send(full_case(three_orgs.a, three_orgs.alice), three_orgs.alice, three_orgs.b)
    sent = AuditEvent.objects.get(action="referral.sent")
    received = AuditEvent.objects.get(action="referral.received")
    assert (sent.organisation, received.organisation) == (three_orgs.a, three_orgs.b)
    assert sent.detail["fields"] == received.detail["fields"] == ["worker_name", "categories"]
    assert received.target_id == str(referral.pk)
    assert AuditEvent.objects.filter(action="case.share_authorised", organisation=three_orgs.a).exists()


def test_it_refuses_an_anonymised_case(three_orgs: ThreeOrganisations) -> None:
    """An anonymised case has nothing left to share."""
    case = full_case(three_orgs.a, three_orgs.alice)
    case_anonymise(case=case, reason="erasure_request")
    with pytest.raises(ValidationError) as caught:
        send(case, three_orgs.alice, three_orgs.b)
    assert _code(caught, "case") == "anonymised"


def test_it_records_a_letter_without_keeping_a_copy(three_orgs: ThreeOrganisations) -> None:
    """A referral by letter needs consent too, records the partner, and keeps no sealed copy or key."""
    case = full_case(three_orgs.a, three_orgs.alice)
    referral = referral_letter_record(
        actor=three_orgs.alice, case=case, partner_name="Clínica Ficticia", fields=["worker_name"]
    )
    assert referral.shared_sealed is None
    assert not ReferralKey.objects.filter(referral=referral).exists()
    other, dora = third_organisation()
    no_consent = full_case(other, dora, consent=False)
    with pytest.raises(ValidationError) as caught:
        referral_letter_record(actor=dora, case=no_consent, partner_name="Clínica", fields=["worker_name"])
    assert _code(caught, "override_reason") == "consent_missing"
