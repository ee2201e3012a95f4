from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "jornada.directory"
    label = "directory"
    verbose_name = _("Directory of employers and recruiters")

    def ready(self) -> None:
        from jornada.core.audit import register_actions

        register_actions(
            {
                "directory.employer_merged": _("Merged two employers"),
                "directory.employer_split": _("Split names off an employer"),
                "directory.recruiter_merged": _("Merged two recruiters"),
                "directory.recruiter_split": _("Split names off a recruiter"),
                "directory.import": _("Imported Department of Labor records"),
            }
        )
