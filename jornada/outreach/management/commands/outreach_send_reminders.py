from typing import Any

from django.core.management.base import BaseCommand

from jornada.outreach.reminders import reminders_send


class Command(BaseCommand):
    help = "Queue the reminders of events that start within a day (run hourly from cron; safe to repeat)."

    def handle(self, *args: Any, **options: Any) -> None:
        recorded = reminders_send()
        self.stdout.write(f"{recorded} event reminders queued.")
