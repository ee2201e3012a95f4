"""A case's documents: checked, cleaned, sealed under the case's data key, then stored.

What reaches the storage (the data folder or an S3 bucket) is only ciphertext under a random
name, with its times set to the month (``jornada.core.media``): neither the file nor its name
says what it is or whose. Images (JPEG, PNG, WebP) are decoded and re-encoded as JPEG with
their metadata (EXIF with GPS position, camera, time) removed, as the scam reports' screenshots
are; PDFs are kept as sent once their first bytes say they are PDFs. Anything else is refused.

A failed upload leaves nothing behind: the file is written last but one, and deleted again when
the row or its audit event cannot be written. Anonymising the case deletes the files.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from jornada.alerts.images import NotAnImage, TooManyPixels, clean_image
from jornada.cases.crypto import seal, unseal
from jornada.cases.keys import data_key_unwrap, field_aad, field_seal, field_unseal
from jornada.cases.models import Case, CaseDocument
from jornada.cases.selectors import case_get
from jornada.cases.worktext import anonymised_refusal, case_fresh
from jornada.core.audit import audit_record
from jornada.core.media import contribution_media_delete, contribution_media_save
from jornada.core.models import User

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_NAME = 200
FIELD = "file"
# The first bytes of each accepted kind of file.
_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"
_PDF = b"%PDF-"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class DocumentView:
    id: int
    name: str
    content_type: str
    size: int
    created_at: datetime
    uploaded_by: str


@dataclass(frozen=True)
class OpenedDocument:
    name: str
    content_type: str
    content: bytes


def _refuse(message: Any, code: str, **params: object) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code, params=params or None)})


def too_large_error() -> ValidationError:
    return ValidationError(
        _("The file is larger than %(limit)s."),
        code="too_large",
        params={"limit": filesizeformat(MAX_DOCUMENT_BYTES)},
    )


def attachment_header(name: str) -> str:
    """Return a Content-Disposition that downloads ``name`` (any script) and never shows it inline."""
    ascii_name = name.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "") or "document"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def _is_image(head: bytes) -> bool:
    return head.startswith(_JPEG) or head.startswith(_PNG) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def document_clean(upload: UploadedFile | None) -> tuple[bytes, str]:
    """Return the bytes to keep and their type, or raise ValidationError on ``file`` saying why."""
    if upload is None or not upload.size:
        raise _refuse(_("Choose a file to upload."), "required")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": too_large_error()})
    upload.seek(0)
    content = upload.read(MAX_DOCUMENT_BYTES + 1)
    if len(content) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": too_large_error()})
    head = content[:16]
    if head.startswith(_PDF):
        return content, CaseDocument.Kind.PDF
    if _is_image(head):
        try:
            return clean_image(io.BytesIO(content)).content, CaseDocument.Kind.JPEG
        except TooManyPixels as error:
            raise _refuse(
                _("The image has %(megapixels)d megapixels; the most accepted is %(limit)d."),
                "too_many_pixels",
                megapixels=error.megapixels,
                limit=error.limit,
            ) from None
        except NotAnImage:
            raise _refuse(_("The image is damaged and cannot be read."), "damaged") from None
    raise _refuse(_("Upload a PDF or a JPEG, PNG or WebP image."), "unsupported_type")


def document_name_clean(name: str, content_type: str) -> str:
    """Return the name to show for an upload: no folders or control characters, the right extension."""
    name = os.path.basename(unicodedata.normalize("NFC", name or "").replace("\\", "/"))
    name = _CONTROL.sub("", name).strip().strip(".") or "document"
    stem = os.path.splitext(name)[0][: MAX_NAME - 5] or "document"
    return stem + (".pdf" if content_type == CaseDocument.Kind.PDF else ".jpg")


def case_document_add(*, actor: User, case: Case, upload: UploadedFile | None) -> CaseDocument:
    """Keep ``upload`` with ``case``: checked, cleaned, sealed, stored; audited. Not half-written.

    The outermost service: it holds its own transaction so that it can delete the stored file
    when the transaction does not commit.
    """
    content, content_type = document_clean(upload)
    document = CaseDocument(case=case, uploaded_by=actor, content_type=content_type, size=len(content))
    stored = ""
    try:
        with transaction.atomic():
            case = case_fresh(case)
            if case.is_anonymised():
                raise anonymised_refusal()
            data_key = data_key_unwrap(case)
            name = document_name_clean(getattr(upload, "name", "") or "", content_type)
            document.name_sealed = field_seal(data_key, document, "name", name)
            sealed = seal(data_key, content, field_aad(document, FIELD))
            stored = contribution_media_save(document.file, ContentFile(sealed))
            document.full_clean()
            document.save(force_insert=True)
            audit_record(
                actor=actor,
                action="case.document_added",
                organisation=case.organisation,
                target=case,
                detail={"type": content_type, "bytes": len(content)},
            )
    except BaseException:
        if stored:
            contribution_media_delete(document.file.storage, stored)
        raise
    return document


@transaction.atomic
def case_documents_read(*, user: User, case_id: int) -> list[DocumentView]:
    """Return the documents of case ``case_id`` with their names in clear (404 if not ``user``'s); audited."""
    case = case_get(user=user, case_id=case_id)
    documents = list(CaseDocument.objects.filter(case=case).select_related("uploaded_by"))
    if not documents:
        return []
    audit_record(
        actor=user,
        action="case.documents_listed",
        organisation=case.organisation,
        target=case,
        detail={"documents": len(documents)},
    )
    data_key = None if case.is_anonymised() else data_key_unwrap(case)
    return [
        DocumentView(
            id=document.pk,
            name="" if data_key is None else field_unseal(data_key, document, "name"),
            content_type=document.content_type,
            size=document.size,
            created_at=document.created_at,
            uploaded_by=document.uploaded_by.name if document.uploaded_by else "",
        )
        for document in documents
    ]


@transaction.atomic
def case_document_open(*, user: User, case_id: int, document_id: int) -> OpenedDocument:
    """Return one document in clear (404 if the case is not ``user``'s); audited as a download."""
    case = case_get(user=user, case_id=case_id)
    document = CaseDocument.objects.filter(case=case, pk=document_id).first()
    if document is None or case.is_anonymised():
        raise Http404
    audit_record(
        actor=user,
        action="case.document_downloaded",
        organisation=case.organisation,
        target=case,
        detail={"document": document.pk},
    )
    data_key = data_key_unwrap(case)
    with document.file.open("rb") as stored:
        sealed = stored.read()
    content = unseal(data_key, sealed, field_aad(document, FIELD), what=f"document {document.pk}")
    return OpenedDocument(
        name=field_unseal(data_key, document, "name"), content_type=document.content_type, content=content
    )


def case_documents_erase(*, case: Case) -> int:
    """Delete ``case``'s documents, rows at once and files once the caller's transaction commits.

    For anonymising a case (in its transaction): the files open with nothing once the data key
    is gone, and deleting them after the commit never leaves a row without its file.
    """
    documents = list(CaseDocument.objects.filter(case=case))
    names = [document.file.name for document in documents if document.file.name]
    storage = CaseDocument._meta.get_field("file").storage
    CaseDocument.objects.filter(pk__in=[document.pk for document in documents]).delete()

    def delete_files() -> None:
        for name in names:
            contribution_media_delete(storage, name)

    transaction.on_commit(delete_files)
    return len(documents)
