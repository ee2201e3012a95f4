"""Screenshot files date nothing finer than the month: times, folder times and names."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jornada.alerts.models import ScamReport, Screenshot
from jornada.alerts.services import report_changed
from jornada.alerts.tests.factories import report_data
from jornada.alerts.tests.test_reports import jpeg_with_gps
from jornada.contributions.models import Status

pytestmark = pytest.mark.django_db

MOMENT = dt.datetime(2031, 7, 19, 16, 42, 5, tzinfo=dt.UTC)
FIRST_OF_JULY = dt.datetime(2031, 7, 1, tzinfo=dt.UTC).timestamp()


def times(path: Path) -> tuple[float, float]:
    status = os.stat(path)
    return status.st_atime, status.st_mtime


def test_it_dates_a_screenshot_file_and_its_folder_to_the_month_only() -> None:
    """A stored screenshot's access and change times, and its folder's, are the month's first day;
    its name is random, with nothing of the upload's name, date or order."""
    upload = SimpleUploadedFile("IMG_20310719_164205.jpg", jpeg_with_gps(), content_type="image/jpeg")
    with mock.patch("django.utils.timezone.now", return_value=MOMENT):
        response = Client().post("/es/alerts/report/", {**report_data(), "screenshots": [upload]})
    assert response.status_code == 200, response.context["form"].errors
    shot = Screenshot.objects.get()
    path = Path(shot.image.path)
    assert times(path) == (FIRST_OF_JULY, FIRST_OF_JULY)
    assert times(path.parent) == (FIRST_OF_JULY, FIRST_OF_JULY)
    assert re.fullmatch(r"alerts/screenshots/[0-9a-f]{32}\.jpg", shot.image.name)
    assert "2031" not in shot.image.name


def test_it_dates_the_folder_to_the_month_when_a_screenshot_is_deleted() -> None:
    """Removing a withdrawn report's screenshot leaves no deletion time on its folder."""
    upload = SimpleUploadedFile("shot.jpg", jpeg_with_gps(), content_type="image/jpeg")
    Client().post("/es/alerts/report/", {**report_data(), "screenshots": [upload]})
    path = Path(Screenshot.objects.get().image.path)
    report = ScamReport.objects.get()
    report.status = Status.WITHDRAWN
    with mock.patch("django.utils.timezone.now", return_value=MOMENT):
        report_changed(report)
    assert not path.exists()
    assert times(path.parent) == (FIRST_OF_JULY, FIRST_OF_JULY)
