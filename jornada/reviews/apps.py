from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "jornada.reviews"
    label = "reviews"
    verbose_name = _("Worker reviews")

    def ready(self) -> None:
        from jornada.core.audit import register_actions
        from jornada.core.services import register_membership_bar
        from jornada.directory.sections import register_profile_section
        from jornada.reviews.sections import employer_section, recruiter_section, section_generations
        from jornada.reviews.selectors import claim_bars_membership

        register_actions(
            {
                "reviews.queue_viewed": _("Read the queue of reviews waiting for moderation"),
                "reviews.review_opened": _("Opened a worker review"),
                "reviews.reply_opened": _("Opened an employer's reply"),
                "reviews.takedown_opened": _("Opened an employer's takedown request"),
                "reviews.review_published": _("Published a worker review"),
                "reviews.review_rejected": _("Did not publish a worker review"),
                "reviews.review_redacted": _("Removed personal details from a worker review"),
                "reviews.review_linked": _("Linked a worker review to the directory"),
                "reviews.reply_published": _("Published an employer's reply"),
                "reviews.reply_rejected": _("Did not publish an employer's reply"),
                "reviews.reply_redacted": _("Removed personal details from an employer's reply"),
                "reviews.reply_written": _("Wrote a reply as an employer"),
                "reviews.claim_opened": _("Opened an employer's claim"),
                "reviews.claim_verified": _("Verified an employer's claim"),
                "reviews.claim_refused": _("Refused an employer's claim"),
                "reviews.claim_revoked": _("Revoked an employer's claim"),
                "reviews.takedown_requested": _("Asked, as an employer, to take a review down"),
                "reviews.takedown_decided": _("Decided an employer's takedown request"),
            }
        )
        register_membership_bar(claim_bars_membership)
        # Beside the DOL records on the directory's profile pages (the directory uses 10 and 50).
        register_profile_section(
            "employer", order=20, render=employer_section, generations=section_generations()
        )
        register_profile_section(
            "recruiter", order=20, render=recruiter_section, generations=section_generations()
        )
