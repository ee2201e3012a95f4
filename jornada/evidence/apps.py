from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "jornada.evidence"
    label = "evidence"
    verbose_name = _("Evidence")

    def ready(self) -> None:
        from jornada.core.audit import register_actions
        from jornada.evidence.signals import connect

        connect()
        register_actions({"evidence.activity_exported": _("Exported the organisation's activity report")})
