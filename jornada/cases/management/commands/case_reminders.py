"""``jornada case_reminders``: e-mail task owners their tasks due tomorrow or overdue. Run it daily."""

from typing import Any

from django.core.management.base import BaseCommand

from jornada.cases.reminders import task_reminders_queue


class Command(BaseCommand):
    help = (
        "Queue one e-mail per staff member with their case tasks due tomorrow or overdue (case "
        "numbers and links, never a task's text). Each task is reminded of once per due date, so "
        "running it again the same day sends nothing new. A task worker (jornada db_worker) sends them."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        owners = task_reminders_queue()
        self.stdout.write(f"Task reminders queued for {owners} staff member(s).")
