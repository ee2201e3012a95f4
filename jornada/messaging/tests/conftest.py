from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings

from jornada.alerts import sms
from jornada.core import ratelimit
from jornada.messaging import whatsapp
from jornada.messaging.tests.helpers import SETTINGS
from jornada.reviews.tests.test_anonymity import every_log_line  # noqa: F401 - a shared fixture


@pytest.fixture(autouse=True)
def gateway_settings() -> Iterator[None]:
    """Secrets configured as at a real deployment; outboxes and rate counters empty."""
    sms.outbox.clear()
    whatsapp.outbox.clear()
    ratelimit.forget_process_state()
    with override_settings(**SETTINGS):
        yield
    sms.outbox.clear()
    whatsapp.outbox.clear()


@pytest.fixture
def taking(three_orgs: Any) -> Any:
    """Organisation A takes requests in Spanish and English."""
    from jornada.intake.tests.helpers import accepting

    accepting(three_orgs.a, languages=["es", "en"])
    return three_orgs
