"""The worker's consents as records: given, withdrawn, and checked before every share."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from jornada.cases.consent import (
    case_consent_given,
    case_consent_record,
    case_consent_withdraw,
    case_share_authorise,
)
from jornada.cases.keys import data_key_unwrap, field_unseal
from jornada.cases.models import Case, CaseConsent, ConsentMethod, ConsentOverride, ConsentPurpose
from jornada.cases.services import case_anonymise
from jornada.cases.tests.helpers import open_case, table_dump
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent
from jornada.intake.services_staff import intake_accept
from jornada.intake.tests.helpers import accepting, submit

REASON = "Razon-Unica-4K: la niña está en peligro inmediato."


def _code(caught: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return str(caught.value.error_dict[field][0].code)


def test_it_records_a_consent_and_refuses_the_same_one_twice(three_orgs: ThreeOrganisations) -> None:
    """charlie records a verbal consent to referral; a second one for the same purpose is refused."""
    case = open_case(three_orgs.a, three_orgs.charlie)
    consent = case_consent_record(
        actor=three_orgs.charlie, case=case, purpose=ConsentPurpose.REFERRAL, method=ConsentMethod.VERBAL
    )
    assert (consent.recorded_by, consent.method) == (three_orgs.charlie, ConsentMethod.VERBAL)
    assert case_consent_given(case=case, purpose=ConsentPurpose.REFERRAL)
    assert not case_consent_given(case=case, purpose=ConsentPurpose.REPORTING)
    with pytest.raises(ValidationError) as caught:
        case_consent_record(
            actor=three_orgs.alice, case=case, purpose=ConsentPurpose.REFERRAL, method=ConsentMethod.WRITTEN
        )
    assert _code(caught, "purpose") == "already_given"
    assert AuditEvent.objects.filter(action="case.consent_recorded", target_id=str(case.pk)).count() == 1


def test_it_refuses_a_consent_recorded_by_another_organisation(three_orgs: ThreeOrganisations) -> None:
    """bob (organisation B) cannot record or withdraw consents on A's case."""
    case = open_case(three_orgs.a, three_orgs.charlie)
    with pytest.raises(ValidationError) as caught:
        case_consent_record(
            actor=three_orgs.bob, case=case, purpose=ConsentPurpose.SERVICES, method=ConsentMethod.VERBAL
        )
    assert _code(caught, "case") == "not_member"
    consent = case_consent_record(
        actor=three_orgs.alice, case=case, purpose=ConsentPurpose.SERVICES, method=ConsentMethod.GUARDIAN
    )
    with pytest.raises(ValidationError):
        case_consent_withdraw(actor=three_orgs.bob, consent=consent)
    assert case_consent_given(case=case, purpose=ConsentPurpose.SERVICES)


def test_it_refuses_unknown_purposes_and_methods_and_staffless_offline_consent(
    three_orgs: ThreeOrganisations,
) -> None:
    """An unknown purpose or method, or a verbal consent without the staff member who heard it, is refused."""
    case = open_case(three_orgs.a, three_orgs.charlie)
    with pytest.raises(ValidationError) as caught:
        case_consent_record(actor=three_orgs.alice, case=case, purpose="marketing", method="verbal")
    assert _code(caught, "purpose") == "invalid_purpose"
    with pytest.raises(ValidationError) as caught:
        case_consent_record(actor=three_orgs.alice, case=case, purpose="referral", method="telepathy")
    assert _code(caught, "method") == "invalid_method"
    with pytest.raises(ValidationError) as caught:
        case_consent_record(actor=None, case=case, purpose="referral", method="verbal")
    assert _code(caught, "method") == "no_actor"
    assert not CaseConsent.objects.exists()


def test_it_shares_with_consent_and_refuses_after_a_withdrawal(three_orgs: ThreeOrganisations) -> None:
    """With consent the share is allowed and audited; once withdrawn, the same share is refused."""
    case = open_case(three_orgs.a, three_orgs.charlie)
    consent = case_consent_record(
        actor=three_orgs.charlie, case=case, purpose=ConsentPurpose.REFERRAL, method=ConsentMethod.WRITTEN
    )
    allowed = case_share_authorise(
        actor=three_orgs.charlie, case=case, purpose=ConsentPurpose.REFERRAL, share="referral"
    )
    assert allowed == consent
    assert AuditEvent.objects.filter(action="case.share_authorised", detail__share="referral").count() == 1
    case_consent_withdraw(actor=three_orgs.charlie, consent=consent)
    assert not case_consent_given(case=case, purpose=ConsentPurpose.REFERRAL)
    with pytest.raises(ValidationError) as caught:
        case_share_authorise(
            actor=three_orgs.charlie, case=case, purpose=ConsentPurpose.REFERRAL, share="referral"
        )
    assert _code(caught, "override_reason") == "consent_missing"
    with pytest.raises(ValidationError) as caught:
        case_consent_withdraw(actor=three_orgs.charlie, consent=consent)
    assert _code(caught, "consent") == "already_withdrawn"


