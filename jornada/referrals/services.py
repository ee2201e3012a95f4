"""Sending a case to another organisation, and every step after: accept, decline, work, finish, revoke.

Sending asks ``case_share_authorise`` (consent to referral, or a supervisor's reason) in the
same transaction, then seals only the chosen fields under a fresh referral key wrapped for the
sender and for the receiver. Every step is audited for both organisations: each sees in its own
audit log what it sent or received, never the content.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.cases.consent import case_share_authorise
from jornada.cases.crypto import new_key
from jornada.cases.keys import data_key_unwrap, field_seal, field_unseal
from jornada.cases.models import (
    CASE_PERSONAL_FIELDS,
    Case,
    CaseCategory,
    CaseConsent,
    CaseNote,
    CaseParty,
    ConsentPurpose,
    Outcome,
)
from jornada.cases.selectors import CASE_ROLES
from jornada.cases.services import MAX_LENGTHS, case_create, case_note_add
from jornada.cases.workflow import case_categories_set, case_party_add
from jornada.core.audit import audit_record, register_actions
from jornada.core.models import IntakeSettings, Membership, Organisation, User
from jornada.referrals.keys import holder_key_unwrap, holder_key_wrap_current
from jornada.referrals.models import (
    Referral,
    ReferralKey,
    ReferralKind,
    ReferralState,
    SharedField,
)
from jornada.vocabulary.models import Category

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

register_actions(
    {
        "referral.sent": _("Referred a case to another organisation"),
        "referral.received": _("Received a referral from another organisation"),
        "referral.letter": _("Recorded a referral by letter to a partner outside Jornada"),
        "referral.letter_printed": _("Printed a referral letter"),
        "referral.read": _("Read the fields shared in a referral"),
        "referral.accepted": _("Accepted a referral"),
        "referral.declined": _("Declined a referral"),
        "referral.in_progress": _("Started work on a referral"),
        "referral.done": _("Finished a referral"),
        "referral.revoked": _("Revoked a referral"),
    }
)

MAX_PARTNER_NAME = 200
MAX_PARTNER_CONTACT = 300
MAX_TEXT = 5_000


def _error(name: str, message: StrOrPromise, code: str, **params: object) -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code, params=params or None)})


def _text(field: str, value: str, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise _error(field, _("This text is longer than %(limit)d characters."), "too_long", limit=limit)
    if any(ord(char) < 32 and char not in "\t\r\n" for char in value):
        raise _error(field, _("This text contains control characters."), "control_characters")
    return value


def _works_cases(user: User, organisation_id: int) -> bool:
    return Membership.objects.filter(user=user, organisation_id=organisation_id, role__in=CASE_ROLES).exists()


def _fields_checked(fields: Iterable[str]) -> list[str]:
    """Return the chosen fields in a fixed order; refuse an empty choice or one that cannot be shared."""
    chosen = list(dict.fromkeys(fields))
    unknown = [name for name in chosen if name not in SharedField.values]
    if unknown:
        raise _error(
            "fields",
            _("“%(field)s” is not something you can see on this case, so it cannot be shared."),
            "field_not_shareable",
            field=unknown[0][:40],
        )
    if not chosen:
        raise _error("fields", _("Choose at least one thing to share."), "no_fields")
    return [name for name in SharedField.values if name in chosen]


def _case_checked(actor: User, case: Case) -> Case:
    """Return ``case`` locked; refuse one ``actor`` does not work on, or an anonymised one."""
    if not _works_cases(actor, case.organisation_id):
        raise _error("case", _("Only the case's advocates and supervisors may refer it."), "not_member")
    case = Case.objects.select_for_update().select_related("organisation").get(pk=case.pk)
    if case.is_anonymised():
        raise _error("case", _("This case is anonymised: nothing of it can be shared."), "anonymised")
    return case


def _notes_checked(case: Case, chosen: list[str], note_ids: Iterable[int]) -> tuple[list[str], list[int]]:
    """Return the fields and the chosen notes of ``case``, oldest first; refuse a note of another case."""
    wanted = list(dict.fromkeys(int(pk) for pk in note_ids))
    found = list(
        CaseNote.objects.filter(case=case, pk__in=wanted)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    )
    if len(found) != len(wanted):
        raise _error("notes", _("Only notes of this case can be shared with it."), "note_not_in_case")
    if found and SharedField.NOTES not in chosen:
        chosen = [name for name in SharedField.values if name in (*chosen, SharedField.NOTES)]
    if SharedField.NOTES in chosen and not found:
        raise _error("notes", _("Choose the notes to share."), "no_notes")
    return chosen, found


def receiver_accepts(receiver: Organisation, topic: Category) -> bool:
    """Return True when ``receiver`` says it takes cases about ``topic`` (its intake settings' topics)."""
    return IntakeSettings.objects.filter(organisation=receiver, topics=topic).exists()


def case_fields_read(case: Case, fields: Iterable[str], note_ids: Iterable[int] = ()) -> dict[str, Any]:
    """Return the chosen fields of ``case`` in clear (the caller audits and holds a transaction)."""
    data_key = data_key_unwrap(case)
    shared: dict[str, Any] = {}
    for name in fields:
        if name == SharedField.NOTES:
            notes = CaseNote.objects.filter(case=case, pk__in=list(note_ids)).order_by("created_at", "id")
            shared["notes"] = [
                {"created_at": note.created_at.isoformat(), "text": field_unseal(data_key, note, "text")}
                for note in notes
                if note.text_sealed is not None
            ]
        if name in CASE_PERSONAL_FIELDS:
            shared[name] = field_unseal(data_key, case, name)
        if name == SharedField.CONTACT:
            shared["contact_channel"] = case.contact_channel
            shared["may_leave_message"] = case.may_leave_message
        elif name == SharedField.CATEGORIES:
            shared["categories"] = list(
                CaseCategory.objects.filter(case=case)
                .order_by("category__position", "category__code")
                .values_list("category__code", flat=True)
            )
        elif name == SharedField.PARTIES:
            parties = CaseParty.objects.filter(case=case).select_related("employer", "recruiter")
            shared["parties"] = [
                {
                    "role": party.role,
                    "name": str(party.employer or party.recruiter)
                    if (party.employer or party.recruiter)
                    else (field_unseal(data_key, party, "name") if party.name_sealed is not None else ""),
                }
                for party in parties
            ]
    return shared


def _authorise(actor: User, case: Case, override_reason: str) -> dict[str, Any]:
    authorised = case_share_authorise(
        actor=actor,
        case=case,
        purpose=ConsentPurpose.REFERRAL,
        share="referral",
        override_reason=override_reason,
    )
    if isinstance(authorised, CaseConsent):
        return {"consent": authorised}
    return {"override": authorised}


def _both_sides(referral: Referral, *, actor: User | None, action: str, **detail: Any) -> None:
    """Write one audit event in the sender's log and one in the receiver's."""
    detail = {"referral": str(referral.pk), **detail}
    audit_record(actor=actor, action=action, organisation=referral.sender, target=referral, detail=detail)
    if referral.receiver_id is not None:
        audit_record(
            actor=actor, action=action, organisation=referral.receiver, target=referral, detail=detail
        )


@transaction.atomic
def referral_send(
    *,
    actor: User,
    case: Case,
    receiver: Organisation,
    topic: Category,
    fields: Iterable[str],
    note_ids: Iterable[int] = (),
    override_reason: str = "",
) -> Referral:
    """Refer ``case`` to ``receiver`` (an organisation using Jornada), sharing only ``fields``.

    Refused, with a translated reason, without the worker's consent to referral (unless a
    supervisor gives ``override_reason``), to the case's own organisation, to an organisation
    that does not take ``topic``, and for fields that cannot be shared.
    """
    chosen = _fields_checked([*fields, *([SharedField.NOTES] if note_ids else [])])
    case = _case_checked(actor, case)
    chosen, notes = _notes_checked(case, chosen, note_ids)
    if receiver.pk == case.organisation_id:
        raise _error("receiver", _("A case cannot be referred to its own organisation."), "same_organisation")
    if not topic.is_active():
        raise _error("topic", _("This topic is no longer used."), "retired_topic")
    if not receiver_accepts(receiver, topic):
        raise _error(
            "receiver",
            _("%(organisation)s does not take cases about “%(topic)s”."),
            "topic_not_accepted",
            organisation=receiver.name,
            topic=topic.code,
        )
    authorised = _authorise(actor, case, override_reason)
    referral = Referral(
        case=case,
        sender=case.organisation,
        kind=ReferralKind.JORNADA,
        receiver=receiver,
        topic=topic,
        fields=chosen,
        note_ids=notes,
        sent_by=actor,
        **authorised,
    )
    clear = new_key()
    shared = json.dumps(case_fields_read(case, chosen, notes), ensure_ascii=False)
    referral.shared_sealed = field_seal(clear, referral, "shared", shared)
    referral.full_clean(exclude=["case", "consent", "override", "sent_by"])
    referral.save(force_insert=True)
    for holder in (case.organisation, receiver):
        key = ReferralKey(referral=referral, organisation=holder)
        key.save()
        holder_key_wrap_current(key, clear)
        key.save(update_fields=["data_key", "key_version"])
    audit_record(
        actor=actor,
        action="referral.sent",
        organisation=referral.sender,
        target=case,
        detail={
            "referral": str(referral.pk),
            "fields": chosen,
            "notes": len(notes),
            "receiver": receiver.slug,
        },
    )
    audit_record(
        actor=actor,
        action="referral.received",
        organisation=receiver,
        target=referral,
        detail={
            "referral": str(referral.pk),
            "fields": chosen,
            "notes": len(notes),
            "sender": referral.sender.slug,
        },
    )
    return referral


@transaction.atomic
def referral_letter_record(
    *,
    actor: User,
    case: Case,
    partner_name: str,
    partner_contact: str = "",
    fields: Iterable[str],
    note_ids: Iterable[int] = (),
    topic: Category | None = None,
    override_reason: str = "",
) -> Referral:
    """Record a referral to a partner outside Jornada; its letter is printed from the case, no copy kept."""
    chosen = _fields_checked([*fields, *([SharedField.NOTES] if note_ids else [])])
    partner_name = _text("partner_name", partner_name, MAX_PARTNER_NAME)
    partner_contact = _text("partner_contact", partner_contact, MAX_PARTNER_CONTACT)
    if not partner_name:
        raise _error("partner_name", _("Name the partner the letter is for."), "required")
    case = _case_checked(actor, case)
    chosen, notes = _notes_checked(case, chosen, note_ids)
    authorised = _authorise(actor, case, override_reason)
    referral = Referral(
        case=case,
        sender=case.organisation,
        kind=ReferralKind.LETTER,
        note_ids=notes,
        partner_name=partner_name,
        partner_contact=partner_contact,
        topic=topic,
        fields=chosen,
        sent_by=actor,
        **authorised,
    )
    referral.save(force_insert=True)
    audit_record(
        actor=actor,
        action="referral.letter",
        organisation=referral.sender,
        target=case,
        detail={"referral": str(referral.pk), "fields": chosen},
    )
    return referral


def _locked(referral: Referral) -> Referral:
    # Only the referral's row is locked: the receiver is a nullable join, which PostgreSQL cannot lock.
    locked = Referral.objects.select_for_update(of=("self",)).select_related("sender", "receiver", "case")
    return locked.get(pk=referral.pk)


def _receiver_checked(actor: User, referral: Referral, *states: str) -> Referral:
    """Return ``referral`` locked; refuse an actor outside the receiver or a step its state forbids."""
    if referral.receiver_id is None or not _works_cases(actor, referral.receiver_id):
        raise _error(
            "referral", _("Only the receiving organisation may answer this referral."), "not_receiver"
        )
    referral = _locked(referral)
    if referral.state not in states:
        raise _error(
            "referral",
            _("This referral is “%(state)s”: that step is not possible now."),
            "wrong_state",
            state=referral.get_state_display(),
        )
    if referral.shared_sealed is None:
        raise _error(
            "referral",
            _("What this referral shared was erased with the sender's case: it can no longer be answered."),
            "erased",
        )
    return referral


def referral_key_open(referral: Referral, organisation_id: int) -> bytes:
    """Return the referral's clear key as ``organisation_id`` holds it (the caller checked who asks)."""
    return holder_key_unwrap(ReferralKey.objects.get(referral=referral, organisation_id=organisation_id))


def _seal_text(referral: Referral, field: str, value: str) -> bytes:
    return field_seal(referral_key_open(referral, referral.receiver_id or 0), referral, field, value)


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral, open_case: bool = False) -> Referral:
    """Accept ``referral``; with ``open_case``, open the receiver's own case from the shared fields."""
    referral = _receiver_checked(actor, referral, ReferralState.SENT)
    referral.state = ReferralState.ACCEPTED
    referral.answered_by = actor
    referral.answered_at = timezone.now()
    if open_case:
        assert referral.receiver is not None  # noqa: S101 - checked by _receiver_checked
        referral.receiver_case = _case_from_shared(actor, referral)
    referral.save(update_fields=["state", "answered_by", "answered_at", "receiver_case"])
    _both_sides(referral, actor=actor, action="referral.accepted", case_opened=open_case)
    return referral


