"""The demo line: created by ``demo_data``, with calls and callbacks, and idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from jornada.hotline.demo import DEMO_HOTLINE_SLUG
from jornada.hotline.models import Call, CallbackRequest, Hotline
from jornada.hotline.report import default_period, hotline_report

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_it_creates_a_fictional_line_with_calls_and_callbacks_once() -> None:
    """Running twice gives one line of the fictional organisation, six calls (one opening a request) and three callbacks."""
    call_command("demo_data", json=True, stdout=StringIO())
    call_command("demo_data", json=True, stdout=StringIO())
    hotline = Hotline.objects.get(slug=DEMO_HOTLINE_SLUG)
    assert hotline.organisation.is_fictional
    assert Call.objects.filter(hotline=hotline).count() == 6
    assert Call.objects.filter(hotline=hotline, intake__isnull=False).count() == 1
    assert CallbackRequest.objects.filter(hotline=hotline).count() == 3
    assert CallbackRequest.objects.filter(overdue_flagged_at__isnull=False).count() == 1
    start, end = default_period()
    report = hotline_report(hotline=hotline, start=start, end=end)
    assert report.totals.rows[0][1] == 6
