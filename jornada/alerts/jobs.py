"""What the directory's signals start here: the DOL scan after an import (a background job) and
moving follows with a merge. ``tasks`` holds the sending.

Kept apart from ``tasks`` because services enqueue those: this module imports services, and
nothing imports it but the app's signal wiring.
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from jornada.alerts.services import follows_retarget, records_scan
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


def records_merged(*, kind: str, old: str, new: str, label: str, **kwargs: Any) -> None:
    """A directory merge, inside its transaction: follows and events move to the surviving record."""
    follows_retarget(kind=kind, old=old, new=new, label=label)
