"""``jornada agreement_reminders``: e-mail keepers of agreements due for renewal. Run it daily."""

from typing import Any

from django.core.management.base import BaseCommand

from jornada.network.agreements import agreement_reminders_queue


class Command(BaseCommand):
    help = (
        "Queue one e-mail per agreement with a partner due for renewal within 30 days (or overdue), "
        "to the staff member who keeps it (or the organisation's administrators). Each renewal date is "
        "reminded of once. A task worker (jornada db_worker) sends them."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        queued = agreement_reminders_queue()
        self.stdout.write(f"Agreement reminders queued: {queued}.")
