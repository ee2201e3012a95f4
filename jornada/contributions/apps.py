from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    """What every anonymous public contribution shares: reviews now, scam reports next."""

    name = "jornada.contributions"
    label = "contributions"
    verbose_name = _("Anonymous contributions")
