"""Erasing a case's protocol answers when the case is anonymised (``cases.work.case_work_erase``).

Imports only models, so the cases app can call it without an import cycle.
"""

from __future__ import annotations

from django.db.models.functions import TruncMonth

from jornada.cases.models import Case
from jornada.protocols.models import CaseProtocol, ProtocolStepRecord


def case_protocol_erase(*, case: Case) -> int:
    """Erase the sealed answers of ``case``'s protocol steps and keep only the month of each time.

    The structured answers (choices, yes/no, numbers) stay, like a closing's outcome, so the
    statistics still add up. Returns how many steps were touched.
    """
    CaseProtocol.objects.filter(case=case).update(chosen_at=TruncMonth("chosen_at"))
    return ProtocolStepRecord.objects.filter(protocol__case=case).update(
        answers_sealed=None,
        due_at=TruncMonth("due_at"),
        completed_at=TruncMonth("completed_at"),
        approved_at=TruncMonth("approved_at"),
    )
