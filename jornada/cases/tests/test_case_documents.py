"""Case documents: cleaned, encrypted before storage, downloaded only by the case's organisation, audited."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from PIL import Image

from jornada.cases.documents import MAX_DOCUMENT_BYTES, case_document_add, case_document_open
from jornada.cases.models import CaseDocument
from jornada.cases.services import case_anonymise
from jornada.cases.tests.helpers import DOCUMENT_MARKER, add_document, open_case, pdf_bytes, table_dump
from jornada.conftest import ThreeOrganisations
from jornada.core.media import month_start
from jornada.core.models import AuditEvent, User

StaffClient = Callable[[User], Client]
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path: Path) -> Iterator[Path]:
    with override_settings(MEDIA_ROOT=str(tmp_path / "media")):
        yield tmp_path / "media"


def _stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def _image(image_format: str, *, exif_marker: bytes = DOCUMENT_MARKER) -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010E] = exif_marker.decode()  # ImageDescription
    out = io.BytesIO()
    image.save(out, format=image_format, exif=exif.tobytes())
    return out.getvalue()


def test_it_stores_only_ciphertext(three_orgs: ThreeOrganisations, media: Path) -> None:
    """The stored file holds neither the PDF header nor the marker; the row has no name in clear."""
    document = add_document(
        open_case(three_orgs.a, three_orgs.alice), three_orgs.alice, name="Contrato-Marcado.pdf"
    )
    (stored,) = _stored_files(media)
    raw = stored.read_bytes()
    assert DOCUMENT_MARKER not in raw
    assert b"%PDF" not in raw
    assert "contrato" not in stored.name.lower()
    assert not stored.suffix
    assert b"Contrato-Marcado" not in table_dump(CaseDocument._meta.db_table, AuditEvent._meta.db_table)
    assert document.size == len(pdf_bytes())
    assert os.stat(stored).st_mtime == month_start()


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_it_re_encodes_images_without_metadata_and_encrypts_them(
    three_orgs: ThreeOrganisations, media: Path, image_format: str
) -> None:
    """An image with the marker in its EXIF is kept as a JPEG without it, and stored encrypted."""
    case = open_case(three_orgs.a, three_orgs.alice)
    upload = SimpleUploadedFile("foto.png", _image(image_format), content_type="image/png")
    document = case_document_add(actor=three_orgs.alice, case=case, upload=upload)
    raw = _stored_files(media)[0].read_bytes()
    assert b"\xff\xd8\xff" not in raw[:64]
    assert DOCUMENT_MARKER not in raw
    opened = case_document_open(user=three_orgs.alice, case_id=case.pk, document_id=document.pk)
    assert opened.content.startswith(b"\xff\xd8\xff")
    assert DOCUMENT_MARKER not in opened.content
    assert opened.name == "foto.jpg"
    assert Image.open(io.BytesIO(opened.content)).getexif() == {}


def test_it_downloads_the_clear_file_as_an_attachment_and_audits_it(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """charlie gets the PDF back, as an attachment never cached; bob gets 404; only charlie's read is audited."""
    case = open_case(three_orgs.a, three_orgs.alice)
    document = add_document(case, three_orgs.alice, name="carta «ñ».pdf")
    url = reverse("cases:document_download", args=[case.pk, document.pk])
    assert staff_client(three_orgs.bob).get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="case.document_downloaded").exists()
    response = staff_client(three_orgs.charlie).get(url)
    assert response.status_code == 200
    assert response.content == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''carta%20%C2%ABn%CC%83%C2%BB.pdf" in response["Content-Disposition"] or (
        "filename*=UTF-8''carta%20%C2%AB%C3%B1%C2%BB.pdf" in response["Content-Disposition"]
    )
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="case.document_downloaded")
    assert event.actor == three_orgs.charlie
    assert event.target_id == str(case.pk)


