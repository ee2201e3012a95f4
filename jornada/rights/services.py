"""Every write to the rights library: transactional, with a revision and an audit event each.

Staff edit through the Django admin, whose forms call these functions, so no change can skip
the history. The content loader (``jornada load_rights_content``) uses them too, as the system.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jornada.core import generations
from jornada.core.audit import audit_record
from jornada.core.models import User
from jornada.rights import audio as audio_tools
from jornada.rights.audio import EncodedAudio
from jornada.rights.loading import ArticleContent, SourceData
from jornada.rights.markdown import fold, plain_sentences, render_markdown
from jornada.rights.models import (
    Article,
    ArticleRevision,
    ArticleSource,
    ArticleTranslation,
    Status,
    launch_languages,
)
from jornada.rights.selectors import ARTICLES
from jornada.rights.tasks import generate_voice
from jornada.rights.voice import attach_audio, voice_needed

AUDIT_ACTIONS: dict[str, str | Promise] = {
    "rights.article_created": _("Created a rights article"),
    "rights.article_updated": _("Changed a rights article"),
    "rights.article_status": _("Changed a rights article's status"),
    "rights.sources_changed": _("Changed a rights article's sources"),
    "rights.translation_created": _("Added a translation of a rights article"),
    "rights.translation_updated": _("Changed a translation of a rights article"),
    "rights.audio_uploaded": _("Uploaded a recording of a rights article"),
    "rights.audio_removed": _("Removed a recording of a rights article"),
    "rights.content_loaded": _("Loaded the rights articles from the content files"),
}

# Which status may follow which: a draft goes to review before it is published.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.IN_REVIEW}),
    Status.IN_REVIEW: frozenset({Status.DRAFT, Status.PUBLISHED}),
    Status.PUBLISHED: frozenset({Status.DRAFT, Status.IN_REVIEW}),
}


def _metadata(article: Article) -> dict[str, Any]:
    return {
        "topic": article.topic,
        "programmes": list(article.programmes),
        "order": article.order,
        "legal_review_date": article.legal_review_date.isoformat() if article.legal_review_date else None,
        "legal_reviewer": article.legal_reviewer,
        "sources": [source.snapshot() for source in article.sources.all()],
    }


def _revise_article(*, article: Article, actor: User | None, reason: str) -> ArticleRevision:
    generations.renew(ARTICLES)  # every change is revised: pages linking articles are renewed
    return ArticleRevision.objects.create(
        article=article, actor=actor, reason=reason, status=article.status, metadata=_metadata(article)
    )


def _revise_translation(
    *, translation: ArticleTranslation, actor: User | None, reason: str
) -> ArticleRevision:
    generations.renew(ARTICLES)
    return ArticleRevision.objects.create(
        article=translation.article,
        language=translation.language,
        actor=actor,
        reason=reason,
        status=translation.article.status,
        title=translation.title,
        summary=translation.summary,
        body_markdown=translation.body_markdown,
        metadata={
            "language_name": translation.language_name,
            "is_audio_only": translation.is_audio_only,
            "audio": translation.audio.name if translation.audio else "",
            "audio_is_synthetic": translation.audio_is_synthetic,
        },
    )


def _check_launch_languages(article: Article) -> None:
    """Refuse to publish (or keep published) an article missing a launch language."""
    complete = {t.language for t in article.translations.all() if not t.is_audio_only and t.is_complete()}
    missing = [code for code in launch_languages() if code not in complete]
    if missing:
        raise ValidationError(
            _("A published article needs a complete title, summary and text in: %(languages)s."),
            code="launch_languages",
            params={"languages": ", ".join(missing)},
        )


# --- Articles --------------------------------------------------------------------------------


@transaction.atomic
def article_create(
    *, slug: str, topic: str, programmes: Sequence[str], order: int = 100, actor: User | None
) -> Article:
    """Create a draft article (translations are added next, then it goes to review)."""
    article = Article(slug=slug, topic=topic, programmes=sorted(set(programmes)), order=order)
    article.full_clean()
    article.save()
    _revise_article(article=article, actor=actor, reason=ArticleRevision.Reason.CREATED)
    audit_record(actor=actor, action="rights.article_created", target=article, detail={"topic": topic})
    return article


def article_check_update(*, article: Article, status: str, legal_review_date: dt.date | None) -> None:
    """Raise ValidationError when ``article`` (as stored) may not take this status or review date.

    ``article_update`` calls it; forms call it too, to show the reason next to the field.
    """
    if status != article.status and status not in TRANSITIONS[article.status]:
        raise ValidationError(
            _("An article cannot go from “%(old)s” to “%(new)s”; a draft goes to review first."),
            code="status_transition",
            params={"old": article.get_status_display(), "new": Status(status).label},
        )
    if legal_review_date and legal_review_date > dt.date.today():
        raise ValidationError(_("A legal review cannot be dated in the future."), code="review_future")
    if status == Status.PUBLISHED:
        _check_launch_languages(article)


@transaction.atomic
def article_update(
    *,
    article: Article,
    actor: User | None,
    topic: str,
    programmes: Sequence[str],
    order: int,
    status: str,
    legal_review_date: dt.date | None,
    legal_reviewer: str,
) -> Article:
    """Change an article's details and status; publishing needs every launch language complete."""
    stored = Article.objects.select_for_update().get(pk=article.pk)
    wanted = {
        "topic": topic,
        "programmes": sorted(set(programmes)),
        "order": order,
        "status": status,
        "legal_review_date": legal_review_date,
        "legal_reviewer": legal_reviewer.strip(),
    }
    changed = sorted(name for name, value in wanted.items() if getattr(stored, name) != value)
    if not changed:
        return stored
    article_check_update(article=stored, status=status, legal_review_date=legal_review_date)
    for name, value in wanted.items():
        setattr(stored, name, value)
    stored.full_clean()
    stored.save()
    status_changed = "status" in changed
    _revise_article(
        article=stored,
        actor=actor,
        reason=ArticleRevision.Reason.STATUS if status_changed else ArticleRevision.Reason.EDITED,
    )
    audit_record(
        actor=actor,
        action="rights.article_status" if status_changed else "rights.article_updated",
        target=stored,
        detail={"fields": changed, "status": stored.status},
    )
    return stored


