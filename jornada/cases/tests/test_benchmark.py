"""The cases benchmark (benchmarks/cases.py) at a tiny size, so that it keeps working as cases grow."""

from __future__ import annotations

import pytest
from django.urls import reverse

from benchmarks import cases as bench
from benchmarks.common import staff_client
from jornada.cases.selectors import case_notes_read, case_personal_read
from jornada.core.models import AuditEvent, User


@pytest.fixture
def generated(db: None) -> bench.Generated:
    return bench.populate(cases=60, notes=400, organisations=3, progress=None)


def test_it_writes_cases_the_app_opens(generated: bench.Generated) -> None:
    """Every generated case and note opens through the audited selectors with the real keys."""
    reader = User.objects.get(pk=generated.reader_id)
    personal = case_personal_read(user=reader, case_id=generated.typical_id)
    assert personal.worker_name.endswith("(ficticio)")
    assert len(personal.narrative) >= 40
    notes = case_notes_read(user=reader, case_id=generated.heavy_id)
    assert len(notes) == generated.heavy_notes == 200
    assert all(note.text and note.author_name for note in notes)
    assert [note.created_at for note in notes] == sorted(note.created_at for note in notes)
    from jornada.cases.models import Case, CaseNote

    assert Case.objects.count() == 60 + 2  # and the two clear twins
    assert CaseNote.objects.count() == 400 + generated.typical_notes + generated.heavy_notes


def test_it_measures_every_page_through_the_views(generated: bench.Generated) -> None:
    """The measurement signs in with a second factor, gets 200 from every page and reports figures."""
    result = bench.measure(generated, repeats=2, pairs=2)
    assert set(result["pages"]) == set(bench._pages(generated))
    assert all(figures["n"] == 2 and figures["p95_ms"] > 0 for figures in result["pages"].values())
    assert all(figures["ratio"] > 0 for figures in result["overhead"].values())
    assert AuditEvent.objects.filter(action="case.read", actor_id=generated.reader_id).exists()
    assert bench._rows(result)
    assert bench._overhead_rows(result)


def test_it_renders_the_clear_twin_like_the_sealed_case(generated: bench.Generated) -> None:
    """The twin's page, read in clear, shows the same worker and notes as the sealed case's page."""
    client = staff_client(generated.reader_id)
    sealed = client.get(reverse("cases:detail", args=[generated.typical_id])).content.decode()
    with bench._in_clear():
        clear = client.get(
            reverse("cases:detail", args=[generated.twins[generated.typical_id]])
        ).content.decode()
    reader = User.objects.get(pk=generated.reader_id)
    name = case_personal_read(user=reader, case_id=generated.typical_id).worker_name
    assert name in sealed
    assert name in clear
    assert sealed.count("<li>") == clear.count("<li>") >= generated.typical_notes
