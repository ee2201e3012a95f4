"""What is deleted when: every retention period the privacy page states, applied daily.

``retention_prune`` runs as the ``core.tasks.prune`` task and as ``jornada prune`` (run it once a
day from cron or a systemd timer). Apps register what they keep for a limited time
(``register_pruner``, from their ``AppConfig.ready``); this module prunes what the project
shares: finished background task results (arguments and errors included), expired sessions,
expired rate-limit counters with past days' hashing keys (``ratelimit.prune``), and marks staff
invitations left unanswered for INVITATION_VALID_DAYS expired.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jornada.core import ratelimit

_PRUNERS: dict[str, Callable[[], int]] = {}


def register_pruner(name: str, prune: Callable[[], int]) -> None:
    """Have ``retention_prune`` run ``prune`` (which returns how many things it deleted)."""
    _PRUNERS[name] = prune


@transaction.atomic
def task_results_prune() -> int:
    """Delete finished task results older than JORNADA_RETENTION_TASK_DAYS; return how many."""
    cutoff = timezone.now() - dt.timedelta(days=settings.JORNADA_RETENTION_TASK_DAYS)
    old = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)
    count = old.count()
    DBTaskResult.objects.filter(pk__in=old.values("pk")).delete()
    return count


def sessions_prune() -> int:
    """Delete expired sessions (whatever the session engine); return how many rows went, if known."""
    before = (
        Session.objects.count() if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db" else 0
    )
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return before - Session.objects.count() if before else 0


def retention_prune() -> dict[str, int]:
    """Apply every retention period now; return what was deleted, by name."""
    from jornada.core.services import invitations_expire  # services imports tasks, which import this

    done = {
        "task_results": task_results_prune(),
        "sessions": sessions_prune(),
        "rate_counters": ratelimit.prune(),
        "invitations_expired": invitations_expire(),
    }
    for name, prune in sorted(_PRUNERS.items()):
        done[name] = prune()
    return done