def _case_from_shared(actor: User, referral: Referral) -> Case:
    key = referral_key_open(referral, referral.receiver_id or 0)
    shared: dict[str, Any] = json.loads(field_unseal(key, referral, "shared"))
    assert referral.receiver is not None  # noqa: S101
    case = case_create(
        actor=actor,
        organisation=referral.receiver,
        worker_name=shared.get("worker_name", ""),
        contact=shared.get("contact", ""),
        safe_times=shared.get("safe_times", ""),
        narrative=shared.get("narrative", ""),
        contact_channel=shared.get("contact_channel", "none"),
        may_leave_message=bool(shared.get("may_leave_message", False)),
    )
    if shared.get("categories"):
        active = Category.objects.filter(code__in=shared["categories"], retired_at__isnull=True)
        case_categories_set(actor=actor, case=case, codes=active.values_list("code", flat=True))
    for note in shared.get("notes", []):
        case_note_add(actor=actor, case=case, text=note["text"])
    for party in shared.get("parties", []):
        if party.get("name"):
            case_party_add(
                actor=actor, case=case, role=party["role"], name=party["name"][: MAX_LENGTHS["party_name"]]
            )
    return case


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    """Decline ``referral`` with a reason the sender reads (sealed under the referral's key)."""
    reason = _text("reason", reason)
    if not reason:
        raise _error("reason", _("Say why you decline, so the sender can find another partner."), "required")
    referral = _receiver_checked(actor, referral, ReferralState.SENT)
    referral.state = ReferralState.DECLINED
    referral.answered_by = actor
    referral.answered_at = timezone.now()
    referral.decline_reason_sealed = _seal_text(referral, "decline_reason", reason)
    referral.save(update_fields=["state", "answered_by", "answered_at", "decline_reason_sealed"])
    _both_sides(referral, actor=actor, action="referral.declined")
    return referral


