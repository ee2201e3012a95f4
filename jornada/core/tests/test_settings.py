"""Settings are read strictly from the environment; production passes ``check --deploy`` clean.

Each case starts a fresh Python process, because settings are read once at start-up.
"""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

PRODUCTION = {
    "JORNADA_SECRET_KEY": "k" * 20 + "Zx9-production-grade-secret-for-tests-only-0123456789",
    "JORNADA_ALLOWED_HOSTS": "jornada.example.org",
    "JORNADA_BASE_URL": "https://jornada.example.org",
}


def run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    base = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "JORNADA_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, *args], env={**base, **env}, capture_output=True, text=True, timeout=120, check=False
    )


def test_it_passes_the_deployment_checklist_in_production(tmp_path: Path) -> None:
    """`jornada check --deploy` reports no issue at all with production settings."""
    result = run(["-m", "jornada", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_it_turns_protections_on_by_default(tmp_path: Path) -> None:
    """Without JORNADA_DEBUG: secure cookies, HSTS, HTTPS redirect, no-referrer, no debug."""
    probe = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ['DEBUG', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SECURE_REFERRER_POLICY', 'LANGUAGE_COOKIE_SECURE']}))"
    )
    env = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "jornada.settings"}
    result = run(["-c", probe], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_REFERRER_POLICY": "no-referrer",
        "LANGUAGE_COOKIE_SECURE": True,
    }


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"JORNADA_ALLOWED_HOSTS": "x"}, "JORNADA_SECRET_KEY (or JORNADA_SECRET_KEY_FILE) must be set"),
        ({**PRODUCTION, "JORNADA_HTTPS": "maybe"}, "JORNADA_HTTPS='maybe' is not a boolean"),
        (
            {**PRODUCTION, "JORNADA_SQLITE_TIMEOUT": "soon"},
            "JORNADA_SQLITE_TIMEOUT='soon' is not a whole number",
        ),
        ({**PRODUCTION, "DATABASE_URL": "mysql://db/jornada"}, "DATABASE_URL has the scheme 'mysql'"),
        (
            {**PRODUCTION, "JORNADA_CACHE_URL": "file:///tmp/cache"},
            "JORNADA_CACHE_URL=file:// is for development",
        ),
        ({**PRODUCTION, "JORNADA_CACHE_URL": "locmem://"}, "JORNADA_CACHE_URL=locmem:// keeps rate-limit"),
        (
            {**PRODUCTION, "JORNADA_CACHE_URL": "memcached://x"},
            "JORNADA_CACHE_URL has the scheme 'memcached'",
        ),
        (
            {**PRODUCTION, "JORNADA_RUNTIME_DIR": "/var/lib/jornada-runtime"},
            "is not on a memory-only file system (tmpfs or ramfs)",
        ),
        ({**PRODUCTION, "JORNADA_BASE_URL": ""}, "JORNADA_BASE_URL must be set when JORNADA_DEBUG is off"),
        ({**PRODUCTION, "JORNADA_BASE_URL": "jornada.example.org"}, "must be an http(s) address"),
    ],
)
def test_it_refuses_to_start_with_a_bad_setting(env: dict[str, str], message: str, tmp_path: Path) -> None:
    """A missing secret or malformed value stops start-up with a message naming the variable."""
    result = run(["-m", "jornada", "check"], env, tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


def test_it_generates_the_development_secret_key_once_into_the_data_folder(tmp_path: Path) -> None:
    """In development the key is created in the data folder, private to its owner, and reused."""
    probe = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    env = {"JORNADA_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "jornada.settings"}
    first = run(["-c", probe], env, tmp_path)
    second = run(["-c", probe], env, tmp_path)
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "data" / "secret_key"
    assert first.stdout == second.stdout
    assert key_file.read_text().strip() == first.stdout.strip()
    assert len(first.stdout.strip()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_it_keeps_the_rate_limit_key_on_a_memory_file_system_by_default(tmp_path: Path) -> None:
    """Production uses the database cache and a runtime folder on tmpfs, outside the data folder."""
    probe = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "from jornada.env import filesystem_type; "
        "print(json.dumps([s.CACHES['default']['BACKEND'], str(s.JORNADA_RUNTIME_DIR), "
        "filesystem_type(s.JORNADA_RUNTIME_DIR)]))"
    )
    result = run(["-c", probe], {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "jornada.settings"}, tmp_path)
    assert result.returncode == 0, result.stderr
    backend, runtime, kind = json.loads(result.stdout)
    assert backend == "django.core.cache.backends.db.DatabaseCache"
    assert kind in ("tmpfs", "ramfs")
    assert not Path(runtime).is_relative_to(tmp_path / "data")


@pytest.mark.parametrize("debug", ["true", "false"])
def test_it_refuses_a_runtime_folder_inside_the_data_folder(debug: str, tmp_path: Path) -> None:
    """The key's folder is never inside the data folder, which backups copy."""
    env = {**PRODUCTION, "JORNADA_DEBUG": debug, "JORNADA_RUNTIME_DIR": str(tmp_path / "data" / "run")}
    result = run(["-m", "jornada", "check"], env, tmp_path)
    assert result.returncode != 0
    assert "JORNADA_RUNTIME_DIR must not be inside JORNADA_DATA_DIR" in result.stderr


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/0", "locmem://"])
def test_it_accepts_redis_and_opted_in_locmem_caches(url: str, tmp_path: Path) -> None:
    """Redis holds the key itself (no tmpfs needed); locmem:// only with the explicit opt-in."""
    env = {
        **PRODUCTION,
        "JORNADA_CACHE_URL": url,
        "JORNADA_ALLOW_LOCMEM_CACHE": "true",
        "JORNADA_RUNTIME_DIR": str(tmp_path / "not-tmpfs") if url.startswith("redis") else "",
    }
    result = run(["-m", "jornada", "check"], env, tmp_path)
    assert result.returncode == 0, result.stderr


def test_it_keeps_media_in_a_bucket_when_asked(tmp_path: Path) -> None:
    """JORNADA_MEDIA_STORAGE=s3 makes django-storages' S3 backend the default storage."""
    probe = (
        "import django; django.setup(); from django.core.files.storage import default_storage as d; "
        "print(type(d._wrapped if d._setup() is None else d).__name__, d.bucket_name, d.endpoint_url)"
    )
    env = {
        **PRODUCTION,
        "DJANGO_SETTINGS_MODULE": "jornada.settings",
        "JORNADA_MEDIA_STORAGE": "s3",
        "JORNADA_S3_BUCKET": "jornada-media",
        "JORNADA_S3_ENDPOINT_URL": "https://s3.example.org",
    }
    result = run(["-c", probe], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "jornada-media", "https://s3.example.org"]
