"""The synthetic voice's part of the rights services: what it reads, whether it is due, storing it.

Below both ``services`` (which queue the voice task) and ``tasks`` (which run it), so neither
has to import the other inside a function.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from jornada.rights.audio import EncodedAudio, speech_script
from jornada.rights.models import ArticleTranslation


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def voice_text(translation: ArticleTranslation) -> str:
    """Return what a synthetic voice would read for ``translation`` ("" for audio-only ones)."""
    if translation.is_audio_only or not translation.body_markdown.strip():
        return ""
    return speech_script(
        title=translation.title, summary=translation.summary, body_markdown=translation.body_markdown
    )


def voice_needed(translation: ArticleTranslation) -> bool:
    """Return True when a synthetic voice should be (re)generated for the current text."""
    if translation.audio and not translation.audio_is_synthetic:
        return False  # a human recording always wins
    text = voice_text(translation)
    if not text:
        return False
    return not translation.audio or translation.audio_text_hash != _digest(text)


def _audio_name(translation: ArticleTranslation, data: bytes) -> str:
    # The field's upload_to puts it under rights/audio/.
    return f"{translation.article.slug}-{translation.language}-{_digest_bytes(data)[:12]}.ogg"


def _digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def attach_audio(translation: ArticleTranslation, audio: EncodedAudio) -> None:
    """Save the recording's file on ``translation`` (not the row); the old file goes at commit."""
    old = translation.audio.name if translation.audio else ""
    name = _audio_name(translation, audio.data)
    translation.audio.save(name, ContentFile(audio.data), save=False)
    translation.audio_bytes = len(audio.data)
    translation.audio_duration_seconds = round(audio.duration_seconds, 2)
    translation.audio_problem = ""
    if old and old != translation.audio.name:
        storage = translation.audio.storage
        transaction.on_commit(lambda: storage.delete(old))


@transaction.atomic
def translation_voice_store(*, translation_id: int, text_hash: str, audio: EncodedAudio) -> bool:
    """Store a generated voice if the text it read is still current and no human recording exists.

    Returns False (and stores nothing) when the text changed meanwhile or a recording was uploaded.
    """
    translation = (
        ArticleTranslation.objects.select_for_update()
        .select_related("article")
        .filter(pk=translation_id)
        .first()
    )
    if translation is None or (translation.audio and not translation.audio_is_synthetic):
        return False
    if _digest(voice_text(translation)) != text_hash:
        return False
    attach_audio(translation, audio)
    translation.audio_is_synthetic = True
    translation.audio_text_hash = text_hash
    translation.save()
    return True


@transaction.atomic
def translation_voice_problem(*, translation_id: int, problem: str) -> None:
    """Record why no synthetic voice could be made, for the admin to show."""
    ArticleTranslation.objects.filter(pk=translation_id).update(audio_problem=problem)