@transaction.atomic
def referral_progress(*, actor: User, referral: Referral, feedback: str = "") -> Referral:
    """Record that the receiver started work on an accepted referral, with feedback for the sender."""
    feedback = _text("feedback", feedback)
    referral = _receiver_checked(actor, referral, ReferralState.ACCEPTED, ReferralState.IN_PROGRESS)
    referral.state = ReferralState.IN_PROGRESS
    if feedback:
        referral.feedback_sealed = _seal_text(referral, "feedback", feedback)
    referral.save(update_fields=["state", "feedback_sealed"])
    _both_sides(referral, actor=actor, action="referral.in_progress")
    return referral


@transaction.atomic
def referral_complete(*, actor: User, referral: Referral, outcome: str, feedback: str = "") -> Referral:
    """Record that the receiver finished the referral, with its outcome and feedback for the sender."""
    if outcome not in Outcome.values:
        raise _error("outcome", _("Choose the outcome from the list."), "invalid_choice")
    feedback = _text("feedback", feedback)
    referral = _receiver_checked(actor, referral, ReferralState.ACCEPTED, ReferralState.IN_PROGRESS)
    referral.state = ReferralState.DONE
    referral.outcome = outcome
    referral.done_at = timezone.now()
    if feedback:
        referral.feedback_sealed = _seal_text(referral, "feedback", feedback)
    referral.save(update_fields=["state", "outcome", "done_at", "feedback_sealed"])
    _both_sides(referral, actor=actor, action="referral.done", outcome=outcome)
    return referral


