"""Staff edit articles in the admin; every save goes through the services (history and audit)."""

import pytest

from jornada.core.models import AuditEvent
from jornada.core.tests.factories import UserFactory
from jornada.rights.models import Article, ArticleRevision, ArticleSource, ArticleTranslation
from jornada.rights.tests.factories import make_article, translation
from jornada.rights.tests.test_audio_upload import _needs_ffmpeg, tone_wav


@pytest.fixture
def admin_client(db, staff_client):
    return staff_client(UserFactory(is_superuser=True, is_staff=True, name="Admin"))


def _article_form(article: Article, **changes) -> dict:
    data = {
        "topic": article.topic,
        "programmes": article.programmes,
        "order": article.order,
        "status": article.status,
        "legal_review_date": "",
        "legal_reviewer": "",
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "1",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
        "revisions-MIN_NUM_FORMS": "0",
        "revisions-MAX_NUM_FORMS": "0",
    }
    source = article.sources.get()
    data.update(
        {
            "sources-0-id": source.pk,
            "sources-0-article": article.pk,
            "sources-0-position": "0",
            "sources-0-fact_sheet": source.fact_sheet,
            "sources-0-title": source.title,
            "sources-0-section": source.section,
            "sources-0-url": source.url,
        }
    )
    data.update(changes)
    return data


@pytest.mark.django_db
def test_it_records_history_for_an_admin_edit(admin_client) -> None:
    """Saving the article form changes it through the service: revision and audit event."""
    article = make_article()
    url = f"/admin/rights/article/{article.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, _article_form(article, order="9", **{"sources-0-section": "Another section"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.order == 9
    assert ArticleSource.objects.get(article=article).section == "Another section"
    reasons = set(
        ArticleRevision.objects.filter(article=article, actor__is_superuser=True).values_list(
            "reason", flat=True
        )
    )
    assert reasons == {"edited", "sources"}
    assert AuditEvent.objects.filter(action="rights.article_updated", actor__is_superuser=True).exists()
    assert AuditEvent.objects.filter(action="rights.sources_changed", actor__is_superuser=True).exists()


@pytest.mark.django_db
def test_it_shows_why_a_status_change_is_refused(admin_client) -> None:
    """Publishing a draft directly is refused on the form, with the reason."""
    article = make_article(status="draft")
    response = admin_client.post(
        f"/admin/rights/article/{article.pk}/change/", _article_form(article, status="published")
    )
    assert response.status_code == 200
    assert "borrador pasa primero a revisión" in response.content.decode()
    article.refresh_from_db()
    assert article.status == "draft"


@pytest.mark.django_db
def test_it_creates_articles_and_translations_through_the_services(admin_client) -> None:
    """Adding an article and a translation in the admin leaves 'created' revisions."""
    response = admin_client.post(
        "/admin/rights/article/add/",
        {"slug": "nuevo", "topic": "contract", "programmes": ["h2a"], "order": "20"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="nuevo")
    assert article.status == "draft"
    response = admin_client.post(
        "/admin/rights/articletranslation/add/",
        {
            "article": article.pk,
            "language": "zap",
            "language_name": "Diidxazá",
            "title": "T",
            "summary": "S.",
            "body_markdown": "B.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ArticleTranslation.objects.get(article=article, language="zap").title == "T"
    assert list(ArticleRevision.objects.filter(article=article).values_list("reason", "language")) == [
        ("created", "zap"),
        ("created", ""),
    ]


@pytest.mark.django_db
def test_it_uploads_a_recording_in_the_admin(admin_client) -> None:
    """A recording uploaded with the translation form is compressed and stored as human."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    _needs_ffmpeg()
    article = make_article()
    text = translation(article, "es")
    response = admin_client.post(
        f"/admin/rights/articletranslation/{text.pk}/change/",
        {
            "language_name": "",
            "title": text.title,
            "summary": text.summary,
            "body_markdown": text.body_markdown,
            "recording": SimpleUploadedFile("voz.wav", tone_wav()),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    text.refresh_from_db()
    assert text.audio
    assert not text.audio_is_synthetic


@pytest.mark.django_db
def test_it_allows_no_deletion(admin_client) -> None:
    """Articles and translations cannot be deleted in the admin (history must not vanish)."""
    article = make_article()
    assert admin_client.get(f"/admin/rights/article/{article.pk}/delete/").status_code == 403
    assert (
        admin_client.get(
            f"/admin/rights/articletranslation/{translation(article, 'es').pk}/delete/"
        ).status_code
        == 403
    )
