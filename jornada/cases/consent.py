"""The worker's consents, as rows: recording, withdrawing, and authorising a share against them.

Every share of a case outside its organisation's case work (a referral, a hand-off to an
authority, an export for statistics) calls ``case_share_authorise`` first, inside its own
transaction: it returns the consent that allows the share, or records a supervisor's override
with its reason, or refuses. A withdrawal stops every later share; what was shared before stays
shared (the referral or hand-off records say what and when).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.cases.keys import data_key_unwrap, field_seal
from jornada.cases.models import Case, CaseConsent, ConsentMethod, ConsentOverride, ConsentPurpose
from jornada.cases.services import _clean_text
from jornada.core.audit import audit_record, register_actions
from jornada.core.models import Membership, Role, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

OVERRIDE_ROLE = Role.SUPERVISOR

register_actions(
    {
        "case.consent_recorded": _("Recorded a worker's consent"),
        "case.consent_withdrawn": _("Recorded the withdrawal of a worker's consent"),
        "case.consent_overridden": _("Shared a case without the worker's consent, on a supervisor's reason"),
        "case.share_authorised": _("Shared a case with the worker's consent"),
    }
)


def _error(field: str, message: StrOrPromise, code: str, **params: object) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params)})


def _purpose_checked(purpose: str) -> ConsentPurpose:
    if purpose not in ConsentPurpose.values:
        raise _error("purpose", _("%(value)s is not a kind of consent."), "invalid_purpose", value=purpose)
    return ConsentPurpose(purpose)


def _is_member(user: User, case: Case, *roles: str) -> bool:
    memberships = Membership.objects.filter(user=user, organisation_id=case.organisation_id)
    return memberships.filter(role__in=roles).exists() if roles else memberships.exists()


def case_consent_current(*, case: Case, purpose: str) -> CaseConsent | None:
    """The consent for ``purpose`` in effect on ``case``, or None."""
    return CaseConsent.objects.in_effect().filter(case=case, purpose=_purpose_checked(purpose)).first()


def case_consent_given(*, case: Case, purpose: str) -> bool:
    """True when the worker's consent for ``purpose`` is recorded on ``case`` and not withdrawn."""
    return case_consent_current(case=case, purpose=purpose) is not None


def case_consents(*, case: Case) -> list[CaseConsent]:
    """Every consent of ``case``, given and withdrawn, oldest first (no personal data: not audited)."""
    return list(CaseConsent.objects.filter(case=case).select_related("recorded_by", "withdrawn_by"))


@transaction.atomic
def case_consent_record(*, actor: User | None, case: Case, purpose: str, method: str) -> CaseConsent:
    """Record that the worker gave consent for ``purpose``, by ``method``.

    ``actor`` is the staff member who heard it (a member of the case's organisation), or None for
    the worker's own answer in the online request form (``ConsentMethod.ONLINE``). A consent
    already in effect for the purpose is refused with a clear error, not stacked.
    """
    purpose = _purpose_checked(purpose)
    if method not in ConsentMethod.values:
        raise _error("method", _("%(value)s is not a way of giving consent."), "invalid_method", value=method)
    if actor is None and method != ConsentMethod.ONLINE:
        raise _error(
            "method", _("Only the online form records a consent without a staff member."), "no_actor"
        )
    if actor is not None and not _is_member(actor, case):
        raise _error("case", _("Only the case's organisation records its consents."), "not_member")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.is_anonymised():
        raise _error("case", _("This case is anonymised: it records no more consents."), "anonymised")
    if CaseConsent.objects.in_effect().filter(case=case, purpose=purpose).exists():
        raise _error(
            "purpose",
            _("The consent for “%(purpose)s” is already recorded."),
            "already_given",
            purpose=purpose.label,
        )
    consent = CaseConsent(case=case, purpose=purpose, method=method, recorded_by=actor)
    try:
        with transaction.atomic():
            consent.save(force_insert=True)
    except IntegrityError as error:  # a concurrent recording of the same consent won the race
        raise _error(
            "purpose",
            _("The consent for “%(purpose)s” is already recorded."),
            "already_given",
            purpose=purpose.label,
        ) from error
    audit_record(
        actor=actor,
        action="case.consent_recorded",
        organisation=case.organisation,
        target=case,
        detail={"purpose": purpose.value, "method": method},
    )
    return consent


@transaction.atomic
def case_consent_withdraw(*, actor: User, consent: CaseConsent) -> CaseConsent:
    """Record that the worker withdrew ``consent``: every later share for its purpose is refused."""
    consent = CaseConsent.objects.select_for_update().select_related("case").get(pk=consent.pk)
    if not _is_member(actor, consent.case):
        raise _error("case", _("Only the case's organisation records its consents."), "not_member")
    if consent.withdrawn_at is not None:
        raise _error("consent", _("This consent was already withdrawn."), "already_withdrawn")
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(
        actor=actor,
        action="case.consent_withdrawn",
        organisation=consent.case.organisation,
        target=consent.case,
        detail={"purpose": consent.purpose},
    )
    return consent


@transaction.atomic
def case_share_authorise(
    *, actor: User, case: Case, purpose: str, share: str, override_reason: str = ""
) -> CaseConsent | ConsentOverride:
    """Allow sharing ``case`` for ``purpose`` (``share`` names what goes: "referral", "dif-handoff"…).

    With the worker's consent in effect, return it (the share is audited). Without it, a
    supervisor of the case's organisation may still share by giving a reason: the override is
    recorded, its reason sealed, and audited. Anyone else, or no reason, is refused. Call it in
    the same transaction as the share, so a refused share leaves nothing behind.
    """
    purpose = _purpose_checked(purpose)
    if not _is_member(actor, case):
        raise _error("case", _("Only the case's organisation may share it."), "not_member")
    case = Case.objects.select_for_update().get(pk=case.pk)
    consent = CaseConsent.objects.in_effect().filter(case=case, purpose=purpose).first()
    if consent is not None:
        audit_record(
            actor=actor,
            action="case.share_authorised",
            organisation=case.organisation,
            target=case,
            detail={"purpose": purpose.value, "share": share[:40]},
        )
        return consent
    reason = _clean_text("override_reason", override_reason or "")
    if not reason:
        raise _error(
            "override_reason",
            _(
                "The worker has not consented to “%(purpose)s”. Record their consent first, or ask a "
                "supervisor to share it with a written reason."
            ),
            "consent_missing",
            purpose=purpose.label,
        )
    if not _is_member(actor, case, OVERRIDE_ROLE):
        raise _error(
            "override_reason",
            _("Only a supervisor may share a case without the worker's consent."),
            "override_not_allowed",
        )
    if case.is_anonymised():
        raise _error("case", _("This case is anonymised: nothing of it can be shared."), "anonymised")
    override = ConsentOverride(case=case, purpose=purpose, share=share[:40], supervisor=actor)
    override.reason_sealed = field_seal(data_key_unwrap(case), override, "reason", reason)
    override.save(force_insert=True)
    audit_record(
        actor=actor,
        action="case.consent_overridden",
        organisation=case.organisation,
        target=case,
        detail={"purpose": purpose.value, "share": share[:40]},
    )
    return override