@transaction.atomic
def referral_revoke(*, actor: User, referral: Referral) -> Referral:
    """Revoke ``referral``: the shared copy and the receiver's key are erased, its access ends.

    A case the receiver already opened from the referral is its own record and stays.
    """
    if not _works_cases(actor, referral.sender_id):
        raise _error("referral", _("Only the sending organisation may revoke this referral."), "not_sender")
    referral = _locked(referral)
    if referral.state in (ReferralState.REVOKED, ReferralState.DECLINED):
        raise _error(
            "referral",
            _("This referral is “%(state)s”: that step is not possible now."),
            "wrong_state",
            state=referral.get_state_display(),
        )
    referral.state = ReferralState.REVOKED
    referral.revoked_by = actor
    referral.revoked_at = timezone.now()
    referral.shared_sealed = None
    referral.save(update_fields=["state", "revoked_by", "revoked_at", "shared_sealed"])
    if referral.receiver_id is not None:
        ReferralKey.objects.filter(referral=referral, organisation_id=referral.receiver_id).delete()
    _both_sides(referral, actor=actor, action="referral.revoked")
    return referral


def referrals_erase(case: Case) -> int:
    """Erase what the referrals of ``case`` copied (for ``case_anonymise``, inside its transaction).

    The shared fields, the decline reasons and the feedback go with every holder's key, so no
    organisation can open them again; the referrals stay (states, partner, outcome) for the
    counts, with their times kept to the month. A case the receiver opened from a referral is
    its own record, under its own retention.
    """
    referrals = Referral.objects.filter(case=case)
    ReferralKey.objects.filter(referral__in=referrals).delete()
    return referrals.update(
        shared_sealed=None,
        decline_reason_sealed=None,
        feedback_sealed=None,
        sent_at=TruncMonth("sent_at"),
        answered_at=TruncMonth("answered_at"),
        done_at=TruncMonth("done_at"),
        revoked_at=TruncMonth("revoked_at"),
    )
