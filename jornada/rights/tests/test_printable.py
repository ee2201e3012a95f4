"""One-page PDF printables: every published article in every language, with its QR address."""

import io

import pytest
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from pypdf import PdfReader

from jornada.rights import printable
from jornada.rights.models import ArticleTranslation, Status, launch_languages
from jornada.rights.tests.factories import make_article, translation


def _pages(pdf: bytes) -> PdfReader:
    assert pdf[:5] == b"%PDF-"
    return PdfReader(io.BytesIO(pdf))


@pytest.mark.django_db
def test_it_prints_every_published_article_in_every_language_on_one_page(launch_content: None) -> None:
    """Each published article x launch language gives a valid one-page PDF with the title and address."""
    texts = ArticleTranslation.objects.filter(
        article__status=Status.PUBLISHED, language__in=launch_languages()
    ).select_related("article")
    assert texts.count() == 28
    problems = []
    for text in texts:
        pdf = printable.render_pdf(text, site="https://jornada.example.org")
        reader = _pages(pdf)
        words = " ".join(reader.pages[0].extract_text().split())
        if len(reader.pages) != 1:
            problems.append(f"{text}: {len(reader.pages)} pages")
        if f"https://jornada.example.org/{text.language}/derechos/{text.article.slug}/" not in words.replace(
            " ", ""
        ):
            problems.append(f"{text}: address missing")
    assert problems == []


@pytest.mark.django_db
def test_it_serves_and_keeps_the_pdf() -> None:
    """The printable URL answers a PDF, stores it once, and answers 304 to a matching ETag."""
    article = make_article()
    client = Client()
    response = client.get(f"/derechos/{article.slug}/es.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert len(_pages(response.content).pages) == 1
    name = printable.pdf_name(translation(article, "es"), site="http://testserver")
    assert default_storage.exists(name)
    again = client.get(f"/derechos/{article.slug}/es.pdf", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_it_makes_a_new_pdf_when_the_text_changes() -> None:
    """A change to the text changes the stored PDF's name (content hash)."""
    from jornada.rights import services

    article = make_article()
    text = translation(article, "en")
    before = printable.pdf_name(text, site="http://testserver")
    services.translation_save(
        article=article,
        language="en",
        actor=None,
        title="Changed",
        summary=text.summary,
        body_markdown=text.body_markdown,
        generate_audio=False,
    )
    assert printable.pdf_name(translation(article, "en"), site="http://testserver") != before


@pytest.mark.django_db
@override_settings(JORNADA_BASE_URL="https://jornada.example.org")
def test_it_points_the_qr_code_at_the_configured_address_whatever_the_host() -> None:
    """The printable's address (and QR code) is JORNADA_BASE_URL's, never the request's Host."""
    article = make_article()
    text = translation(article, "es")
    response = Client(HTTP_HOST="localhost").get(f"/derechos/{article.slug}/es.pdf")
    assert response.status_code == 200
    assert default_storage.exists(printable.pdf_name(text, site="https://jornada.example.org"))
    assert not default_storage.exists(printable.pdf_name(text, site="http://localhost"))
    html = printable.printable_html(text, site="https://jornada.example.org")
    assert "https://jornada.example.org/es/derechos/cobro-de-prueba/" in html
    assert "Revisión legal pendiente" in html
    assert "data:image/svg+xml" in html


@pytest.mark.django_db
def test_it_refuses_to_fetch_anything_while_printing() -> None:
    """A printable never loads from the network (only its inline QR code)."""
    from weasyprint.urls import FatalURLFetchingError, fetch

    with pytest.raises(FatalURLFetchingError), fetch(printable._fetcher(), "https://tracker.example/x.png"):
        pass
