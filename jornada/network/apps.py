from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "jornada.network"
    label = "network"
    verbose_name = _("Partner network")

    def ready(self) -> None:
        from jornada.cases.rotation import register_wrapped_keys
        from jornada.core.audit import register_actions
        from jornada.network.memory_keys import memory_key_unwrap, memory_key_wrap
        from jornada.network.models import PartnerMemoryKey
        from jornada.network.services import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)
        from jornada.network.relationships import AUDIT_ACTIONS as RELATIONSHIP_ACTIONS

        register_actions(RELATIONSHIP_ACTIONS)
        # Key rotation rewraps each organisation's relationship memory key like a case's.
        register_wrapped_keys(
            "relationship memory keys", PartnerMemoryKey, memory_key_unwrap, memory_key_wrap
        )
