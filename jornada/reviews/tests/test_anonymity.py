"""The anonymity contract: nothing about the client reaches the database, the cache or any log.

A review is sent through the web form and through the API from a distinctive address (also in
X-Forwarded-For, which the rate limiter reads) with a distinctive user agent and referrer, then
edited and withdrawn with its receipt code. Afterwards the whole database (dumpdata plus a raw
SELECT * of every table, sessions, tasks and the audit log included), every log record (before
the privacy filter touches it, SQL statements with their parameters included) and the cache
are searched for them.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from jornada.contributions.periods import current_month
from jornada.reviews.models import Review
from jornada.reviews.tests.conftest import review_data, walk_form

ADDRESS = "203.0.113.197"
FORWARDED = "198.51.100.73"
AGENT = "Mozilla/5.0 (Linux; Android 8.1.0; ZZ-Probe-7731) JornadaAnonymityProbe/4.2"
REFERER = "https://referrer-probe.example/zz-ref-7731"
NEEDLES = (ADDRESS, FORWARDED, AGENT, "ZZ-Probe-7731", "JornadaAnonymityProbe", REFERER, "zz-ref-7731")
CLIENT_HEADERS = {
    "REMOTE_ADDR": ADDRESS,
    "HTTP_X_FORWARDED_FOR": f"{FORWARDED}, {ADDRESS}",
    "HTTP_USER_AGENT": AGENT,
    "HTTP_REFERER": REFERER,
}


class _RawRecords(logging.Handler):
    """Keeps every record as it was emitted, before any filter rewrites it."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def handle(self, record: logging.LogRecord) -> bool:  # before filters, unlike emit
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep its parts
            message = f"{record.msg!r} {record.args!r}"
        self.lines.append(f"{record.name} {message} {record.exc_text or ''} {record.__dict__!r}")
        return True

    def emit(self, record: logging.LogRecord) -> None:  # pragma: no cover - handle() does it
        pass


@pytest.fixture
def every_log_line(caplog: pytest.LogCaptureFixture) -> Iterator[list[str]]:
    """Capture every logger at DEBUG, with the project's own logging configuration in place."""
    raw = _RawRecords()
    root = logging.getLogger()
    root.handlers.insert(0, raw)
    loggers = [root, *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict))]
    levels = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    connection.force_debug_cursor = True  # every SQL statement and its parameters is logged
    try:
        yield raw.lines
    finally:
        connection.force_debug_cursor = False
        root.handlers.remove(raw)
        for logger, level in levels:
            logger.setLevel(level)
        raw.lines.extend(record.getMessage() for record in caplog.records)


def whole_database() -> str:
    """Return dumpdata of every app plus every row of every table, as text."""
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    parts = [out.getvalue()]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from introspection
            parts.append(f"{table}: {cursor.fetchall()!r}")
    return "\n".join(parts)


def cache_contents() -> str:
    store = getattr(cache, "_cache", {})
    return repr(list(store.keys())) + repr([bytes(value) for value in store.values()])


def _present(haystack: str) -> list[str]:
    return [needle for needle in NEEDLES if needle.lower() in haystack.lower()]


@pytest.mark.django_db
@override_settings(JORNADA_PROXY_COUNT=1)
def test_it_keeps_nothing_about_the_client_from_form_or_api(
    employer, every_log_line: list[str], capfd: pytest.CaptureFixture[str]
) -> None:
    """Form and API submissions, an edit and a withdrawal leave no address, agent or referrer anywhere."""
    browser = Client(**CLIENT_HEADERS)
    receipt_page = walk_form(browser, review_data(employer))
    assert receipt_page.status_code == 200
    code = receipt_page.context["code"]
    edited = browser.post("/es/reviews/new/", {"go": "edit", "receipt": code})
    assert edited.status_code == 200
    assert browser.post("/es/reviews/withdraw/", {"receipt": code, "confirm": "yes"}).status_code == 200

    api = Client(**CLIENT_HEADERS)
    payload = {
        "employer": employer.slug,
        "programme": "h2b",
        "season_year": 2025,
        "fees_charged": "yes",
        "text": "Cobran la visa.",
    }
    response = api.post("/api/v1/reviews", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    bad = api.post("/api/v1/reviews", "{not json", content_type="application/json")
    assert bad.status_code == 400

    assert Review.objects.count() == 2
    assert set(Review.objects.values_list("received_month", flat=True)) == {current_month()}
    assert not Session.objects.exists(), "an anonymous worker must never get a session row"
    assert every_log_line, "the log capture saw nothing: the test would prove nothing"
    assert any("INSERT" in line and "reviews_review" in line for line in every_log_line)

    database = whole_database()
    assert "reviews_review" in database
    assert "django_session" in database
    assert "core_auditevent" in database
    assert _present(database) == []
    assert _present("\n".join(every_log_line)) == []
    output = capfd.readouterr()
    assert _present(output.out + output.err) == []
    assert _present(cache_contents()) == []


def test_it_gives_a_review_no_time_finer_than_the_month() -> None:
    """No timestamp column, no auto-now field: only the month received."""
    from django.db import models

    timed = [
        field.name
        for field in Review._meta.concrete_fields
        if isinstance(field, models.DateTimeField | models.TimeField)
        or getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
    ]
    assert timed == []
    assert [f.name for f in Review._meta.concrete_fields if isinstance(f, models.DateField)] == [
        "received_month"
    ]
    names = {field.name for field in Review._meta.concrete_fields}
    assert not names & {
        "ip",
        "ip_address",
        "user_agent",
        "user",
        "account",
        "session",
        "created_at",
        "email",
        "phone",
    }
