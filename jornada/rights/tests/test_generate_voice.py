"""The voice task: espeak-ng + Opus, valid and small for phones; a clear reason when it cannot run."""

import pytest

from jornada.rights import audio, voice
from jornada.rights.models import ArticleTranslation
from jornada.rights.tasks import generate_voice
from jornada.rights.tests.factories import make_article, translation

ESPEAK_MISSING = (
    "espeak-ng (and ffmpeg) are not installed here: `make test` installs them (scripts/system-packages test)"
)


def _needs_tools() -> None:
    if audio.synthesiser() is None or audio.encoder() is None:
        pytest.skip(ESPEAK_MISSING)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "en"])
def test_it_makes_a_valid_ogg_opus_file_within_the_phone_budget(language: str, run_tasks) -> None:
    """The queued task stores Ogg Opus, marked synthetic, at no more than 120 KB per minute."""
    _needs_tools()
    article = make_article()
    text = translation(article, language)
    generate_voice.enqueue(translation_id=text.pk)
    run_tasks()
    text.refresh_from_db()
    data = text.audio.read()
    assert audio.is_ogg_opus(data)
    assert data[:4] == b"OggS"
    assert data[28:36] == b"OpusHead"
    assert text.audio_is_synthetic
    assert text.audio_bytes == len(data)
    assert 3 < text.audio_duration_seconds < 120
    assert text.audio_kb_per_minute() <= audio.MAX_KB_PER_MINUTE
    assert not voice.voice_needed(text)


@pytest.mark.django_db
def test_it_reads_the_title_summary_and_every_sentence() -> None:
    """The script reads headings and list items as sentences, without Markdown marks."""
    script = audio.speech_script(
        title="Título", summary="Resumen.", body_markdown="## Uno\n\n- **dos**\n- [tres](https://x.example)"
    )
    assert script == "Título.\nResumen.\nUno.\ndos.\ntres."


@pytest.mark.django_db
def test_it_records_a_clear_reason_when_espeak_is_missing(monkeypatch, run_tasks) -> None:
    """Without espeak-ng the task stores nothing and records why, in words staff can read."""
    monkeypatch.setattr(audio, "synthesiser", lambda: None)
    article = make_article()
    text = translation(article, "es")
    generate_voice.enqueue(translation_id=text.pk)
    run_tasks()
    text.refresh_from_db()
    assert not text.audio
    assert text.audio_problem == ArticleTranslation.AudioProblem.NO_SYNTHESISER
    assert "no tiene instalado espeak-ng" in text.get_audio_problem_display()


@pytest.mark.django_db
def test_it_reports_a_language_without_a_voice(monkeypatch) -> None:
    """A language espeak-ng cannot speak is reported as such."""
    _needs_tools()
    with pytest.raises(audio.AudioUnavailable) as unavailable:
        audio.synthesise(text="Xin chào", language="zzz")
    assert unavailable.value.problem == "no_voice"


@pytest.mark.django_db
def test_it_discards_a_voice_for_text_that_changed_meanwhile() -> None:
    """A voice made from old text is not stored over the new text."""
    article = make_article()
    text = translation(article, "es")
    fake = audio.EncodedAudio(data=b"OggS" + b"\0" * 24 + b"OpusHead", duration_seconds=10)
    assert not voice.translation_voice_store(translation_id=text.pk, text_hash="stale", audio=fake)
    text.refresh_from_db()
    assert not text.audio
