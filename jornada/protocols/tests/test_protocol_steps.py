"""Choosing a case's protocol and completing its steps: role, once, order, sealing, audit, due times."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jornada.cases.consent import case_consent_record, case_consent_withdraw
from jornada.cases.models import CaseTask, ConsentMethod, ConsentOverride, ConsentPurpose
from jornada.cases.tests.helpers import open_case, table_dump
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent
from jornada.protocols.models import ProtocolStepRecord
from jornada.protocols.selectors import case_protocol_read
from jornada.protocols.services import case_protocol_choose, protocol_step_approve, protocol_step_complete
from jornada.protocols.tests.helpers import TEXT, answers_for, protocol_case, shipped


def _step(case, key):  # type: ignore[no-untyped-def]
    return ProtocolStepRecord.objects.select_related("step").get(protocol__case=case, step__key=key).step


def _complete(case, actor, key, **overrides):  # type: ignore[no-untyped-def]
    return protocol_step_complete(
        actor=actor, case=case, step_key=key, answers=answers_for(_step(case, key), **overrides)
    )


def test_it_marks_a_child_case_urgent_and_sets_due_times_from_the_opening(
    three_orgs: ThreeOrganisations,
) -> None:
    """Choosing the child protocol makes the case urgent; steps counted from the opening get a due time."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "unaccompanied-child")
    case.refresh_from_db()
    assert case.urgent is True
    welcome = ProtocolStepRecord.objects.get(protocol__case=case, step__key="welcome")
    assert welcome.due_at == case.created_at + dt.timedelta(hours=2)
    family = ProtocolStepRecord.objects.get(protocol__case=case, step__key="family-contact")
    assert family.due_at is None  # counted from the identity step, not done yet
    assert AuditEvent.objects.filter(action="case.urgency_set", target_id=str(case.pk)).exists()


def test_it_refuses_a_second_protocol_for_a_case(three_orgs: ThreeOrganisations) -> None:
    """A case follows one protocol: choosing another is refused."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    with pytest.raises(ValidationError) as error:
        case_protocol_choose(actor=three_orgs.charlie, case=case, case_type=shipped("gender-based-violence"))
    assert error.value.error_dict["case_type"][0].code == "already_chosen"


def test_it_refuses_someone_of_another_organisation(three_orgs: ThreeOrganisations) -> None:
    """Bob (organisation B) can neither choose a protocol for A's case nor complete its steps."""
    case = open_case(three_orgs.a, three_orgs.alice)
    with pytest.raises(ValidationError) as error:
        case_protocol_choose(actor=three_orgs.bob, case=case, case_type=shipped("trafficking"))
    assert error.value.code == "not_a_case_worker"
    case_protocol_choose(actor=three_orgs.alice, case=case, case_type=shipped("trafficking"))
    with pytest.raises(ValidationError) as error:
        _complete(case, three_orgs.bob, "first-contact")
    assert error.value.code == "not_a_case_worker"


def test_it_refuses_a_step_completed_twice(three_orgs: ThreeOrganisations) -> None:
    """A completed step cannot be completed again."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    _complete(case, three_orgs.charlie, "first-contact")
    with pytest.raises(ValidationError) as error:
        _complete(case, three_orgs.charlie, "first-contact")
    assert error.value.code == "already_completed"


def test_it_refuses_a_step_out_of_order(three_orgs: ThreeOrganisations) -> None:
    """Screening must follow the first contact: before it, refused with the other step's title."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    with pytest.raises(ValidationError) as error:
        _complete(case, three_orgs.charlie, "screening")
    assert error.value.code == "out_of_order"
    assert "Primer contacto" in error.value.messages[0]


def test_it_refuses_a_step_by_the_wrong_role(three_orgs: ThreeOrganisations) -> None:
    """A step for supervisors cannot be completed by an advocate."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    ProtocolStepRecord.objects.get(
        protocol__case=case, step__key="first-contact"
    ).step.__class__.objects.filter(case_type__slug="trafficking", key="first-contact").update(
        role="supervisor"
    )
    with pytest.raises(ValidationError) as error:
        _complete(case, three_orgs.charlie, "first-contact")
    assert error.value.code == "wrong_role"
    _complete(case, three_orgs.alice, "first-contact")


def test_it_refuses_missing_and_foreign_answers(three_orgs: ThreeOrganisations) -> None:
    """A required answer missing, or a choice the question does not offer, is refused on that field."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    with pytest.raises(ValidationError) as error:
        _complete(case, three_orgs.charlie, "first-contact", private=None, urgent_needs=["spaceship"])
    assert error.value.error_dict["private"][0].code == "required"
    assert error.value.error_dict["urgent_needs"][0].code == "invalid"


