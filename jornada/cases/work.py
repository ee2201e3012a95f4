"""What case work (tasks, documents, contacts with the worker) adds to the whole app.

Its audit actions, and erasing its personal parts when a case is anonymised.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models.functions import TruncMonth
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jornada.cases.documents import case_documents_erase
from jornada.cases.models import Case, CaseContact, CaseTask

WORK_ACTIONS: dict[str, str | Promise] = {
    "case.task_added": _("Added a task to a case"),
    "case.task_done": _("Marked a case's task done"),
    "case.task_reopened": _("Marked a case's task not done"),
    "case.tasks_read": _("Read a case's tasks"),
    "case.document_added": _("Added a document to a case"),
    "case.documents_listed": _("Read the names of a case's documents"),
    "case.document_downloaded": _("Downloaded a case's document"),
    "case.contact_recorded": _("Recorded a contact with a case's worker"),
    "case.contact_sent": _("Sent a message to a case's worker"),
    "case.contacts_read": _("Read a case's contacts with the worker"),
}


# Other apps whose rows copy a case's personal data (referrals) erase it with the case.
CaseEraser = Callable[[Case], int]
CASE_ERASERS: dict[str, CaseEraser] = {}


def register_case_eraser(name: str, eraser: CaseEraser) -> None:
    """Have ``eraser(case)`` run, inside ``case_anonymise``'s transaction, whenever a case is anonymised."""
    CASE_ERASERS[name] = eraser


def case_work_erase(*, case: Case) -> dict[str, int]:
    """Erase the tasks' titles and the contacts' summaries of ``case`` and delete its documents.

    For ``case_anonymise``, inside its transaction. The tasks and contacts themselves (their
    channels, due dates, whether done) stay, like the notes, so counts still add up; when they
    were written and when the worker was contacted keep the month only.
    """
    return {
        "tasks": CaseTask.objects.filter(case=case).update(
            title_sealed=None, created_at=TruncMonth("created_at")
        ),
        "contacts": CaseContact.objects.filter(case=case).update(
            summary_sealed=None, created_at=TruncMonth("created_at"), contacted_on=TruncMonth("contacted_on")
        ),
        "documents": case_documents_erase(case=case),
        **{name: erase(case) for name, erase in CASE_ERASERS.items()},
    }
