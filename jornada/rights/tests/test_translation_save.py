"""translation_save: any language, rendered safely, with history, audit and a queued voice."""

import pytest
from django.core.exceptions import ValidationError

from jornada.core.models import AuditEvent
from jornada.rights import services
from jornada.rights.models import ArticleRevision, Status
from jornada.rights.tests.factories import make_article, translation


def _save(article, language, actor, **fields):
    values = {"title": "Título", "summary": "Resumen.", "body_markdown": "Texto.", "generate_audio": False}
    values.update(fields)
    return services.translation_save(article=article, language=language, actor=actor, **values)


@pytest.mark.django_db
def test_it_keeps_a_snapshot_of_every_edit(three_orgs) -> None:
    """Each edit leaves a revision with the full text and an audit event with the changed fields."""
    article = make_article()
    _save(
        article,
        "es",
        three_orgs.alice,
        title="Nuevo título",
        summary="Nuevo resumen.",
        body_markdown="Nuevo **texto**.",
    )
    revision = ArticleRevision.objects.filter(article=article, language="es").first()
    assert (revision.title, revision.summary, revision.body_markdown) == (
        "Nuevo título",
        "Nuevo resumen.",
        "Nuevo **texto**.\n",
    )
    assert (revision.actor, revision.reason, revision.status) == (
        three_orgs.alice,
        "edited",
        Status.PUBLISHED,
    )
    event = AuditEvent.objects.filter(action="rights.translation_updated").get()
    assert event.detail == {"language": "es", "fields": ["body_markdown", "summary", "title"]}
    assert translation(article, "es").body_html == "<p>Nuevo <strong>texto</strong>.</p>\n"


@pytest.mark.django_db
def test_it_adds_an_indigenous_language_translation(three_orgs) -> None:
    """A translation in K'iche' (quc) is created with its own name and a 'created' revision."""
    article = make_article()
    text = _save(article, "quc", three_orgs.alice, language_name="K'iche'")
    assert text.display_language_name() == "K'iche'"
    assert ArticleRevision.objects.filter(article=article, language="quc").get().reason == "created"
    assert AuditEvent.objects.filter(action="rights.translation_created", actor=three_orgs.alice).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["Spanish", "e", "es_MX", "es-", "<script>", "mixteco"])
def test_it_refuses_a_malformed_language_code(code: str) -> None:
    """Language codes look like BCP 47: es, quc, es-MX."""
    article = make_article()
    with pytest.raises(ValidationError):
        _save(article, code, None)


@pytest.mark.django_db
def test_it_allows_an_audio_only_translation_without_text() -> None:
    """A recording-only translation needs no title, summary or text."""
    article = make_article()
    text = _save(
        article, "mam", None, title="", summary="", body_markdown="", is_audio_only=True, language_name="Mam"
    )
    assert text.is_audio_only
    assert not text.has_text()


@pytest.mark.django_db
def test_it_refuses_an_incomplete_text_translation() -> None:
    """A translation with text needs its title, summary and text."""
    article = make_article()
    with pytest.raises(ValidationError):
        _save(article, "mam", None, summary="")


@pytest.mark.django_db
def test_it_keeps_the_launch_languages_of_a_published_article_complete() -> None:
    """The English of a published article cannot become audio-only."""
    article = make_article()
    with pytest.raises(ValidationError) as error:
        _save(article, "en", None, is_audio_only=True)
    assert error.value.error_list[0].code == "launch_language_incomplete"


@pytest.mark.django_db
def test_it_stores_accent_free_search_text() -> None:
    """The search text is the title, summary and plain text without accents or Markdown."""
    article = make_article()
    text = _save(
        article, "es", None, title="Camión", summary="Él prohíbe.", body_markdown="## Año\n\n- **Pingüino**"
    )
    assert text.search_text == "camion el prohibe ano pinguino"


@pytest.mark.django_db
def test_it_queues_a_voice_when_the_text_changes() -> None:
    """Changing the text queues the voice task; saving it unchanged does not."""
    from django_tasks_db.models import DBTaskResult

    article = make_article()
    _save(article, "es", None, generate_audio=True)
    assert DBTaskResult.objects.filter(task_path="jornada.rights.tasks.generate_voice").count() == 1
    _save(article, "es", None, generate_audio=True)
    assert DBTaskResult.objects.filter(task_path="jornada.rights.tasks.generate_voice").count() == 1
