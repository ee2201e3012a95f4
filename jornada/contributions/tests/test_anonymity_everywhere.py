"""The whole system, in production configuration, keeps nothing that could find a contribution's author.

A review and a scam report with a screenshot are sent through the real views from distinctive
IPv4 and IPv6 addresses (also in X-Forwarded-For) with a distinctive user agent; a moderator
opens and publishes both, a follower is told, and every queued task runs. The settings are the
production ones that matter here: DEBUG off and the database cache. Then everything the
deployment keeps is read back: every row of every table of every installed app (through the
models and with raw SQL, the cache table and the task rows included), the cache's entries
decoded, the media files and every log record. No marker may appear anywhere, and every row
that names a contribution (the contribution itself, its screenshots and identifiers, audit
events and follower events about it) may carry a time no finer than its day, and no key drawn
from a sequence, which would order it among its neighbours by arrival.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import os
import pickle
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, models
from django.test import Client, override_settings

from jornada.alerts.models import ScamReport
from jornada.alerts.services import follow_confirm, follow_subscribe
from jornada.alerts.tests.factories import report_data
from jornada.alerts.tests.test_reports import _sent_code, jpeg_with_gps
from jornada.contributions.models import Status
from jornada.contributions.scanner import hits_fingerprint, scan_fields
from jornada.reviews.models import Review
from jornada.reviews.tests.conftest import employer, review_data, walk_form  # noqa: F401 - a fixture
from jornada.reviews.tests.test_anonymity import every_log_line  # noqa: F401 - a fixture

IPV4 = "203.0.113.151"
IPV4_FORWARDED = "198.51.100.151"
IPV6 = "2001:db8:7731:4242:a1b2:c3d4:e5f6:7788"
IPV6_FORWARDED = "2001:db8:9931:1:2:3:4:5"
AGENT = "Mozilla/5.0 (Linux; Android 9; QQ-Marker-5521) JornadaEverywhereProbe/1.0"
NEEDLES = (
    IPV4,
    IPV4_FORWARDED,
    IPV6,
    IPV6_FORWARDED,
    "2001:db8:7731:4242",  # the /64 an IPv6 client is limited by
    "2001:db8:9931:1",
    "2001:0db8:7731",
    AGENT,
    "QQ-Marker-5521",
    "JornadaEverywhereProbe",
)
PRODUCTION_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "jornada_cache_anonymity_test",
    }
}


def _client(remote: str, forwarded: str) -> Client:
    return Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=f"{forwarded}, {remote}", HTTP_USER_AGENT=AGENT)


def _rows_of_every_model() -> dict[type[models.Model], list[dict[str, Any]]]:
    """Every row of every installed model, as the ORM reads it (sessions decoded)."""
    rows: dict[type[models.Model], list[dict[str, Any]]] = {}
    for model in apps.get_models(include_auto_created=True):
        rows[model] = list(model._base_manager.values())
    rows[Session] = [
        {**row, "decoded": Session.objects.get(pk=row["session_key"]).get_decoded()} for row in rows[Session]
    ]
    return rows


def _every_table() -> str:
    """Every row of every table, models or not, read with raw SQL."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - from introspection
            parts.append(f"{table}: {cursor.fetchall()!r}")
    return "\n".join(parts)


def _cache_entries() -> str:
    """Every key and value in the database cache, the values unpickled."""
    parts = []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key, value, expires FROM {PRODUCTION_CACHE['default']['LOCATION']}")  # noqa: S608
        for key, value, expires in cursor.fetchall():
            raw = base64.b64decode(value)
            with contextlib.suppress(zlib.error):
                raw = zlib.decompress(raw)
            parts.append(f"{key} {expires} {raw!r} {pickle.loads(raw)!r}")  # noqa: S301 - our own cache
    return "\n".join(parts)


def _media(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def _present(haystack: str) -> list[str]:
    return [needle for needle in NEEDLES if needle.lower() in haystack.lower()]


def _names_a_contribution(row: dict[str, Any], ids: set[str]) -> bool:
    return any(
        isinstance(value, str | object) and any(i in str(value) for i in ids) for value in row.values()
    )


def _finer_than_a_day(value: Any) -> bool:
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC)
        return (value.hour, value.minute, value.second, value.microsecond) != (0, 0, 0, 0)
    return False


