"""Background work for the rights library, run by ``jornada db_worker``."""

from __future__ import annotations

import hashlib
import logging
import subprocess

from django_tasks import task

from jornada.rights import audio, voice
from jornada.rights.models import ArticleTranslation

logger = logging.getLogger(__name__)


@task()
def generate_voice(*, translation_id: int) -> str:
    """Read a translation aloud with espeak-ng, compress it for phones and store it as synthetic.

    Returns what happened: "stored", "skipped" (a recording exists or the text changed
    meanwhile), or the problem code recorded on the translation (for example "no_espeak").
    """
    translation = ArticleTranslation.objects.filter(pk=translation_id).first()
    if translation is None or not voice.voice_needed(translation):
        return "skipped"
    text = voice.voice_text(translation)
    try:
        encoded = audio.synthesise(text=text, language=translation.language)
    except audio.AudioUnavailable as unavailable:
        logger.warning("No synthetic voice for translation %s: %s", translation_id, unavailable.problem)
        voice.translation_voice_problem(translation_id=translation_id, problem=unavailable.problem)
        return unavailable.problem
    except (RuntimeError, OSError, subprocess.TimeoutExpired):
        logger.exception("Generating the voice for translation %s failed", translation_id)
        problem = ArticleTranslation.AudioProblem.FAILED
        voice.translation_voice_problem(translation_id=translation_id, problem=problem)
        return str(problem)
    text_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    stored = voice.translation_voice_store(translation_id=translation_id, text_hash=text_hash, audio=encoded)
    return "stored" if stored else "skipped"
