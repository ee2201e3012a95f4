"""Uploaded recordings: real audio only, compressed like the voices, and always preferred."""

import io
import math
import struct
import wave

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jornada.core.models import AuditEvent
from jornada.rights import audio, services, voice
from jornada.rights.models import ArticleRevision
from jornada.rights.tests.factories import make_article, translation


def tone_wav(seconds: float = 3.0, rate: int = 16000) -> bytes:
    """A 440 Hz tone as a WAV file, standing in for a phone recording."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        frames = b"".join(
            struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate)))
            for n in range(int(seconds * rate))
        )
        wav.writeframes(frames)
    return buffer.getvalue()


def _needs_ffmpeg() -> None:
    if audio.encoder() is None or audio.prober() is None:
        pytest.skip("ffmpeg is not installed here: `make test` installs it (scripts/system-packages test)")


@pytest.mark.django_db
def test_it_compresses_an_upload_and_prefers_it_to_the_computer_voice(three_orgs) -> None:
    """A WAV upload becomes Ogg Opus, stored as a human recording with history and audit."""
    _needs_ffmpeg()
    article = make_article()
    encoded = audio.transcode_upload(SimpleUploadedFile("voz.wav", tone_wav(), content_type="audio/wav"))
    assert audio.is_ogg_opus(encoded.data)
    assert 2.5 < encoded.duration_seconds < 3.5
    text = services.translation_audio_upload(
        translation=translation(article, "es"), actor=three_orgs.alice, audio=encoded
    )
    assert not text.audio_is_synthetic
    assert text.audio_bytes == len(encoded.data)
    assert not voice.voice_needed(text)  # a human recording always wins
    assert ArticleRevision.objects.filter(article=article, reason="audio", actor=three_orgs.alice).exists()
    assert AuditEvent.objects.filter(action="rights.audio_uploaded", actor=three_orgs.alice).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "code"),
    [(b"<html>not audio</html>", "audio_invalid"), (b"\x00" * 2048, "audio_invalid")],
)
def test_it_refuses_a_file_that_is_not_audio(content: bytes, code: str) -> None:
    """Anything ffprobe cannot read as audio is refused with a clear message."""
    _needs_ffmpeg()
    with pytest.raises(ValidationError) as error:
        audio.transcode_upload(SimpleUploadedFile("voz.mp3", content))
    assert error.value.error_list[0].code == code


@pytest.mark.django_db
def test_it_refuses_a_recording_that_is_too_large(monkeypatch) -> None:
    """Files over the size limit are refused before anything runs."""
    monkeypatch.setattr(audio, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(ValidationError) as error:
        audio.transcode_upload(SimpleUploadedFile("voz.wav", b"x" * 101))
    assert error.value.error_list[0].code == "audio_too_large"


@pytest.mark.django_db
def test_it_serves_the_recording_with_byte_ranges(three_orgs) -> None:
    """The recording answers whole, by range (206) for seeking, and 416 for an impossible range."""
    _needs_ffmpeg()
    article = make_article()
    encoded = audio.transcode_upload(SimpleUploadedFile("voz.wav", tone_wav()))
    services.translation_audio_upload(translation=translation(article, "en"), actor=None, audio=encoded)
    client = Client()
    url = f"/derechos/{article.slug}/en.ogg"
    whole = client.get(url)
    assert whole.status_code == 200
    assert whole["Content-Type"] == "audio/ogg"
    assert whole["Accept-Ranges"] == "bytes"
    assert whole.content == encoded.data
    part = client.get(url, HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 0-99/{len(encoded.data)}"
    assert part.content == encoded.data[:100]
    tail = client.get(url, HTTP_RANGE="bytes=-10")
    assert tail.content == encoded.data[-10:]
    assert client.get(url, HTTP_RANGE=f"bytes={len(encoded.data) + 5}-").status_code == 416
    assert client.get(url, HTTP_IF_NONE_MATCH=whole["ETag"]).status_code == 304
    assert client.get(f"/derechos/{article.slug}/es.ogg").status_code == 404  # no recording in Spanish


@pytest.mark.django_db
def test_it_removes_a_recording_and_queues_a_voice_again(three_orgs) -> None:
    """Removing the recording records the change and queues a computer voice for the text."""
    from django.core.files.base import ContentFile
    from django_tasks_db.models import DBTaskResult

    article = make_article()
    text = translation(article, "es")
    text.audio.save("x.ogg", ContentFile(b"OggS"), save=True)
    services.translation_audio_remove(translation=text, actor=three_orgs.alice)
    text.refresh_from_db()
    assert not text.audio
    assert AuditEvent.objects.filter(action="rights.audio_removed").exists()
    assert DBTaskResult.objects.filter(task_path="jornada.rights.tasks.generate_voice").exists()


@pytest.mark.django_db
def test_it_refuses_a_playlist_that_names_files_on_the_server(tmp_path) -> None:
    """An uploaded HLS playlist naming a local file is refused: ffmpeg opens nothing but the upload."""
    import subprocess

    _needs_ffmpeg()
    segment = tmp_path / "secret.ts"
    subprocess.run(
        [
            audio.encoder(),
            "-nostdin",
            "-loglevel",
            "error",
            "-i",
            "-",
            "-f",
            "mpegts",
            "-c:a",
            "aac",
            str(segment),
        ],
        input=tone_wav(),
        check=True,
        capture_output=True,
    )
    playlist = f"#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3.0,\nfile://{segment}\n#EXT-X-ENDLIST\n"
    with pytest.raises(ValidationError) as error:
        audio.transcode_upload(SimpleUploadedFile("voz.m3u8", playlist.encode()))
    assert error.value.error_list[0].code == "audio_invalid"
