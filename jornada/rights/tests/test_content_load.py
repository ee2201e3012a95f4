"""load_rights_content: the launch articles, loaded idempotently from the content files."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jornada.core.models import AuditEvent
from jornada.rights import services
from jornada.rights.content.check import ARTICLES_DIR
from jornada.rights.models import Article, ArticleRevision, ArticleTranslation, Status, launch_languages
from jornada.rights.tests.factories import translation


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    target = tmp_path / "articles"
    shutil.copytree(ARTICLES_DIR, target)
    return target


@pytest.mark.django_db
def test_it_publishes_at_least_twelve_articles(launch_content: None) -> None:
    """The launch content is 14 published articles, none claiming a legal review."""
    published = Article.objects.filter(status=Status.PUBLISHED)
    assert published.count() >= 12
    assert not published.exclude(legal_review_date=None).exists()
    assert not published.exclude(legal_reviewer="").exists()


@pytest.mark.django_db
def test_it_completes_every_launch_language_of_every_published_article(launch_content: None) -> None:
    """Each published article has a title, a summary and rendered text in es and en."""
    for article in Article.objects.filter(status=Status.PUBLISHED):
        for language in launch_languages():
            text = translation(article, language)
            assert text.is_complete(), (article.slug, language)
            assert text.body_html.startswith("<h2>")
            assert not text.is_audio_only
        assert article.sources.exists()


@pytest.mark.django_db
def test_it_changes_nothing_the_second_time(launch_content: None) -> None:
    """Running the command again writes no translation, revision or audit event."""
    revisions, events = ArticleRevision.objects.count(), AuditEvent.objects.count()
    stamps = list(ArticleTranslation.objects.order_by("pk").values_list("updated_at", flat=True))
    call_command("load_rights_content", "--no-audio", verbosity=0)
    assert ArticleRevision.objects.count() == revisions
    assert AuditEvent.objects.count() == events
    assert list(ArticleTranslation.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


@pytest.mark.django_db
def test_it_updates_a_changed_file_and_records_a_revision(articles: Path) -> None:
    """Editing es.md updates that translation only, with a 'loaded' revision and an audit event."""
    call_command("load_rights_content", "--no-audio", "--articles", str(articles), verbosity=0)
    path = articles / "vivienda" / "es.md"
    path.write_text(path.read_text().replace("Tu vivienda", "Tu casa", 1), encoding="utf-8")
    before = ArticleRevision.objects.count()
    call_command("load_rights_content", "--no-audio", "--articles", str(articles), verbosity=0)
    changed = ArticleTranslation.objects.get(article__slug="vivienda", language="es")
    assert changed.title == "Tu casa"
    assert ArticleRevision.objects.count() == before + 1
    revision = ArticleRevision.objects.first()
    assert (revision.language, revision.reason, revision.title, revision.actor) == (
        "es",
        "loaded",
        "Tu casa",
        None,
    )
    assert AuditEvent.objects.filter(action="rights.content_loaded").count() == 2


@pytest.mark.django_db
def test_it_keeps_a_staff_edit_until_the_file_changes(launch_content: None, three_orgs) -> None:
    """A translation edited by staff is not overwritten by a run over unchanged files."""
    text = ArticleTranslation.objects.get(article__slug="comidas", language="en")
    services.translation_save(
        article=text.article,
        language="en",
        actor=three_orgs.alice,
        title="Your meals at work",
        summary=text.summary,
        body_markdown=text.body_markdown,
        generate_audio=False,
    )
    call_command("load_rights_content", "--no-audio", verbosity=0)
    assert ArticleTranslation.objects.get(pk=text.pk).title == "Your meals at work"


@pytest.mark.django_db
def test_it_refuses_broken_content_and_loads_nothing(articles: Path) -> None:
    """A file that fails the content check stops the command before anything is written."""
    path = articles / "comidas" / "en.md"
    path.write_text(path.read_text().replace("## What you can do", "## Next"), encoding="utf-8")
    with pytest.raises(CommandError, match="last section"):
        call_command("load_rights_content", "--no-audio", "--articles", str(articles), verbosity=0)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_it_queues_a_voice_for_each_translation_unless_told_not_to() -> None:
    """Without --no-audio, each new translation gets a voice task in the queue."""
    from django_tasks_db.models import DBTaskResult

    call_command("load_rights_content", verbosity=0)
    queued = DBTaskResult.objects.filter(task_path="jornada.rights.tasks.generate_voice").count()
    assert queued == ArticleTranslation.objects.count() == 28
