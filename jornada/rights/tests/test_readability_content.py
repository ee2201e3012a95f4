"""The Spanish articles read at about a 6th-grade level (Fernández-Huerta 70 or more)."""

import pytest

from jornada.rights.content.check import ARTICLES_DIR, MIN_SPANISH_SCORE
from jornada.rights.loading import read_articles
from jornada.rights.models import ArticleTranslation, Status
from jornada.rights.readability import fernandez_huerta, grade_label

FILES = [(a.slug, t) for a in read_articles(ARTICLES_DIR) for t in a.translations if t.language == "es"]


@pytest.mark.parametrize(("slug", "text"), FILES, ids=[slug for slug, _text in FILES])
def test_it_keeps_every_spanish_file_at_sixth_grade(slug: str, text) -> None:
    """Each es.md body scores at least 70 (grade 6 or easier)."""
    score = fernandez_huerta(text.body_markdown)
    assert score >= MIN_SPANISH_SCORE, f"{slug}: {score:.1f} ({grade_label(score)})"


@pytest.mark.django_db
def test_it_keeps_every_published_spanish_article_at_sixth_grade(launch_content: None) -> None:
    """What workers read, as stored in the database, scores at least 70 too."""
    spanish = ArticleTranslation.objects.filter(language="es", article__status=Status.PUBLISHED)
    assert spanish.count() >= 12
    low = {
        text.article.slug: round(fernandez_huerta(text.body_markdown), 1)
        for text in spanish
        if fernandez_huerta(text.body_markdown) < MIN_SPANISH_SCORE
    }
    assert low == {}
