from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "jornada.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from jornada.cases.retention import cases_retention_prune
        from jornada.cases.work import WORK_ACTIONS
        from jornada.core.audit import register_actions
        from jornada.core.retention import register_pruner

        register_pruner("cases_retention", cases_retention_prune)

        register_actions(
            {
                "case.created": _("Opened a case"),
                "case.read": _("Read a case's personal details"),
                "case.updated": _("Changed a case's personal details"),
                "case.note_added": _("Added a note to a case"),
                "case.notes_read": _("Read a case's notes"),
                "case.anonymised": _("Anonymised a case (erased its personal details)"),
                "case.keys_rotated": _("Rewrapped the keys that protect case data"),
                "case.settings_updated": _("Changed how the organisation works its cases"),
                "case.assigned": _("Assigned a case to an advocate"),
                "case.party_added": _("Added a party to a case"),
                "case.categories_set": _("Changed a case's categories"),
                "case.urgency_set": _("Changed whether a case is urgent"),
                "case.evaluated": _("Recorded a case's evaluation"),
                "case.closing_recorded": _("Recorded a case's closing"),
                "case.step_approved": _("Approved a case's evaluation or closing"),
                "case.reopened": _("Reopened a case"),
            }
        )
        register_actions(WORK_ACTIONS)
