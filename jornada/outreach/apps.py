from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "jornada.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from jornada.core.audit import register_actions
        from jornada.core.retention import register_pruner
        from jornada.outreach.reminders import reminder_follows_prune
        from jornada.outreach.services import tombstones_prune

        # A reminder's contact is kept until its event is over, then deleted.
        register_pruner("event_reminders", lambda: reminder_follows_prune())
        # A removed slot is published as cancelled until its last date has passed, then forgotten.
        register_pruner("event_removed_slots", lambda: tombstones_prune())
        register_actions(
            {
                "outreach.outcome_recorded": _("Recorded an event's attendance and referrals"),
                "outreach.case_linked": _("Linked a case to an event"),
                "outreach.intake_linked": _("Linked a request for help to an event"),
            }
        )
