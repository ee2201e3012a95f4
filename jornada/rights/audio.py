"""Recordings for people who read with difficulty: a synthetic voice (espeak-ng) or an upload.

Everything is compressed the same way for cheap phones on 2G: Opus in Ogg, mono, 12 kbit/s
constrained VBR tuned for speech, about 90 KB per minute (the target is at most 120 KB).
ffmpeg does the encoding rather than opus-tools' opusenc because uploads come from phones in
whatever format the phone records (AAC in .m4a, AMR, MP3, Ogg): ffmpeg decodes all of them,
and ffprobe tells real audio from anything else, with one Debian package.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from jornada.rights.markdown import plain_sentences

BITRATE = "12k"
MAX_KB_PER_MINUTE = 120
MAX_UPLOAD_BYTES = 30 * 1024 * 1024
MAX_DURATION_SECONDS = 20 * 60
MIN_DURATION_SECONDS = 1.0
SPEECH_RATE_WPM = 150  # a little slower than espeak-ng's default of 175 words per minute
TIMEOUT_SECONDS = 300
# espeak-ng voices for the site's languages; other codes use a voice of the same name if any.
VOICES = {"es": "es-419", "en": "en-us"}
# Demuxers ffmpeg may use on a file it is given: what phones record (MP4/M4A/3GP, AMR, AAC, MP3,
# Ogg, Matroska/WebM), FLAC, and the WAV espeak-ng writes. Never a playlist or list format
# (hls, concat, ...): an uploaded playlist would make ffmpeg open the files or addresses named in
# it, so an upload could read the server's own files. Only plain local files may be opened.
INPUT_FORMATS = ("wav", "mp3", "ogg", "mov", "amr", "aac", "flac", "matroska")
INPUT_GUARD = ("-protocol_whitelist", "file", "-format_whitelist", ",".join(INPUT_FORMATS))
OGG_MAGIC = b"OggS"
OPUS_HEAD = b"OpusHead"


class AudioUnavailable(Exception):
    """The server cannot make this recording; ``problem`` is an ArticleTranslation.AudioProblem."""

    def __init__(self, problem: str, detail: str = "") -> None:
        super().__init__(detail or problem)
        self.problem = problem


@dataclass(frozen=True)
class EncodedAudio:
    """A recording ready to store: Ogg Opus bytes and the length of speech in seconds."""

    data: bytes
    duration_seconds: float

    @property
    def kb_per_minute(self) -> float:
        return len(self.data) / 1024 / (self.duration_seconds / 60)


def is_ogg_opus(data: bytes) -> bool:
    """Return True when ``data`` starts like an Ogg Opus stream (OggS page holding OpusHead)."""
    return data[:4] == OGG_MAGIC and data[28:36] == OPUS_HEAD


def synthesiser() -> str | None:
    return shutil.which("espeak-ng")


def encoder() -> str | None:
    return shutil.which("ffmpeg")


def prober() -> str | None:
    return shutil.which("ffprobe")


@functools.cache
def _installed_voices(espeak: str) -> frozenset[str]:
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [espeak, "--voices"], capture_output=True, text=True, timeout=30, check=False
    )
    voices = set()
    for line in result.stdout.splitlines()[1:]:
        columns = line.split()
        if len(columns) >= 2:
            voices.add(columns[1].lower())
    return frozenset(voices)


def voice_for(language: str) -> str | None:
    """Return the espeak-ng voice for a language code, or None when espeak-ng has none."""
    espeak = synthesiser()
    if espeak is None:
        return None
    wanted = VOICES.get(language, language).lower()
    voices = _installed_voices(espeak)
    if wanted in voices:
        return wanted
    primary = wanted.split("-")[0]
    return primary if primary in voices else None


def speech_script(*, title: str, summary: str, body_markdown: str) -> str:
    """Return what the voice reads: the title, the summary, then every sentence of the text.

    Headings and list items end with a full stop, so the voice pauses after each one.
    """
    lines = [title.strip(), summary.strip(), *plain_sentences(body_markdown)]
    spoken = []
    for line in lines:
        if not line:
            continue
        spoken.append(line if line[-1] in ".!?:;…" else f"{line}.")
    return "\n".join(spoken)


def _run(arguments: list[str], *, what: str) -> subprocess.CompletedProcess[bytes]:
    result = subprocess.run(  # noqa: S603 - arguments are built here, never by a shell
        arguments, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()[-500:]
        raise RuntimeError(f"{what} failed ({result.returncode}): {message}")
    return result


def probe_duration(path: Path) -> float | None:
    """Return the duration in seconds of the first audio stream in ``path``, or None if there is none."""
    ffprobe = prober()
    if ffprobe is None:
        raise AudioUnavailable("no_ffmpeg")
    result = subprocess.run(  # noqa: S603
        [
            ffprobe,
            "-v",
            "error",
            *INPUT_GUARD,
            "-select_streams",
            "a:0",
            "-show_entries",
            "stream=codec_type:format=duration",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        return None
    try:
        info = json.loads(result.stdout)
        if not info.get("streams"):
            return None
        return float(info["format"]["duration"])
    except (ValueError, KeyError, TypeError):
        return None


def encode(source: Path) -> EncodedAudio:
    """Compress any audio file to mono Opus in Ogg at the phone target; return bytes and duration."""
    ffmpeg = encoder()
    if ffmpeg is None:
        raise AudioUnavailable("no_ffmpeg")
    with tempfile.TemporaryDirectory(prefix="jornada-audio-") as scratch:
        target = Path(scratch) / "out.ogg"
        _run(
            [
                ffmpeg,
                "-nostdin",
                "-hide_banner",
                "-loglevel",
                "error",
                *INPUT_GUARD,
                "-i",
                str(source),
                "-vn",
                "-map_metadata",
                "-1",
                "-ac",
                "1",
                "-c:a",
                "libopus",
                "-b:a",
                BITRATE,
                "-vbr",
                "constrained",
                "-application",
                "voip",
                # Longer frames mean fewer packets, so less overhead at this low bitrate.
                "-frame_duration",
                "60",
                str(target),
            ],
            what="ffmpeg",
        )
        data = target.read_bytes()
        duration = probe_duration(target)
    if not is_ogg_opus(data) or not duration:
        raise RuntimeError("ffmpeg did not produce an Ogg Opus stream")
    return EncodedAudio(data=data, duration_seconds=duration)


def synthesise(*, text: str, language: str) -> EncodedAudio:
    """Read ``text`` aloud with espeak-ng and compress it; raise AudioUnavailable when impossible."""
    espeak = synthesiser()
    if espeak is None:
        raise AudioUnavailable("no_espeak")
    if encoder() is None or prober() is None:
        raise AudioUnavailable("no_ffmpeg")
    voice = voice_for(language)
    if voice is None:
        raise AudioUnavailable("no_voice")
    if not text.strip():
        raise AudioUnavailable("no_text")
    with tempfile.TemporaryDirectory(prefix="jornada-voice-") as scratch:
        script = Path(scratch) / "script.txt"
        script.write_text(text, encoding="utf-8")
        wav = Path(scratch) / "voice.wav"
        _run(
            [espeak, "-v", voice, "-s", str(SPEECH_RATE_WPM), "-w", str(wav), "-f", str(script)],
            what="espeak-ng",
        )
        return encode(wav)


def transcode_upload(upload: UploadedFile) -> EncodedAudio:
    """Check that an uploaded file is real audio of a sensible length, and compress it.

    Raises ValidationError (with a code) for anything a person can fix.
    """
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The recording is too large (%(size)s). The limit is %(limit)s."),
            code="audio_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    if encoder() is None or prober() is None:
        raise ValidationError(
            _("The server cannot process recordings: ffmpeg is not installed."), code="audio_no_ffmpeg"
        )
    with tempfile.TemporaryDirectory(prefix="jornada-upload-") as scratch:
        source = Path(scratch) / "upload"
        with source.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        duration = probe_duration(source)
        if duration is None:
            raise ValidationError(
                _("This file is not a recording the server can read. Try MP3, M4A, Ogg or WAV."),
                code="audio_invalid",
            )
        if not MIN_DURATION_SECONDS <= duration <= MAX_DURATION_SECONDS:
            raise ValidationError(
                _("A recording must last between 1 second and %(minutes)d minutes."),
                code="audio_duration",
                params={"minutes": MAX_DURATION_SECONDS // 60},
            )
        try:
            return encode(source)
        except (RuntimeError, subprocess.TimeoutExpired):
            raise ValidationError(
                _("This file is not a recording the server can read. Try MP3, M4A, Ogg or WAV."),
                code="audio_invalid",
            ) from None
