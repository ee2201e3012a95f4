"""Gunicorn settings for production: ``gunicorn -c python:jornada.gunicorn jornada.wsgi``.

The access log holds method, path (never the query string, which may carry a worker's search),
status, size and duration: no client address, user agent or referrer. Every line, access and
error, passes the same personal-data filter as the application's own logs.
"""

from jornada.env import Env

env = Env()

bind = env.text("JORNADA_BIND", default="127.0.0.1:8000")
workers = env.number("JORNADA_WEB_WORKERS", default=2, minimum=1)
threads = env.number("JORNADA_WEB_THREADS", default=4, minimum=1)
worker_class = "gthread"
timeout = env.number("JORNADA_WEB_TIMEOUT", default=60, minimum=5)
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then; bounds the cost of any slow leak
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# Gunicorn's own forwarded-header handling is not needed: Django reads X-Forwarded-Proto itself.
forwarded_allow_ips = ""
proxy_allow_ips = ""

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "jornada.core.privacy.ScrubPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["scrub"], "formatter": "plain"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
