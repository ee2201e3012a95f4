"""Background work of the evidence: rebuilding the publication after its sources change."""

from __future__ import annotations

from django.core.cache import cache
from django_tasks import task

from jornada.evidence.publication import REBUILD_QUEUED_KEY, publication_store


@task()
def publication_rebuild() -> None:
    """Build the publication again and replace the one readers see (no arguments, nothing personal)."""
    cache.delete(REBUILD_QUEUED_KEY)  # a change from now on queues the next rebuild
    publication_store()
