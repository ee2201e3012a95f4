from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "jornada.network"
    label = "network"
    verbose_name = _("Partner network")

    def ready(self) -> None:
        from jornada.core.audit import register_actions
        from jornada.network.services import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)
        from jornada.network.relationships import AUDIT_ACTIONS as RELATIONSHIP_ACTIONS

        register_actions(RELATIONSHIP_ACTIONS)
