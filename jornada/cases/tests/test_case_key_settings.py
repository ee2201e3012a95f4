"""JORNADA_CASE_KEY is read strictly; without it the site starts but no case can be touched.

Each case starts a fresh Python process, because settings are read once at start-up.
"""

from __future__ import annotations

import base64
import stat
from pathlib import Path

import pytest

from jornada.core.tests.test_settings import PRODUCTION, run

GOOD = base64.urlsafe_b64encode(b"k" * 32).decode()
PROBE = (
    "import django, base64; django.setup(); from django.conf import settings as s; "
    "k = s.JORNADA_CASE_KEY; print(base64.urlsafe_b64encode(k).decode() if k else 'none')"
)


@pytest.mark.parametrize(
    "value",
    [
        "too-short",
        base64.urlsafe_b64encode(b"k" * 31).decode(),
        base64.urlsafe_b64encode(b"k" * 33).decode(),
        base64.b64encode(b"\xfb" * 32).decode(),  # standard, not URL-safe, base64
        GOOD.rstrip("="),
        GOOD + "AAAA",
    ],
)
def test_it_refuses_to_start_with_a_malformed_case_key(value: str, tmp_path: Path) -> None:
    """Anything but 32 bytes in URL-safe base64 stops start-up with a message naming the variable."""
    result = run(["-m", "jornada", "check"], {**PRODUCTION, "JORNADA_CASE_KEY": value}, tmp_path)
    assert result.returncode != 0
    assert "JORNADA_CASE_KEY must be 32 random bytes in URL-safe base64" in result.stderr


def test_it_reads_the_case_key_from_a_file(tmp_path: Path) -> None:
    """JORNADA_CASE_KEY_FILE names a file holding the key (Docker or systemd credentials)."""
    key_file = tmp_path / "case_key"
    key_file.write_text(GOOD + "\n", encoding="utf-8")
    env = {**PRODUCTION, "JORNADA_CASE_KEY_FILE": str(key_file), "DJANGO_SETTINGS_MODULE": "jornada.settings"}
    result = run(["-c", PROBE], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == GOOD


def test_it_starts_in_production_without_a_case_key(tmp_path: Path) -> None:
    """Without a key and with debug off, the site starts (cases then refuse to work) and makes no key."""
    env = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "jornada.settings"}
    result = run(["-c", PROBE], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "none"
    assert not (tmp_path / "data" / "case_key").exists()


def test_it_generates_the_development_case_key_once_into_the_data_folder(tmp_path: Path) -> None:
    """With debug on and no key, one key is made in the data folder (owner-only) and kept."""
    env = {"JORNADA_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "jornada.settings"}
    first = run(["-c", PROBE], env, tmp_path)
    second = run(["-c", PROBE], env, tmp_path)
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "data" / "case_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first.stdout == second.stdout
    assert len(base64.urlsafe_b64decode(first.stdout.strip())) == 32
