"""The monthly snapshot: kept once per month, downloadable with its dictionary, licence and citation."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from django.test import Client
from django.urls import reverse

from jornada.evidence.snapshots import snapshot_take
from jornada.evidence.tests.helpers import reviews


def test_it_keeps_one_snapshot_a_month_and_serves_it_as_a_zip(mixed: None, client: Client) -> None:
    """A month's snapshot is kept once; later changes do not alter it; the zip holds protected CSVs."""
    first = snapshot_take(today=dt.date(2026, 3, 5))
    reviews(20)
    assert snapshot_take(today=dt.date(2026, 3, 20)).tables == first.tables
    response = client.get(reverse("evidence:snapshot_download", args=["2026-03"]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"data-dictionary.csv", "LICENCE.txt", "CITATION.txt", "reviews-category-year.csv"} <= names
    assert "2026-03" in archive.read("CITATION.txt").decode()
    assert "CC BY 4.0" in archive.read("LICENCE.txt").decode()
    for name in names - {"data-dictionary.csv", "LICENCE.txt", "CITATION.txt"}:
        lines = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
        column = lines[1].index("#affected+num")
        assert not set(range(1, 11)) & {int(line[column]) for line in lines[2:] if line[column]}, name
    assert client.get(reverse("evidence:snapshot_download", args=["2026-04"])).status_code == 404
    assert "2026-03" in client.get(reverse("evidence:snapshots")).content.decode()
