from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VocabularyConfig(AppConfig):
    name = "jornada.vocabulary"
    label = "vocabulary"
    verbose_name = _("Controlled vocabulary")

    def ready(self) -> None:
        from jornada.core.audit import register_actions
        from jornada.vocabulary.services import AUDIT_ACTIONS

        register_actions(AUDIT_ACTIONS)
