from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "jornada.intake"
    label = "intake"
    verbose_name = _("Requests for help")

    def ready(self) -> None:
        from jornada.core.audit import register_actions
        from jornada.core.retention import register_pruner
        from jornada.intake.drafts import drafts_prune
        from jornada.intake.services import intakes_prune

        register_actions(
            {
                "intake.read": _("Read a request for help"),
                "intake.information_added": _("The worker added information to a request"),
                "intake.withdrawn": _("The worker withdrew a request for help"),
                "intake.accepted": _("Accepted a request for help as a case"),
                "intake.declined": _("Declined a request for help"),
                "intake.duplicate": _("Marked a request for help as a duplicate"),
                "intake.erased": _("Erased a request for help's personal details"),
                "intake.triaged": _("Triaged a request for help"),
                "intake.conflict_confirmed": _("Accepted a request for help despite a possible conflict"),
                "intake.taken_elsewhere": _("A request for help was taken in by another organisation"),
                "intake.opened_on_call": _("Opened a request for help for a caller on the hotline"),
            }
        )
        register_pruner("intakes", intakes_prune)
        register_pruner("intake drafts", drafts_prune)

        from jornada.cases.rotation import register_wrapped_keys
        from jornada.intake.keys import recipient_key_unwrap, recipient_key_wrap
        from jornada.intake.models import IntakeRecipient

        register_wrapped_keys("intake recipients", IntakeRecipient, recipient_key_unwrap, recipient_key_wrap)