def test_it_seals_personal_answers_and_audits_their_reading(three_orgs: ThreeOrganisations) -> None:
    """Text answers are stored sealed (not in a raw dump); reading them opens them and is audited."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "unaccompanied-child")
    _complete(case, three_orgs.charlie, "identity")
    assert TEXT.encode() not in table_dump("protocols_protocolsteprecord")
    view = case_protocol_read(user=three_orgs.alice, case_id=case.pk, language="es")
    assert view is not None
    identity = next(item for item in view.steps if item.step.key == "identity")
    assert identity.raw_answers["name_used"] == TEXT
    assert identity.raw_answers["country"] == "mx"
    assert AuditEvent.objects.filter(action="protocol.read", target_id=str(case.pk)).exists()


def test_it_starts_the_clock_of_steps_counted_from_a_completed_one(three_orgs: ThreeOrganisations) -> None:
    """Completing identity makes family contact due a day later."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "unaccompanied-child")
    record = _complete(case, three_orgs.charlie, "identity")
    family = ProtocolStepRecord.objects.get(protocol__case=case, step__key="family-contact")
    assert family.due_at == record.completed_at + dt.timedelta(days=1)


def test_it_needs_a_supervisor_to_approve_before_later_steps(three_orgs: ThreeOrganisations) -> None:
    """The best-interest assessment waits for a supervisor; the hand-off after it waits too."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "unaccompanied-child")
    _complete(case, three_orgs.charlie, "wishes")
    record = _complete(case, three_orgs.charlie, "best-interest")
    assert record.is_waiting_for_approval()
    with pytest.raises(ValidationError) as error:
        protocol_step_approve(actor=three_orgs.charlie, case=case, step_key="best-interest")
    assert error.value.code == "not_a_supervisor"
    with pytest.raises(ValidationError) as error:
        _complete(case, three_orgs.alice, "dif-handoff", override_reason="Urgente")
    assert error.value.code == "out_of_order"
    protocol_step_approve(actor=three_orgs.alice, case=case, step_key="best-interest")
    assert AuditEvent.objects.filter(action="protocol.step_approved", target_id=str(case.pk)).exists()


def test_it_refuses_a_hand_off_without_consent_or_override(three_orgs: ThreeOrganisations) -> None:
    """Sharing with an authority with neither consent nor an override reason is refused."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    _complete(case, three_orgs.charlie, "first-contact")
    with pytest.raises(ValidationError) as error:
        _complete(case, three_orgs.charlie, "services-referral")
    assert error.value.error_dict["override_reason"][0].code == "consent_missing"
    assert (
        ProtocolStepRecord.objects.get(protocol__case=case, step__key="services-referral").completed_at
        is None
    )


