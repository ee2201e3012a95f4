"""Background jobs that run services: the DOL scan after an import (``tasks`` holds the sending).

Kept apart from ``tasks`` because services enqueue those: a job here imports services, and
nothing imports a job but the app's signal wiring and management commands.
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from jornada.alerts.services import records_scan
from jornada.directory.models import ImportRun


@task()
def scan_records(*, run_id: int) -> None:
    """Record one event per followed employer or recruiter with cases in an import; safe to repeat."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is not None:
        records_scan(run=run)


def records_imported(*, run: ImportRun, **kwargs: Any) -> None:
    """When a DOL file's import has committed, look for cases that followers should hear of."""
    scan_records.enqueue(run_id=run.pk)
