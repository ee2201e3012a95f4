"""The article page: text, programmes, sources, review status, audio, printable and languages."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from jornada.rights import services
from jornada.rights.models import Status
from jornada.rights.tests.factories import TEXT, make_article, translation


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "pending"),
    [
        ("es", "Nadie te puede cobrar", "Revisión legal pendiente"),
        ("en", "Nobody can charge you", "Legal review pending"),
    ],
)
def test_it_shows_the_article_in_each_language(language: str, heading: str, pending: str) -> None:
    """Title, summary, rendered text, programmes, pending legal review and sources, in the page's language."""
    article = make_article()
    html = Client().get(f"/{language}/derechos/{article.slug}/").content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert TEXT[language][1] in html
    assert "<strong>" in html
    assert "<h2>" in html
    assert "H-2A, H-2B" in html
    assert pending in html
    assert 'href="https://www.dol.gov/agencies/whd/fact-sheets/78-h2b-overview"' in html
    assert f'href="/derechos/{article.slug}/{language}.pdf"' in html
    assert "<audio" not in html  # no recording yet


@pytest.mark.django_db
def test_it_shows_a_real_legal_review() -> None:
    """Once reviewed, the page names the reviewer and the date instead of 'pending'."""
    import datetime as dt

    article = make_article()
    services.article_update(
        article=article,
        actor=None,
        topic=article.topic,
        programmes=article.programmes,
        order=article.order,
        status=article.status,
        legal_review_date=dt.date(2026, 3, 2),
        legal_reviewer="Lic. Ana Ruiz, Centro A",
    )
    html = Client().get(f"/en/derechos/{article.slug}/").content.decode()
    assert "Legal review pending" not in html
    assert "by Lic. Ana Ruiz, Centro A" in html


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW])
def test_it_hides_unpublished_articles(status: str) -> None:
    """Drafts and articles in review are 404 everywhere: page, printable and topic."""
    article = make_article(status=status)
    client = Client()
    assert client.get(f"/es/derechos/{article.slug}/").status_code == 404
    assert client.get(f"/derechos/{article.slug}/es.pdf").status_code == 404
    assert client.get(f"/es/derechos/tema/{article.topic}/").status_code == 404
    assert article.slug not in client.get("/es/derechos/").content.decode()


@pytest.mark.django_db
def test_it_plays_the_recording_without_javascript() -> None:
    """With a recording: an <audio controls preload=none> element, a download link, and the synthetic note."""
    article = make_article()
    text = translation(article, "es")
    text.audio.save("x.ogg", ContentFile(b"OggS" + b"\0" * 24 + b"OpusHead" + b"\0" * 100), save=False)
    text.audio_bytes, text.audio_duration_seconds, text.audio_is_synthetic = 136, 83.6, True
    text.save()
    html = Client().get(f"/es/derechos/{article.slug}/").content.decode()
    assert (
        '<audio controls preload="none"><source src="/derechos/cobro-de-prueba/es.ogg" type="audio/ogg; codecs=opus">'
        in html
    )
    assert 'download="cobro-de-prueba-es.ogg"' in html
    assert "1:24" in html
    assert "voz de computadora" in html


@pytest.mark.django_db
def test_it_links_the_same_article_in_other_languages() -> None:
    """The page links to every other readable language, the site's languages first."""
    article = make_article()
    title, summary, body = TEXT["quc"]
    services.translation_save(
        article=article,
        language="quc",
        language_name="K'iche'",
        actor=None,
        title=title,
        summary=summary,
        body_markdown=body,
        generate_audio=False,
    )
    spanish = Client().get(f"/es/derechos/{article.slug}/").content.decode()
    assert spanish.index('href="/en/derechos/cobro-de-prueba/"') < spanish.index(
        'href="/es/derechos/cobro-de-prueba/quc/"'
    )
    kiche = Client().get(f"/es/derechos/{article.slug}/quc/").content.decode()
    assert '<article lang="quc">' in kiche
    assert "Man jun winaq" in kiche
    assert 'href="/es/derechos/cobro-de-prueba/" hreflang="es"' in kiche


@pytest.mark.django_db
def test_it_shows_an_audio_only_translation_once_it_has_a_recording() -> None:
    """A Mam recording with no text is 404 until recorded, then a page with the player."""
    article = make_article()
    services.translation_save(
        article=article,
        language="mam",
        language_name="Mam",
        actor=None,
        title="",
        summary="",
        body_markdown="",
        is_audio_only=True,
        generate_audio=False,
    )
    assert Client().get(f"/es/derechos/{article.slug}/mam/").status_code == 404
    text = translation(article, "mam")
    text.audio.save("mam.ogg", ContentFile(b"OggS"), save=False)
    text.audio_bytes, text.audio_duration_seconds = 4, 60
    text.save()
    html = Client().get(f"/es/derechos/{article.slug}/mam/").content.decode()
    assert "<audio" in html
    assert "No tiene texto escrito" in html
    assert ".pdf" not in html  # nothing to print


@pytest.mark.django_db
def test_it_sends_a_site_language_to_its_own_address() -> None:
    """/es/derechos/<slug>/en/ redirects to /en/derechos/<slug>/."""
    article = make_article()
    response = Client().get(f"/es/derechos/{article.slug}/en/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/derechos/{article.slug}/"
