from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "jornada.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from jornada.cases.work import WORK_ACTIONS
        from jornada.core.audit import register_actions

        register_actions(
            {
                "case.created": _("Opened a case"),
                "case.read": _("Read a case's personal details"),
                "case.updated": _("Changed a case's personal details"),
                "case.note_added": _("Added a note to a case"),
                "case.notes_read": _("Read a case's notes"),
                "case.anonymised": _("Anonymised a case (erased its personal details)"),
                "case.keys_rotated": _("Rewrapped the keys that protect case data"),
            }
        )
        register_actions(WORK_ACTIONS)
