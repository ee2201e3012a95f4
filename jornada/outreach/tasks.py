"""Background work for outreach, run by ``jornada db_worker``: no argument, so nothing personal."""

from __future__ import annotations

from django_tasks import task

from jornada.outreach.reminders import reminders_send


@task()
def send_reminders() -> int:
    """Record tomorrow's reminders (each delivery is its own ``alerts`` task, by id)."""
    return reminders_send()
