"""Fictional case work for ``jornada demo_data``: tasks (some overdue), a document, contacts."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jornada.cases.case_tasks import case_task_add, case_task_done_set
from jornada.cases.contacts import case_contact_record
from jornada.cases.documents import case_document_add
from jornada.cases.models import Case, CaseTask, ContactDirection, ContactMethod
from jornada.core.models import Organisation, User


def demo_pdf(text: str) -> bytes:
    """Return a one-page PDF showing ``text`` (ASCII), small and valid."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def create_demo_work(*, organisation: Organisation, author: User) -> int:
    """Give the demo organisation's cases tasks, a document and contacts, once; return how many cases."""
    cases = list(
        Case.objects.filter(organisation=organisation, anonymised_at__isnull=True).order_by("number")
    )
    if not cases or CaseTask.objects.filter(case__organisation=organisation).exists():
        return 0
    today = timezone.localdate()
    # The first two cases only: enough to show overdue tasks on the list and on "My tasks".
    first, *others = cases[:2]
    case_task_add(
        actor=author,
        case=first,
        owner=author,
        title="Pedir al trabajador los recibos del pago al reclutador (demostración)",
        due_on=today - dt.timedelta(days=3),
    )
    case_task_add(
        actor=author,
        case=first,
        owner=author,
        title="Llamar al consulado para preguntar por la queja (demostración)",
        due_on=today + dt.timedelta(days=1),
    )
    done = case_task_add(
        actor=author, case=first, owner=author, title="Abrir el expediente (demostración)", due_on=today
    )
    case_task_done_set(actor=author, task=done, done=True)
    for case in others:
        case_task_add(
            actor=author,
            case=case,
            owner=author,
            title="Explicar al trabajador cómo recuperar su pasaporte (demostración)",
            due_on=today - dt.timedelta(days=1),
        )
    case_document_add(
        actor=author,
        case=first,
        upload=SimpleUploadedFile(
            "contrato-ficticio.pdf",
            demo_pdf("Contrato de trabajo ficticio - documento de demostracion"),
            content_type="application/pdf",
        ),
    )
    case_contact_record(
        actor=author,
        case=first,
        contacted_on=today - dt.timedelta(days=5),
        method=ContactMethod.WHATSAPP,
        direction=ContactDirection.INCOMING,
        summary="El trabajador escribió para pedir ayuda con el cobro de la visa (demostración).",
    )
    case_contact_record(
        actor=author,
        case=first,
        contacted_on=today - dt.timedelta(days=4),
        method=ContactMethod.CALL,
        direction=ContactDirection.OUTGOING,
        summary="Llamada: se acordó reunir los recibos (demostración).",
    )
    return len(cases)
