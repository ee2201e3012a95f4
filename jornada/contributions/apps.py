from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    """What every anonymous public contribution shares: reviews now, scam reports next."""

    name = "jornada.contributions"
    label = "contributions"
    verbose_name = _("Anonymous contributions")

    def ready(self) -> None:
        from jornada.contributions.order import arrival_order_forget  # models load only once apps are ready
        from jornada.core.retention import register_pruner

        register_pruner("contribution_arrival_order", arrival_order_forget)
