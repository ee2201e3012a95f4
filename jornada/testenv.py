"""Test-run defaults, loaded as a pytest plugin (``-p jornada.testenv``) before settings import.

Tests run with production settings (DEBUG off) except for plain-HTTP serving; anything already
set in the environment wins, so ``make test-postgres`` can pass its own DATABASE_URL.
"""

import os
import tempfile

from jornada.core.i18n import compile_catalogues

_DEFAULTS = {
    "JORNADA_SECRET_KEY": "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-never-in-production",
    "JORNADA_HTTPS": "false",
    "JORNADA_CACHE_URL": "locmem://",
    "JORNADA_STATIC_MANIFEST": "false",
    "JORNADA_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
    "JORNADA_BASE_URL": "http://testserver",
    "JORNADA_LOG_LEVEL": "INFO",
}

for _name, _value in _DEFAULTS.items():
    os.environ.setdefault(_name, _value)
if "JORNADA_DATA_DIR" not in os.environ:
    os.environ["JORNADA_DATA_DIR"] = tempfile.mkdtemp(prefix="jornada-test-")
os.environ.pop("JORNADA_DEBUG", None)

# Tests read the translations, so stale compiled catalogues would test yesterday's text.
compile_catalogues()
