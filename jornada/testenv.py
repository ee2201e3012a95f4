"""Test-run defaults, loaded as a pytest plugin (``-p jornada.testenv``) before settings import.

Tests run with production settings (DEBUG off) except for plain-HTTP serving; anything already
set in the environment wins, so ``make test-postgres`` can pass its own DATABASE_URL.
"""

import atexit
import os
import shutil
import tempfile

from jornada.core.i18n import compile_catalogues

_DEFAULTS = {
    "JORNADA_SECRET_KEY": "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-never-in-production",
    # 32 bytes in URL-safe base64: "test-only-case-key-never-in-prod".
    "JORNADA_CASE_KEY": "dGVzdC1vbmx5LWNhc2Uta2V5LW5ldmVyLWluLXByb2Q=",
    "JORNADA_HTTPS": "false",
    "JORNADA_CACHE_URL": "locmem://",
    # One process runs the tests; the rate-limit tests also run on the database and Redis.
    "JORNADA_ALLOW_LOCMEM_CACHE": "true",
    "JORNADA_STATIC_MANIFEST": "false",
    "JORNADA_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
    "JORNADA_BASE_URL": "http://testserver",
    "JORNADA_LOG_LEVEL": "INFO",
}

for _name, _value in _DEFAULTS.items():
    os.environ.setdefault(_name, _value)
if "JORNADA_DATA_DIR" not in os.environ:
    os.environ["JORNADA_DATA_DIR"] = tempfile.mkdtemp(prefix="jornada-test-")
if "JORNADA_RUNTIME_DIR" not in os.environ:
    # Memory-only, as production requires, and removed afterwards with the day's key in it.
    _shm = "/dev/shm"  # noqa: S108
    os.environ["JORNADA_RUNTIME_DIR"] = tempfile.mkdtemp(
        prefix="jornada-test-", dir=_shm if os.path.isdir(_shm) else None
    )
    atexit.register(shutil.rmtree, os.environ["JORNADA_RUNTIME_DIR"], ignore_errors=True)
os.environ.pop("JORNADA_DEBUG", None)

# Tests read the translations, so stale compiled catalogues would test yesterday's text.
compile_catalogues()