@transaction.atomic
def article_sources_set(*, article: Article, actor: User | None, sources: Sequence[SourceData]) -> bool:
    """Replace an article's sources with ``sources`` (in order); return False when nothing changed."""
    current = [source.snapshot() for source in article.sources.all()]
    wanted = [
        {
            "fact_sheet": s.fact_sheet.strip(),
            "title": s.title.strip(),
            "section": s.section.strip(),
            "url": s.url,
        }
        for s in sources
    ]
    if current == wanted:
        return False
    article.sources.all().delete()
    for position, data in enumerate(wanted):
        source = ArticleSource(article=article, position=position, **data)
        source.full_clean()
        source.save()
    _revise_article(article=article, actor=actor, reason=ArticleRevision.Reason.SOURCES)
    audit_record(
        actor=actor, action="rights.sources_changed", target=article, detail={"sources": len(wanted)}
    )
    return True


# --- Translations ----------------------------------------------------------------------------


def _derive(translation: ArticleTranslation) -> None:
    """Fill the stored HTML and the accent-free search text from the Markdown."""
    translation.body_html = render_markdown(translation.body_markdown) if translation.body_markdown else ""
    body_text = " ".join(plain_sentences(translation.body_markdown))
    translation.search_text = fold(" ".join([translation.title, translation.summary, body_text]))


def _tools_still_missing(translation: ArticleTranslation) -> bool:
    """Return True when the last attempt found a tool missing and it is still missing."""
    missing = {
        ArticleTranslation.AudioProblem.NO_SYNTHESISER: audio_tools.synthesiser,
        ArticleTranslation.AudioProblem.NO_ENCODER: audio_tools.encoder,
    }
    finder = missing.get(translation.audio_problem)  # type: ignore[call-overload]
    return finder is not None and finder() is None


def _schedule_voice(translation: ArticleTranslation) -> None:
    if voice_needed(translation) and not _tools_still_missing(translation):
        generate_voice.enqueue(translation_id=translation.pk)


def translation_check(*, article: Article, language: str, complete: bool) -> None:
    """Raise ValidationError when a published article would lose a complete launch language."""
    if article.is_published() and language in launch_languages() and not complete:
        raise ValidationError(
            _("This article is published, so its %(language)s text must stay complete."),
            code="launch_language_incomplete",
            params={"language": language},
        )


