from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "jornada.rights"
    label = "rights"
    verbose_name = _("Know your rights")

    def ready(self) -> None:
        from jornada.core.audit import register_actions
        from jornada.rights.services import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)
