"""What the cases tests share: fictional personal details that are easy to find in a dump."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from jornada.cases.case_tasks import case_task_add
from jornada.cases.documents import case_document_add
from jornada.cases.models import Case, CaseDocument, CaseTask
from jornada.cases.services import case_create, case_note_add
from jornada.core.models import Organisation, User

NAME = "Marcadora Nombre-Unico-7Q"
CONTACT = "WhatsApp +52 1 55 5555 0177 Contacto-Unico-7Q"
NARRATIVE = "Relato-Unico-7Q: le cobraron la visa."
NOTE = "Nota-Unica-7Q: primera llamada."


def open_case(organisation: Organisation, actor: User | None = None, **fields: str) -> Case:
    """Open a case with the marker details (or ``fields``) and one note."""
    values = {"worker_name": NAME, "contact": CONTACT, "narrative": NARRATIVE, **fields}
    case = case_create(actor=actor, organisation=organisation, **values)
    if actor is not None:
        case_note_add(actor=actor, case=case, text=NOTE)
    return case


def table_dump(*tables: str) -> bytes:
    """Return every value of every row of ``tables``, as bytes, read with raw SQL."""
    out = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names written in the tests
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview | bytearray):
                        out.append(bytes(value))
                    else:
                        out.append(str(value).encode("utf-8"))
    return b"\n".join(out)


def settings_for(organisation: Organisation, **values: object) -> None:
    """Save ``organisation``'s case settings with ``values`` (approvals, retention)."""
    from jornada.cases.models import CaseSettings

    CaseSettings.objects.update_or_create(organisation=organisation, defaults=values)


def open_and_evaluate(organisation: Organisation, actor: User, **fields: str) -> Case:
    """Open a case, assign ``actor`` and record an evaluation that takes effect (no approval set)."""
    from jornada.cases.workflow import case_assign, case_evaluation_record

    case = open_case(organisation, actor, **fields)
    case_assign(actor=actor, case=case, advocate=actor)
    case_evaluation_record(actor=actor, case=case, decision="take", summary="Evaluación-Unica-7Q")
    return case


TASK_TITLE = "Tarea-Unica-7Q: pedir los recibos"
SUMMARY = "Resumen-Unico-7Q: hablamos por WhatsApp."
DOCUMENT_MARKER = b"Documento-Unico-7Q"


def add_task(case: Case, owner: User, *, due_on: dt.date | None = None, title: str = TASK_TITLE) -> CaseTask:
    """Add a task with the marker title, owned by ``owner``, due today unless told."""
    return case_task_add(
        actor=owner, case=case, owner=owner, title=title, due_on=due_on or timezone.localdate()
    )


def pdf_bytes(marker: bytes = DOCUMENT_MARKER) -> bytes:
    """A small PDF that carries ``marker`` in clear."""
    return b"%PDF-1.4\n1 0 obj << /Marker (" + marker + b") >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def add_document(
    case: Case, actor: User, *, name: str = "contrato.pdf", content: bytes | None = None
) -> CaseDocument:
    """Upload a PDF carrying the marker (or ``content``) to ``case``."""
    upload = SimpleUploadedFile(
        name, content if content is not None else pdf_bytes(), content_type="application/pdf"
    )
    return case_document_add(actor=actor, case=case, upload=upload)
