from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "jornada.alerts"
    label = "alerts"
    verbose_name = _("Scam warnings")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from jornada.alerts.jobs import records_imported as scan_after_import
        from jornada.alerts.jobs import records_merged as follow_merge
        from jornada.alerts.models import WARNINGS
        from jornada.alerts.sections import employer_section, recruiter_section, review_saved
        from jornada.alerts.services import follows_prune, screenshots_prune
        from jornada.core.audit import register_actions
        from jornada.core.retention import register_pruner
        from jornada.directory.sections import register_profile_section
        from jornada.directory.signals import records_imported, records_merged
        from jornada.reviews.models import Review

        register_actions(
            {
                "alerts.queue_viewed": _("Read the queue of scam reports waiting for moderation"),
                "alerts.report_opened": _("Opened a scam report"),
                "alerts.screenshot_viewed": _("Looked at a scam report's screenshot"),
                "alerts.report_published": _("Published a scam warning"),
                "alerts.report_rejected": _("Did not publish a scam report"),
                "alerts.report_redacted": _("Removed personal details from a scam report"),
            }
        )
        # After what workers say (reviews use 20), before the seasons (the directory uses 50).
        register_profile_section("employer", order=30, render=employer_section, generations=(WARNINGS,))
        register_profile_section("recruiter", order=30, render=recruiter_section, generations=(WARNINGS,))
        post_save.connect(review_saved, sender=Review, dispatch_uid="alerts.review_saved")
        records_imported.connect(scan_after_import, dispatch_uid="alerts.records_imported")
        records_merged.connect(follow_merge, dispatch_uid="alerts.records_merged")
        register_pruner("unconfirmed_follows", follows_prune)
        register_pruner("screenshots", screenshots_prune)