@transaction.atomic
def translation_save(
    *,
    article: Article,
    language: str,
    actor: User | None,
    title: str,
    summary: str,
    body_markdown: str,
    is_audio_only: bool = False,
    language_name: str = "",
    reason: str = ArticleRevision.Reason.EDITED,
    content_hash: str | None = None,
    generate_audio: bool = True,
) -> ArticleTranslation:
    """Create or change the translation of ``article`` into ``language``.

    Records a revision and an audit event when anything changed, and queues a synthetic voice
    when the text changed and no human recording exists.
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    translation = (
        ArticleTranslation.objects.select_for_update().filter(article=article, language=language).first()
    )
    created = translation is None
    if translation is None:
        translation = ArticleTranslation(article=article, language=language)
    wanted = {
        "title": title.strip(),
        "summary": summary.strip(),
        "body_markdown": body_markdown.strip() + "\n" if body_markdown.strip() else "",
        "is_audio_only": is_audio_only,
        "language_name": language_name.strip(),
    }
    changed = sorted(name for name, value in wanted.items() if getattr(translation, name) != value)
    if content_hash is not None and translation.content_hash != content_hash:
        translation.content_hash = content_hash
        if not changed and not created:
            translation.save(update_fields=["content_hash"])
    if not changed and not created:
        return translation
    for name, value in wanted.items():
        setattr(translation, name, value)
    _derive(translation)
    translation.full_clean()
    translation_check(
        article=article, language=language, complete=translation.is_complete() and not is_audio_only
    )
    if translation.is_audio_only and translation.audio_is_synthetic and translation.audio:
        _delete_audio_file(translation)
    translation.save()
    _revise_translation(
        translation=translation,
        actor=actor,
        reason=ArticleRevision.Reason.CREATED
        if created and reason == ArticleRevision.Reason.EDITED
        else reason,
    )
    audit_record(
        actor=actor,
        action="rights.translation_created" if created else "rights.translation_updated",
        target=translation,
        detail={"language": language, "fields": changed if not created else []},
    )
    if generate_audio:
        _schedule_voice(translation)
    return translation


def _delete_audio_file(translation: ArticleTranslation) -> None:
    old = translation.audio.name if translation.audio else ""
    translation.audio = ""
    translation.audio_bytes = None
    translation.audio_duration_seconds = None
    translation.audio_is_synthetic = False
    translation.audio_text_hash = ""
    if old:
        # The file goes only once the change is committed; a rollback keeps it.
        storage = translation.audio.storage
        transaction.on_commit(lambda: storage.delete(old))


@transaction.atomic
def translation_audio_upload(
    *, translation: ArticleTranslation, actor: User | None, audio: EncodedAudio
) -> ArticleTranslation:
    """Store a human recording (already checked and compressed); it replaces any synthetic voice."""
    translation = (
        ArticleTranslation.objects.select_for_update().select_related("article").get(pk=translation.pk)
    )
    attach_audio(translation, audio)
    translation.audio_is_synthetic = False
    translation.audio_text_hash = ""
    translation.save()
    _revise_translation(translation=translation, actor=actor, reason=ArticleRevision.Reason.AUDIO)
    audit_record(
        actor=actor,
        action="rights.audio_uploaded",
        target=translation,
        detail={"language": translation.language, "bytes": len(audio.data)},
    )
    return translation


@transaction.atomic
def translation_audio_remove(*, translation: ArticleTranslation, actor: User | None) -> ArticleTranslation:
    """Remove the recording; a synthetic voice is queued again if the translation has text."""
    translation = (
        ArticleTranslation.objects.select_for_update().select_related("article").get(pk=translation.pk)
    )
    if not translation.audio:
        return translation
    _delete_audio_file(translation)
    translation.save()
    _revise_translation(translation=translation, actor=actor, reason=ArticleRevision.Reason.AUDIO)
    audit_record(
        actor=actor,
        action="rights.audio_removed",
        target=translation,
        detail={"language": translation.language},
    )
    _schedule_voice(translation)
    return translation


# --- Loading the launch content --------------------------------------------------------------


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    translations_changed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.translations_changed)


@transaction.atomic
def content_load(*, articles: Sequence[ArticleContent], generate_audio: bool = True) -> LoadReport:
    """Create or update articles from the content files, idempotently.

    A file is applied only when it differs from what was last loaded from it (its hash), so a
    second run changes nothing and staff edits made since survive until the file itself changes.
    New articles are published: the launch content has been checked (check.py) and is complete.
    The legal review date is never set here: no lawyer has reviewed the files.
    """
    report = LoadReport()
    for content in articles:
        article = Article.objects.select_for_update().filter(slug=content.slug).first()
        if article is None:
            article = Article(
                slug=content.slug,
                topic=content.topic,
                programmes=sorted(content.programmes),
                order=content.order,
                status=Status.PUBLISHED,
                content_hash=content.content_hash,
            )
            article.full_clean()
            article.save()
            _revise_article(article=article, actor=None, reason=ArticleRevision.Reason.LOADED)
            article_sources_set(article=article, actor=None, sources=content.sources)
            report.created.append(content.slug)
        elif article.content_hash != content.content_hash:
            article.topic = content.topic
            article.programmes = sorted(content.programmes)
            article.order = content.order
            article.content_hash = content.content_hash
            article.full_clean()
            article.save()
            article_sources_set(article=article, actor=None, sources=content.sources)
            _revise_article(article=article, actor=None, reason=ArticleRevision.Reason.LOADED)
            report.updated.append(content.slug)
        for text in content.translations:
            existing = ArticleTranslation.objects.filter(article=article, language=text.language).first()
            if existing is not None and existing.content_hash == text.content_hash:
                report.unchanged += 1
                if generate_audio:
                    _schedule_voice(existing)
                continue
            translation_save(
                article=article,
                language=text.language,
                actor=None,
                title=text.title,
                summary=text.summary,
                body_markdown=text.body_markdown,
                reason=ArticleRevision.Reason.LOADED,
                content_hash=text.content_hash,
                generate_audio=generate_audio,
            )
            report.translations_changed.append(f"{content.slug}/{text.language}")
        if article.is_published():
            _check_launch_languages(article)
    if report.changed:
        audit_record(
            actor=None,
            action="rights.content_loaded",
            detail={
                "created": len(report.created),
                "updated": len(report.updated),
                "translations": len(report.translations_changed),
            },
        )
    return report