def test_it_lets_a_consent_be_given_again_after_a_withdrawal(three_orgs: ThreeOrganisations) -> None:
    """The history keeps both rows: the withdrawn one and the new one in effect."""
    case = open_case(three_orgs.a, three_orgs.charlie)
    first = case_consent_record(actor=three_orgs.alice, case=case, purpose="reporting", method="verbal")
    case_consent_withdraw(actor=three_orgs.alice, consent=first)
    case_consent_record(actor=three_orgs.alice, case=case, purpose="reporting", method="written")
    assert CaseConsent.objects.filter(case=case).count() == 2
    assert list(Case.objects.with_consent(ConsentPurpose.REPORTING)) == [case]


def test_it_refuses_an_override_by_an_advocate(three_orgs: ThreeOrganisations) -> None:
    """charlie is an advocate, not a supervisor: his reason does not stand in for consent."""
    case = open_case(three_orgs.a, three_orgs.charlie)
    with pytest.raises(ValidationError) as caught:
        case_share_authorise(
            actor=three_orgs.charlie,
            case=case,
            purpose=ConsentPurpose.AUTHORITIES,
            share="dif-handoff",
            override_reason=REASON,
        )
    assert _code(caught, "override_reason") == "override_not_allowed"
    assert not ConsentOverride.objects.exists()


def test_it_refuses_a_share_by_another_organisation_even_a_supervisor(three_orgs: ThreeOrganisations) -> None:
    """bob is a supervisor of B: he can neither share A's case nor override its consent."""
    case = open_case(three_orgs.a, three_orgs.charlie)
    with pytest.raises(ValidationError) as caught:
        case_share_authorise(
            actor=three_orgs.bob, case=case, purpose="authorities", share="x", override_reason=REASON
        )
    assert _code(caught, "case") == "not_member"


def test_it_records_a_supervisors_override_sealed_and_audited(three_orgs: ThreeOrganisations) -> None:
    """alice (supervisor) shares without consent: the override names her, its reason is sealed, the event audited."""
    case = open_case(three_orgs.a, three_orgs.charlie)
    override = case_share_authorise(
        actor=three_orgs.alice,
        case=case,
        purpose=ConsentPurpose.AUTHORITIES,
        share="dif-handoff",
        override_reason=f"  {REASON}  ",
    )
    assert isinstance(override, ConsentOverride)
    assert (override.supervisor, override.purpose, override.share) == (
        three_orgs.alice,
        ConsentPurpose.AUTHORITIES,
        "dif-handoff",
    )
    assert field_unseal(data_key_unwrap(case), override, "reason") == REASON
    assert b"Razon-Unica-4K" not in table_dump("cases_consentoverride", "core_auditevent")
    event = AuditEvent.objects.get(action="case.consent_overridden")
    assert event.detail == {"purpose": "authorities", "share": "dif-handoff"}


def test_it_erases_override_reasons_when_the_case_is_anonymised(three_orgs: ThreeOrganisations) -> None:
    """Anonymising keeps that an override happened (for counts) but not its reason, and dates keep the month."""
    case = open_case(three_orgs.a, three_orgs.charlie)
    case_share_authorise(
        actor=three_orgs.alice, case=case, purpose="authorities", share="x", override_reason=REASON
    )
    case_consent_record(actor=three_orgs.alice, case=case, purpose="reporting", method="verbal")
    case_anonymise(case=case, reason="retention")
    override = ConsentOverride.objects.get(case=case)
    assert override.reason_sealed is None
    consent = CaseConsent.objects.get(case=case)
    assert (consent.recorded_at.day, consent.recorded_at.hour, consent.recorded_at.minute) == (1, 0, 0)
    with pytest.raises(ValidationError):
        case_consent_record(actor=three_orgs.alice, case=case, purpose="services", method="verbal")


def test_it_turns_the_workers_answers_into_consents_when_a_request_is_accepted(
    three_orgs: ThreeOrganisations,
) -> None:
    """The form's contact, sharing and counting answers become SERVICES, REFERRAL and REPORTING, online."""
    accepting(three_orgs.a)
    receipt = submit(
        any_organisation=False, organisations=["centro-a"], consent_share=True, consent_count=False
    )
    case = intake_accept(actor=three_orgs.alice, intake_id=receipt.intake.pk)
    consents = {c.purpose: c for c in CaseConsent.objects.filter(case=case)}
    assert set(consents) == {ConsentPurpose.SERVICES, ConsentPurpose.REFERRAL}
    assert {c.method for c in consents.values()} == {ConsentMethod.ONLINE}
    assert all(c.recorded_by is None for c in consents.values())
