"""Jornada's one settings module: everything that varies between machines is read from the environment.

See the configuration table in README.md. Production is the default: a deployment has to opt
*out* of protections (``JORNADA_DEBUG=true``), never opt in.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from jornada.core.storage import media_storage
from jornada.env import Env, filesystem_type

env = Env()

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env.flag("JORNADA_DEBUG", default=False)
DATA_DIR = env.path("JORNADA_DATA_DIR", default=BASE_DIR / "var")


def _development_secret_key(data_dir: Path) -> str:
    """Return the key kept in the data folder, creating it (readable by the owner only) once."""
    data_dir.mkdir(parents=True, exist_ok=True)
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = env.secret("JORNADA_SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "JORNADA_SECRET_KEY (or JORNADA_SECRET_KEY_FILE) must be set when JORNADA_DEBUG is off."
        )
    SECRET_KEY = _development_secret_key(DATA_DIR)


def _case_key(name: str) -> bytes | None:
    """Return the 32-byte case master key in ``name`` (urlsafe base64), None if unset; strict."""
    value = env.secret(name)
    if value is None:
        return None
    try:
        key = base64.urlsafe_b64decode(value.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        key = b""
    if len(key) != 32 or base64.urlsafe_b64encode(key).decode("ascii") != value:
        raise ImproperlyConfigured(
            f"{name} must be 32 random bytes in URL-safe base64 (44 characters), for example the "
            'output of: python -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())"'
        )
    return key


def _development_case_key(data_dir: Path) -> bytes:
    """Return the case master key kept in the data folder, creating it (owner-only) once."""
    data_dir.mkdir(parents=True, exist_ok=True)
    key_file = data_dir / "case_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(), encoding="utf-8")
    return base64.urlsafe_b64decode(key_file.read_text(encoding="utf-8").strip())


# --- Case data protection (jornada.cases) ---------------------------------------------------
# The master key wraps every organisation's key, which wraps every case's data key. Losing it
# loses every case's personal data: there is no recovery. Without it (and with debug off) the
# site starts, and every case operation fails with ImproperlyConfigured (jornada.cases.crypto).
JORNADA_CASE_KEY = _case_key("JORNADA_CASE_KEY")
if JORNADA_CASE_KEY is None and DEBUG:
    JORNADA_CASE_KEY = _development_case_key(DATA_DIR)
# Only while ``jornada rotate_keys`` moves organisation keys from this master key to the new one.
JORNADA_CASE_KEY_PREVIOUS = _case_key("JORNADA_CASE_KEY_PREVIOUS")

ALLOWED_HOSTS = env.items("JORNADA_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.items("JORNADA_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "jornada.core.admin_config.JornadaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "jornada.core",
    "jornada.vocabulary",
    "jornada.directory",
    "jornada.rights",
    "jornada.contributions",
    "jornada.reviews",
    "jornada.alerts",
    "jornada.cases",
    "jornada.intake",
    "jornada.messaging",
    "jornada.evidence",
    "jornada.protocols",
    "jornada.hotline",
    "jornada.referrals",
    "jornada.outreach",
    "jornada.network",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After CSRF, so it still sees whether this page handed out a CSRF token (it holds a form).
    "jornada.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "jornada.urls"
WSGI_APPLICATION = "jornada.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jornada.core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env.url(
    "DATABASE_URL",
    default=f"sqlite:///{DATA_DIR / 'jornada.sqlite3'}",
    schemes=("sqlite", "postgres", "postgresql", "pgsql"),
)
_database = dj_database_url.parse(DATABASE_URL, conn_health_checks=True)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    if _database["NAME"] not in ("", ":memory:"):
        Path(_database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _database["OPTIONS"] = {
        # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at the
        # start of a transaction, so a second writer waits (up to the timeout) instead of
        # failing half-way with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env.number("JORNADA_SQLITE_TIMEOUT", default=20, minimum=1),
    }
else:
    _database["CONN_MAX_AGE"] = env.number("JORNADA_DB_CONN_MAX_AGE", default=60, minimum=0)
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, rate-limit counters and the daily rate-limit key ------------------------------------
# db:// (the default): Django's database cache in the table ``jornada_cache`` (made by
# ``jornada migrate``), counters in their own table. redis://, rediss://: Redis, which must run
# without persistence (it then also holds the daily key). locmem:// and file:// keep counters in
# each process's memory: development only, refused when JORNADA_DEBUG is off (file:// also
# writes files whose times date visits into the data folder); the test suite opts in to
# locmem:// with JORNADA_ALLOW_LOCMEM_CACHE.
CACHE_URL = env.url("JORNADA_CACHE_URL", default="db://", schemes=("db", "locmem", "file", "redis", "rediss"))
_cache = urlsplit(CACHE_URL)
if not DEBUG and _cache.scheme == "file":
    raise ImproperlyConfigured(
        "JORNADA_CACHE_URL=file:// is for development only: its counters do not keep their window "
        "and its files' times date visits. Use db:// (the default) or redis://."
    )
if not DEBUG and _cache.scheme == "locmem" and not env.flag("JORNADA_ALLOW_LOCMEM_CACHE", default=False):
    raise ImproperlyConfigured(
        "JORNADA_CACHE_URL=locmem:// keeps rate-limit counters in each process, so several processes "
        "each allow the full limit. Use db:// (the default) or redis://."
    )
# Django's default of 300 entries would throw away rendered profiles and review summaries as fast
# as they are made once a few hundred profiles are visited. Counters never live in the cache.
_CACHE_OPTIONS = {"MAX_ENTRIES": 20_000}
if _cache.scheme == "db":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "jornada_cache",
            "OPTIONS": _CACHE_OPTIONS,
        }
    }
elif _cache.scheme == "locmem":
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": _CACHE_OPTIONS}
    }
elif _cache.scheme == "file":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": _cache.path,
            "OPTIONS": _CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}

# Where the processes of one machine share the day's rate-limit key (without Redis): a directory
# in memory (tmpfs), never on disk, never in a backup. One per data folder by default.
_RUNTIME_PARENT = Path("/dev/shm")  # noqa: S108 - a memory-only file system, checked below
JORNADA_RUNTIME_DIR = env.path(
    "JORNADA_RUNTIME_DIR",
    default=(_RUNTIME_PARENT if _RUNTIME_PARENT.is_dir() else Path(tempfile.gettempdir()))
    / f"jornada-{hashlib.sha256(str(DATA_DIR).encode()).hexdigest()[:12]}",
)
if DATA_DIR.resolve() in (JORNADA_RUNTIME_DIR.resolve(), *JORNADA_RUNTIME_DIR.resolve().parents):
    raise ImproperlyConfigured("JORNADA_RUNTIME_DIR must not be inside JORNADA_DATA_DIR: it is backed up.")
_KEY_IN_REDIS = _cache.scheme in ("redis", "rediss")
if not DEBUG and not _KEY_IN_REDIS and filesystem_type(JORNADA_RUNTIME_DIR) not in ("tmpfs", "ramfs"):
    raise ImproperlyConfigured(
        f"JORNADA_RUNTIME_DIR={str(JORNADA_RUNTIME_DIR)!r} is not on a memory-only file system "
        "(tmpfs or ramfs): the daily rate-limit key would reach the disk and its backups. "
        "Point it at a tmpfs such as /run/jornada or /dev/shm/jornada."
    )

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:staff_home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
OTP_TOTP_ISSUER = "Jornada"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # an invitation link stays valid for three days
SESSION_COOKIE_AGE = 60 * 60 * 10  # one working day; staff sign in again the next
# Failed sign-ins allowed per account and per (hashed) client before a pause.
# Where "Quick exit" on the request-for-help pages leaves for: a neutral page that says nothing
# about what the worker was doing (the weather). Any https address.
JORNADA_QUICK_EXIT_URL = env.url(
    "JORNADA_QUICK_EXIT_URL", default="https://www.google.com/search?q=clima", schemes=("https",)
)
JORNADA_LOGIN_ATTEMPTS = env.number("JORNADA_LOGIN_ATTEMPTS", default=5, minimum=1)
JORNADA_LOGIN_WINDOW_SECONDS = env.number("JORNADA_LOGIN_WINDOW_SECONDS", default=900, minimum=1)

# --- Languages ------------------------------------------------------------------------------
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.text("JORNADA_TIME_ZONE", default="America/Mexico_City")
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    # Local files (one machine) or an S3-compatible bucket (several app servers): core/storage.py.
    "default": media_storage(env),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.flag("JORNADA_STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or not env.flag("JORNADA_STATIC_MANIFEST", default=not DEBUG)

# --- HTTPS and security headers -------------------------------------------------------------
HTTPS = env.flag("JORNADA_HTTPS", default=not DEBUG)
if env.flag("JORNADA_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of the app append to X-Forwarded-For; used only for rate limiting.
JORNADA_PROXY_COUNT = env.number("JORNADA_PROXY_COUNT", default=0, minimum=0)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
# Gone when the browser closes: on a phone lent or shared, the next person does not inherit it.
# A form left open past that gets a fresh token when reloaded (see core.views.csrf_failure).
CSRF_COOKIE_AGE = None
SECURE_HSTS_SECONDS = env.number("JORNADA_HSTS_SECONDS", default=31_536_000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.flag("JORNADA_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.flag("JORNADA_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# A worker's click to an outside site must not tell that site where it came from.
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
JORNADA_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; media-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

# --- E-mail ---------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.text("JORNADA_FROM_EMAIL", default="Jornada <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env.text("JORNADA_SMTP_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.number("JORNADA_SMTP_PORT", default=587, minimum=1)
    EMAIL_HOST_USER = env.text("JORNADA_SMTP_USER")
    EMAIL_HOST_PASSWORD = env.secret("JORNADA_SMTP_PASSWORD") or ""
    EMAIL_USE_TLS = env.flag("JORNADA_SMTP_TLS", default=True)
else:
    # Printed, with recipients' addresses hidden: a worker's address must never reach a log.
    EMAIL_BACKEND = "jornada.core.mail.ConsoleBackend"

# --- Background tasks -----------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[env.choice("JORNADA_TASKS", ("database", "immediate"), default="database")],
        "QUEUES": ["default"],
    }
}

# --- Logging: every line passes the privacy filter ------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "jornada.core.privacy.ScrubPersonalDataFilter"}},
    "formatters": {
        "plain": {
            "format": "{asctime} {levelname} {name} {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["scrub"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env.text("JORNADA_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own handlers would bypass the filter; route everything through the root.
        "django": {"handlers": [], "propagate": True, "level": "INFO"},
        "django.server": {"handlers": [], "propagate": True, "level": "INFO"},
    },
}

# --- Jornada ---------------------------------------------------------------------------------
# The first-render budget of every worker-facing page: HTML plus stylesheets, gzip-compressed.
JORNADA_PAGE_BUDGET_BYTES = 14 * 1024
JORNADA_SITE_NAME = "Jornada"
CSRF_FAILURE_VIEW = "jornada.core.views.csrf_failure"
# Where `jornada import_dol --download YEAR` fetches OFLC disclosure files from.
JORNADA_DOL_BASE_URL = env.url(
    "JORNADA_DOL_BASE_URL",
    default="https://www.dol.gov/sites/dolgov/files/ETA/oflc/pdfs",
    schemes=("https", "http"),
)
# Spanish numbers the Mexican way (12,400.50), see jornada/formats/es/formats.py.
FORMAT_MODULE_PATH = ["jornada.formats"]

# --- The site's public address ------------------------------------------------------------------
# Every link that leaves the site (invitations, password resets, follow confirmations and
# notices, printables' QR codes) is built from this, never from a request's Host header
# (core/site.py), so it is required in production.
JORNADA_BASE_URL = env.text("JORNADA_BASE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not JORNADA_BASE_URL:
    raise ImproperlyConfigured(
        "JORNADA_BASE_URL must be set when JORNADA_DEBUG is off: the site's public address, such as "
        "https://jornada.example.org, for the links in e-mails, text messages and printables."
    )
_base = urlsplit(JORNADA_BASE_URL)
if _base.scheme not in ("http", "https") or not _base.netloc or _base.query or _base.fragment:
    raise ImproperlyConfigured(
        f"JORNADA_BASE_URL={JORNADA_BASE_URL!r} must be an http(s) address such as https://jornada.example.org."
    )

# Pages the service worker keeps for reading without signal (URL names, in every language).
JORNADA_OFFLINE_PAGES = [
    "rights:index",
    "alerts:lookup",
]

# --- Read-only public traffic: directory search and the JSON API ---------------------------------
# Generous per-client limits: many workers can share one address. Each counts per hour.
# Directory searches (the search page and every page of its results) one client may make per hour.
JORNADA_SEARCHES_PER_HOUR = env.number("JORNADA_SEARCHES_PER_HOUR", default=600, minimum=1)
# Requests to the JSON API (/api/v1/) one client may make per hour, on top of any stricter limit.
JORNADA_API_REQUESTS_PER_HOUR = env.number("JORNADA_API_REQUESTS_PER_HOUR", default=1000, minimum=1)

# --- Worker reviews and other anonymous contributions (jornada.contributions, jornada.reviews) --
# Averages, answer counts and the reviews themselves appear only once this many are published.
JORNADA_REVIEWS_MIN_PUBLISHED = env.number("JORNADA_REVIEWS_MIN_PUBLISHED", default=3, minimum=1)
# New or edited contributions one client (known only by its hashed address) may send per hour.
JORNADA_CONTRIBUTIONS_PER_HOUR = env.number("JORNADA_CONTRIBUTIONS_PER_HOUR", default=30, minimum=1)

# --- Requests for help (jornada.intake) ---------------------------------------------------------
# Receipt codes matching no request that one client may type per hour (status page and API);
# past it, every code gets the same refusal, so guessing reveals nothing. Right codes do not count.
JORNADA_INTAKE_WRONG_CODES_PER_HOUR = env.number("JORNADA_INTAKE_WRONG_CODES_PER_HOUR", default=10, minimum=1)

# --- Scam warnings, look-up and follows (jornada.alerts) ---------------------------------------
# Look-ups one client may make per hour; generous, as a labour camp's Wi-Fi or a carrier's NAT
# puts many workers behind one address.
JORNADA_LOOKUPS_PER_HOUR = env.number("JORNADA_LOOKUPS_PER_HOUR", default=300, minimum=1)
# Followers' contacts are encrypted under a key derived from this (else from SECRET_KEY).
JORNADA_CONTACT_KEY = env.secret("JORNADA_CONTACT_KEY") or ""
# Text messages: "console" prints them (development), "twilio" posts to a Twilio-compatible API.
JORNADA_SMS_BACKEND = env.choice("JORNADA_SMS_BACKEND", ("console", "twilio"), default="console")
JORNADA_TWILIO_API_URL = env.url(
    "JORNADA_TWILIO_API_URL", default="https://api.twilio.com", schemes=("https", "http")
)
JORNADA_TWILIO_ACCOUNT_SID = env.text("JORNADA_TWILIO_ACCOUNT_SID")
JORNADA_TWILIO_AUTH_TOKEN = env.secret("JORNADA_TWILIO_AUTH_TOKEN") or ""
JORNADA_TWILIO_FROM = env.text("JORNADA_TWILIO_FROM")
if JORNADA_SMS_BACKEND == "twilio" and not (
    JORNADA_TWILIO_ACCOUNT_SID and JORNADA_TWILIO_AUTH_TOKEN and JORNADA_TWILIO_FROM
):
    raise ImproperlyConfigured(
        "JORNADA_SMS_BACKEND=twilio needs JORNADA_TWILIO_ACCOUNT_SID, JORNADA_TWILIO_AUTH_TOKEN "
        "(or JORNADA_TWILIO_AUTH_TOKEN_FILE) and JORNADA_TWILIO_FROM."
    )
# Attempts to deliver one notification before giving up (waits double each time, from a minute).
JORNADA_NOTIFY_ATTEMPTS = env.number("JORNADA_NOTIFY_ATTEMPTS", default=5, minimum=1)
# Confirmation messages one destination (a number or an address, known only by its keyed hash)
# may receive per day, whoever asks: a follow form must not be a way to flood someone's phone.
JORNADA_FOLLOW_DESTINATION_PER_DAY = env.number("JORNADA_FOLLOW_DESTINATION_PER_DAY", default=3, minimum=1)
# The word that stops text messages when the gateway handles it (Twilio's opt-out does, for
# "STOP"); empty: messages only give the unsubscribe link. Inbound replies arrive with messaging.
JORNADA_SMS_STOP_WORD = env.text("JORNADA_SMS_STOP_WORD")

# --- Text-message conversations (jornada.messaging) -------------------------------------------
# The address Twilio posts inbound messages to, exactly as configured at Twilio: the signature
# (X-Twilio-Signature) covers it, so it must match what Twilio sees, scheme and port included.
# Twilio signs with the account's auth token (JORNADA_TWILIO_AUTH_TOKEN): without it the
# webhook refuses every request.
JORNADA_MESSAGING_TWILIO_URL = env.text(
    "JORNADA_MESSAGING_TWILIO_URL", default=f"{JORNADA_BASE_URL}/messaging/twilio/"
)
# WhatsApp Cloud API (Meta): the app secret signs each event (X-Hub-Signature-256); the verify
# token answers Meta's GET handshake; the access token and phone number id send replies.
# Without the app secret the webhook refuses every event.
JORNADA_WHATSAPP_APP_SECRET = env.secret("JORNADA_WHATSAPP_APP_SECRET") or ""
JORNADA_WHATSAPP_VERIFY_TOKEN = env.secret("JORNADA_WHATSAPP_VERIFY_TOKEN") or ""
JORNADA_WHATSAPP_BACKEND = env.choice("JORNADA_WHATSAPP_BACKEND", ("console", "cloud"), default="console")
JORNADA_WHATSAPP_API_URL = env.url(
    "JORNADA_WHATSAPP_API_URL", default="https://graph.facebook.com/v21.0", schemes=("https", "http")
)
JORNADA_WHATSAPP_ACCESS_TOKEN = env.secret("JORNADA_WHATSAPP_ACCESS_TOKEN") or ""
JORNADA_WHATSAPP_PHONE_NUMBER_ID = env.text("JORNADA_WHATSAPP_PHONE_NUMBER_ID")
# An approved message template (one body parameter, approved in "es" and "en"): the only message
# WhatsApp allows more than 24 hours after the worker last wrote. Empty: such messages are not sent.
JORNADA_WHATSAPP_TEMPLATE = env.text("JORNADA_WHATSAPP_TEMPLATE")
# WhatsApp through Twilio: the WhatsApp sender's number (E.164; default JORNADA_TWILIO_FROM), and
# the ContentSid (HX…) of an approved template with one variable, {{1}}: Twilio's only message
# more than 24 hours after the worker last wrote. Empty: such messages are not sent.
JORNADA_TWILIO_WHATSAPP_FROM = env.text("JORNADA_TWILIO_WHATSAPP_FROM") or JORNADA_TWILIO_FROM
JORNADA_TWILIO_WHATSAPP_CONTENT_SID = env.text("JORNADA_TWILIO_WHATSAPP_CONTENT_SID")
if JORNADA_WHATSAPP_BACKEND == "cloud" and not (
    JORNADA_WHATSAPP_ACCESS_TOKEN and JORNADA_WHATSAPP_PHONE_NUMBER_ID
):
    raise ImproperlyConfigured(
        "JORNADA_WHATSAPP_BACKEND=cloud needs JORNADA_WHATSAPP_ACCESS_TOKEN (or its _FILE) and "
        "JORNADA_WHATSAPP_PHONE_NUMBER_ID."
    )
# A conversation (its state and the sender's encrypted number) is deleted after this many hours
# of silence; a half-finished report or request for help goes with it.
JORNADA_MESSAGING_CONVERSATION_HOURS = env.number(
    "JORNADA_MESSAGING_CONVERSATION_HOURS", default=24, minimum=1
)
# Messages one number may send per minute; past it, it is told once and the rest go unanswered.
JORNADA_MESSAGING_PER_MINUTE = env.number("JORNADA_MESSAGING_PER_MINUTE", default=20, minimum=1)

# --- Retention: what is deleted when (``jornada prune``, daily; stated on the privacy page) -----
# Finished background task results (their arguments and any error) are deleted after this.
JORNADA_RETENTION_TASK_DAYS = env.number("JORNADA_RETENTION_TASK_DAYS", default=7, minimum=1)
# A follow not confirmed within this many days is deleted, with its contact; its code expires.
JORNADA_RETENTION_UNCONFIRMED_FOLLOW_DAYS = env.number(
    "JORNADA_RETENTION_UNCONFIRMED_FOLLOW_DAYS", default=2, minimum=1
)
# Screenshots of a published warning are deleted this many months after the month it was published.
JORNADA_RETENTION_SCREENSHOT_MONTHS = env.number("JORNADA_RETENTION_SCREENSHOT_MONTHS", default=6, minimum=1)