def test_it_hides_a_document_under_another_case(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """A's document named under another case of A, or under B's case by bob, is 404."""
    case = open_case(three_orgs.a, three_orgs.alice)
    other = open_case(three_orgs.a, three_orgs.alice)
    document = add_document(case, three_orgs.alice)
    b_case = open_case(three_orgs.b, three_orgs.bob)
    alice = staff_client(three_orgs.alice)
    assert alice.get(reverse("cases:document_download", args=[other.pk, document.pk])).status_code == 404
    bob = staff_client(three_orgs.bob)
    assert bob.get(reverse("cases:document_download", args=[b_case.pk, document.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("nota.txt", b"just text " + DOCUMENT_MARKER, "unsupported_type"),
        ("virus.exe", b"MZ\x90\x00" + b"\x00" * 100, "unsupported_type"),
        ("fake.jpg", b"\xff\xd8\xff\xe0" + b"broken" * 10, "damaged"),
        ("page.html", b"<script>alert(1)</script>", "unsupported_type"),
        ("empty.pdf", b"", "required"),
    ],
)
def test_it_refuses_other_files_and_stores_nothing(
    three_orgs: ThreeOrganisations, media: Path, name: str, content: bytes, code: str
) -> None:
    """Text, programs, broken images, HTML or nothing: an error on "file", nothing in storage or the table."""
    case = open_case(three_orgs.a, three_orgs.alice)
    with pytest.raises(ValidationError) as raised:
        case_document_add(actor=three_orgs.alice, case=case, upload=SimpleUploadedFile(name, content))
    assert raised.value.error_dict["file"][0].code == code
    assert _stored_files(media) == []
    assert not CaseDocument.objects.exists()


def test_it_refuses_a_file_over_the_limit(three_orgs: ThreeOrganisations, media: Path) -> None:
    """One byte over 10 MB is refused, with the limit in the message, before anything is stored."""
    case = open_case(three_orgs.a, three_orgs.alice)
    upload = SimpleUploadedFile("grande.pdf", b"%PDF-" + b"0" * (MAX_DOCUMENT_BYTES - 4))
    with pytest.raises(ValidationError) as raised, translation.override("es"):
        case_document_add(actor=three_orgs.alice, case=case, upload=upload)
    error = raised.value.error_dict["file"][0]
    assert error.code == "too_large"
    with translation.override("es"):
        assert "10" in str(error.message % error.params)
    assert _stored_files(media) == []


def test_it_leaves_no_file_when_the_row_cannot_be_written(
    three_orgs: ThreeOrganisations, media: Path
) -> None:
    """A failure after the file was stored (here the audit event) deletes the file again: nothing half-written."""
    case = open_case(three_orgs.a, three_orgs.alice)
    with (
        mock.patch("jornada.cases.documents.audit_record", side_effect=RuntimeError("audit down")),
        pytest.raises(RuntimeError),
    ):
        add_document(case, three_orgs.alice)
    assert _stored_files(media) == []
    assert not CaseDocument.objects.exists()


def test_it_answers_a_refused_upload_on_the_form_in_spanish(
    three_orgs: ThreeOrganisations, staff_client: StaffClient, media: Path
) -> None:
    """The upload page shows the translated error beside the field; an oversized body is a 413 before reading."""
    case = open_case(three_orgs.a, three_orgs.alice)
    with translation.override("es"):
        url = reverse("cases:document_add", args=[case.pk])
    client = staff_client(three_orgs.alice)
    response = client.post(url, {"file": SimpleUploadedFile("nota.txt", b"hola")})
    assert response.status_code == 200
    assert "Suba un PDF o una imagen JPEG, PNG o WebP." in response.content.decode()
    response = client.post(
        url, {"file": SimpleUploadedFile("a.pdf", b"x")}, CONTENT_LENGTH=str(MAX_DOCUMENT_BYTES * 2)
    )
    assert response.status_code == 413
    assert _stored_files(media) == []
    response = client.post(url, {"file": SimpleUploadedFile("ok.pdf", pdf_bytes())})
    assert response.status_code == 302
    assert len(_stored_files(media)) == 1


def test_it_deletes_the_documents_when_the_case_is_anonymised(
    three_orgs: ThreeOrganisations, media: Path, django_capture_on_commit_callbacks: object
) -> None:
    """Anonymising removes the rows at once and the stored files once it commits."""
    case = open_case(three_orgs.a, three_orgs.alice)
    add_document(case, three_orgs.alice)
    other = add_document(open_case(three_orgs.a, three_orgs.alice), three_orgs.alice)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        case_anonymise(case=case, reason="erasure_request")
    assert list(CaseDocument.objects.all()) == [other]
    assert len(_stored_files(media)) == 1
    assert default_storage.exists(other.file.name)
