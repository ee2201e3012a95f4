"""A protocol step that shares a case (a referral, a hand-off to an authority) asks consent first.

The consent records and their check belong to the cases app (``jornada.cases.consent``); this
module only says which consent purpose each kind of step needs.
"""

from __future__ import annotations

from jornada.cases.consent import case_share_authorise
from jornada.cases.models import Case, ConsentOverride, ConsentPurpose
from jornada.core.models import User
from jornada.protocols.models import ProtocolStep, StepKind

PURPOSE_OF_KIND = {StepKind.HANDOFF: ConsentPurpose.AUTHORITIES, StepKind.REFERRAL: ConsentPurpose.REFERRAL}


def share_authorise(*, actor: User, case: Case, step: ProtocolStep, override_reason: str = "") -> bool:
    """Check that ``step`` may share ``case``; return True when it does so under a supervisor's override.

    Raises the consent check's ValidationError (``consent_missing``, ``override_not_allowed``).
    """
    granted = case_share_authorise(
        actor=actor,
        case=case,
        purpose=PURPOSE_OF_KIND[StepKind(step.kind)],
        share=f"protocol:{step.key}",
        override_reason=override_reason,
    )
    return isinstance(granted, ConsentOverride)
