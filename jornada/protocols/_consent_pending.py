"""TEMPORARY stand-in for jornada.cases.consent until it lands on main: refuses every share
without a supervisor's override. Deleted at the merge."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from jornada.core.models import Membership, Role


class ConsentPurpose:
    SERVICES = "services"
    REFERRAL = "referral"
    REPORTING = "reporting"
    AUTHORITIES = "authorities"


class ConsentOverride:
    pass


def case_share_authorise(*, actor: Any, case: Any, purpose: str, share: str, override_reason: str = "") -> Any:
    if not override_reason:
        raise ValidationError("No consent", code="consent_missing")
    if not Membership.objects.filter(user=actor, organisation=case.organisation, role=Role.SUPERVISOR).exists():
        raise ValidationError("Not a supervisor", code="override_not_allowed")
    return ConsentOverride()
