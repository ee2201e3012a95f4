from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jornada.referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from jornada.cases.rotation import register_wrapped_keys
        from jornada.referrals.keys import holder_key_unwrap, holder_key_wrap
        from jornada.referrals.models import ReferralKey

        # Key rotation rewraps each holder's copy of a referral's key like a case's.
        register_wrapped_keys("referral keys", ReferralKey, holder_key_unwrap, holder_key_wrap)
        from jornada.cases.work import register_case_eraser
        from jornada.referrals.services import referrals_erase

        # Anonymising a case erases what its referrals copied, on the receiver's side too.
        register_case_eraser("referrals", referrals_erase)