def _contribute_moderate_and_tell(
    subject: Any, staff: Client, run_tasks: Any, capture: Any
) -> tuple[Review, ScamReport]:
    """Send a review (IPv4) and a scam report with a screenshot (IPv6), publish both, tell a follower."""
    with capture(execute=True):
        follow_subscribe(
            kind="employer",
            target=subject.slug,
            target_label=subject.name,
            channel="email",
            contact="seguidora.ficticia@example.org",
            language="es",
            base_url="https://jornada.example",
        )
    run_tasks()  # the confirmation task makes the code and sends it
    follow_confirm(code=_sent_code())
    reviewing = _client(IPV4, IPV4_FORWARDED)
    assert walk_form(reviewing, review_data(subject)).status_code == 200
    reporting = _client(IPV6, IPV6_FORWARDED)
    screenshot = SimpleUploadedFile("IMG_20251114_juana.jpg", jpeg_with_gps(), content_type="image/jpeg")
    data = {**report_data(offer_subject=subject.name), "screenshots": [screenshot]}
    assert reporting.post("/es/alerts/report/", data).status_code == 200
    review, report = Review.objects.get(), ScamReport.objects.get()
    for page, contribution in (
        (f"/es/staff/reviews/{review.pk}/", review),
        (f"/es/staff/alerts/{report.pk}/", report),
    ):
        assert staff.get(page).status_code == 200
        confirmed = {"checked": "on", "reviewed": hits_fingerprint(scan_fields(contribution))}
        assert staff.post(page, {"action": "publish", **confirmed}).status_code == 302
    run_tasks()
    review.refresh_from_db()
    report.refresh_from_db()
    assert (review.status, report.status) == (Status.PUBLISHED, Status.PUBLISHED)
    return review, report


@pytest.mark.django_db
def test_it_keeps_no_trace_of_the_client_and_no_exact_time_or_arrival_order_beside_a_contribution(
    employer,  # noqa: F811 - the fixture imported above
    three_orgs: Any,
    staff_client: Any,
    run_tasks: Any,
    every_log_line: list[str],  # noqa: F811
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """No marker anywhere; rows naming a contribution carry no time finer than the day and no sequence key."""
    with override_settings(
        DEBUG=False, CACHES=PRODUCTION_CACHE, MEDIA_ROOT=str(tmp_path / "media"), JORNADA_PROXY_COUNT=1
    ):
        call_command("createcachetable", verbosity=0)
        cache.clear()
        staff = staff_client(three_orgs.alice)
        with django_capture_on_commit_callbacks(execute=True):  # as each request's commit would
            review, report = _contribute_moderate_and_tell(
                employer, staff, run_tasks, django_capture_on_commit_callbacks
            )
        run_tasks()  # the deliveries queued when the publications committed

        rows = _rows_of_every_model()
        everything = "\n".join(
            [repr(rows), _every_table(), _cache_entries(), *every_log_line]
            + [path.read_bytes().decode("latin-1") + str(path) for path in _media(tmp_path / "media")]
        )
        assert _present(everything) == []

        ids = {str(review.pk), str(report.pk), review.pk.hex, report.pk.hex}
        near = {
            model: [row for row in model_rows if _names_a_contribution(row, ids)]
            for model, model_rows in rows.items()
            if model is not Session
        }
        near = {model: found for model, found in near.items() if found}
        labels = {model._meta.label for model in near}
        assert {
            "reviews.Review",
            "alerts.ScamReport",
            "alerts.Screenshot",
            "core.AuditEvent",
            "alerts.Event",
        } <= labels
        exact = {
            f"{model._meta.label}.{name}": value
            for model, found in near.items()
            for row in found
            for name, value in row.items()
            if _finer_than_a_day(value)
        }
        assert exact == {}
        children = {
            related.related_model
            for model in near
            for related in model._meta.related_objects
            if related.related_model in rows
        }
        sequences = sorted(
            model._meta.label
            for model in {*near, *children}
            if isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.SmallAutoField)
        )
        assert sequences == []
        for model in (Review, ScamReport):
            assert all(row["received_month"].day == 1 for row in rows[model])


@pytest.mark.django_db
def test_it_dates_media_files_by_their_month_at_most(tmp_path: Path) -> None:
    """A screenshot's file keeps no modification or access time finer than its month."""
    with override_settings(MEDIA_ROOT=str(tmp_path / "media")):
        screenshot = SimpleUploadedFile("shot.jpg", jpeg_with_gps(), content_type="image/jpeg")
        assert (
            Client().post("/es/alerts/report/", {**report_data(), "screenshots": [screenshot]}).status_code
            == 200
        )
        files = _media(tmp_path / "media")
    assert files
    for path in files:
        stat = os.stat(path)
        for stamp in (stat.st_mtime, stat.st_atime):
            moment = dt.datetime.fromtimestamp(stamp, dt.UTC)
            assert (moment.day, moment.hour, moment.minute, moment.second) == (1, 0, 0, 0)
