"""A worker asking for help, in production configuration, leaves no trace of their device and no contact detail in clear.

The whole interview is walked through the real views from distinctive IPv4 addresses (also in
X-Forwarded-For) with a distinctive user agent, contact by a marker e-mail address. The
settings are the production ones that matter here: DEBUG off, the database cache, one proxy.
Then everything the deployment keeps is read back: every row of every table (raw SQL, the
cache table included), the cache's entries decoded and every log record (SQL statements with
their parameters included). The address and user agent appear nowhere; the e-mail address,
the name and the story appear nowhere in clear, and the receiving organisation can read them.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings

from jornada.contributions.tests.test_anonymity_everywhere import (
    PRODUCTION_CACHE,
    _cache_entries,
    _every_table,
)
from jornada.intake.models import Intake
from jornada.intake.selectors import intake_personal_read
from jornada.intake.tests.walk import STEP_DATA, Walk
from jornada.reviews.tests.test_anonymity import every_log_line  # noqa: F401 - a fixture

IPV4 = "203.0.113.219"
IPV4_FORWARDED = "198.51.100.219"
AGENT = "Mozilla/5.0 (Linux; Android 8; QQ-Ayuda-6613) JornadaIntakeProbe/1.0"
EMAIL = "marcador.ayuda.6613@example.org"
NAME = "Nombre-Marcador-6613"
STORY = "Relato-Marcador-6613"
DEVICE_NEEDLES = (IPV4, IPV4_FORWARDED, AGENT, "QQ-Ayuda-6613", "JornadaIntakeProbe")
CLEAR_NEEDLES = (EMAIL, "marcador.ayuda.6613", NAME, STORY)


@pytest.mark.django_db
def test_it_keeps_no_device_trace_and_no_contact_detail_in_clear(
    taking: Any,
    every_log_line: list[str],  # noqa: F811 - the fixture imported above
    django_capture_on_commit_callbacks: Any,
) -> None:
    """No address or user agent anywhere; the e-mail, name and story only sealed, readable by the recipient."""
    with override_settings(DEBUG=False, CACHES=PRODUCTION_CACHE, JORNADA_PROXY_COUNT=1):
        call_command("createcachetable", verbosity=0)
        cache.clear()
        client = Client(
            REMOTE_ADDR=IPV4, HTTP_X_FORWARDED_FOR=f"{IPV4_FORWARDED}, {IPV4}", HTTP_USER_AGENT=AGENT
        )
        walk = Walk(client)
        with django_capture_on_commit_callbacks(execute=True):
            walk.answer_all(
                {
                    "what": {"narrative": STORY},
                    "contact": {"contact_channel": "email"},
                    "contact_details": {"contact": EMAIL, "worker_name": NAME, "safe_times": ""},
                }
            )
            # The resume code travels and is resumed too, as a worker coming back would.
            assert client.post("/es/ayuda/", {"go": "resume", "resume": walk.code}).status_code == 200
            assert walk.send().status_code == 200

        everything = "\n".join([_every_table(), _cache_entries(), *every_log_line])
        assert [needle for needle in DEVICE_NEEDLES if needle.lower() in everything.lower()] == []
        assert [needle for needle in CLEAR_NEEDLES if needle.lower() in everything.lower()] == []

    personal = intake_personal_read(user=taking.alice, intake_id=Intake.objects.get().pk)
    assert (personal.contact, personal.worker_name, personal.narrative) == (EMAIL, NAME, STORY)


def test_the_walk_data_is_what_the_test_changes() -> None:
    """The marker answers replace the ordinary ones (so the test really sends the markers)."""
    assert STEP_DATA["contact_details"]["contact"] != EMAIL