def test_it_lets_only_a_supervisor_override_and_audits_it(three_orgs: ThreeOrganisations) -> None:
    """An advocate's override is refused; a supervisor's is recorded on the step and audited."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    _complete(case, three_orgs.charlie, "first-contact")
    with pytest.raises(ValidationError) as error:
        protocol_step_complete(
            actor=three_orgs.charlie,
            case=case,
            step_key="services-referral",
            answers=answers_for(_step(case, "services-referral")),
            override_reason="Peligro inminente",
        )
    assert error.value.error_dict["override_reason"][0].code == "override_not_allowed"
    record = protocol_step_complete(
        actor=three_orgs.alice,
        case=case,
        step_key="services-referral",
        answers=answers_for(_step(case, "services-referral")),
        override_reason="Peligro inminente",
    )
    assert record.shared_by_override is True
    event = AuditEvent.objects.filter(action="protocol.step_completed", target_id=str(case.pk)).latest("at")
    assert event.detail["override"] is True
    assert AuditEvent.objects.filter(action="case.consent_overridden", target_id=str(case.pk)).exists()
    assert ConsentOverride.objects.filter(case=case, purpose=ConsentPurpose.REFERRAL).count() == 1


def test_it_shares_with_consent_and_stops_after_a_withdrawal(three_orgs: ThreeOrganisations) -> None:
    """With consent to referral an advocate refers; once withdrawn, the next referral is refused."""
    first = protocol_case(three_orgs.a, three_orgs.charlie, "gender-based-violence")
    consent = case_consent_record(
        actor=three_orgs.charlie, case=first, purpose=ConsentPurpose.REFERRAL, method=ConsentMethod.VERBAL
    )
    for key in ("first-contact", "incident", "safety-plan"):
        _complete(first, three_orgs.charlie, key)
    protocol_step_approve(actor=three_orgs.alice, case=first, step_key="safety-plan")
    record = _complete(first, three_orgs.charlie, "allies-referral")
    assert record.shared_by_override is False
    assert AuditEvent.objects.filter(action="case.share_authorised", target_id=str(first.pk)).exists()
    # The same consent, withdrawn: a referral in the same case type is refused afterwards.
    case_consent_withdraw(actor=three_orgs.charlie, consent=consent)
    ProtocolStepRecord.objects.filter(protocol__case=first, step__key="allies-referral").update(
        completed_at=None, completed_by=None
    )
    with pytest.raises(ValidationError) as error:
        _complete(first, three_orgs.charlie, "allies-referral")
    assert error.value.error_dict["override_reason"][0].code == "consent_missing"


def test_it_asks_consent_to_authorities_for_a_hand_off(three_orgs: ThreeOrganisations) -> None:
    """Consent to referral does not open a hand-off to the authorities; consent to cooperation does."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    case_consent_record(
        actor=three_orgs.charlie, case=case, purpose=ConsentPurpose.REFERRAL, method=ConsentMethod.WRITTEN
    )
    for key in ("first-contact", "screening", "cooperation-decision"):
        _complete(case, three_orgs.charlie, key)
    protocol_step_approve(actor=three_orgs.alice, case=case, step_key="cooperation-decision")
    with pytest.raises(ValidationError):
        _complete(case, three_orgs.charlie, "law-enforcement")
    case_consent_record(
        actor=three_orgs.charlie, case=case, purpose=ConsentPurpose.AUTHORITIES, method=ConsentMethod.VERBAL
    )
    assert _complete(case, three_orgs.charlie, "law-enforcement").completed_at is not None


def test_it_creates_a_task_per_immigration_relief_chosen(three_orgs: ThreeOrganisations) -> None:
    """Choosing a T visa and continued presence creates two tasks on the case, due 30 and 7 days on."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    _complete(case, three_orgs.charlie, "first-contact")
    _complete(case, three_orgs.charlie, "screening")
    _complete(case, three_orgs.charlie, "immigration-relief", relief=["t_visa", "continued_presence"])
    today = timezone.localdate()
    assert sorted(CaseTask.objects.filter(case=case).values_list("due_on", flat=True)) == [
        today + dt.timedelta(days=7),
        today + dt.timedelta(days=30),
    ]


def test_it_erases_sealed_answers_and_coarsens_times_when_the_case_is_anonymised(
    three_orgs: ThreeOrganisations,
) -> None:
    """Anonymising erases the sealed answers, keeps the structured ones, and keeps only the month."""
    from jornada.cases.services import case_anonymise

    case = protocol_case(three_orgs.a, three_orgs.charlie, "unaccompanied-child")
    _complete(case, three_orgs.charlie, "identity")
    case_anonymise(case=case, reason="withdrawn", actor=three_orgs.alice)
    record = ProtocolStepRecord.objects.get(protocol__case=case, step__key="identity")
    assert record.answers_sealed is None
    assert record.answers["country"] == "mx"
    assert record.completed_at is not None
    completed = record.completed_at.astimezone(dt.UTC)  # truncated like the cases' own notes
    assert (completed.day, completed.hour, completed.minute) == (1, 0, 0)


def test_it_asks_the_reason_when_the_person_does_not_cooperate(three_orgs: ThreeOrganisations) -> None:
    """Trafficking: "no" to cooperating with authorities needs the reason they give."""
    case = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    _complete(case, three_orgs.charlie, "first-contact")
    _complete(case, three_orgs.charlie, "screening")
    with pytest.raises(ValidationError) as error:
        _complete(
            case, three_orgs.charlie, "cooperation-decision", consents_to_cooperate="no", reason_without=""
        )
    assert error.value.error_dict["reason_without"][0].code == "required"
    _complete(
        case, three_orgs.charlie, "cooperation-decision", consents_to_cooperate="no", reason_without=TEXT
    )
