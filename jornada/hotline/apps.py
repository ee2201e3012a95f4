from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "jornada.hotline"
    label = "hotline"
    verbose_name = _("Hotline")

    def ready(self) -> None:
        from jornada.cases.rotation import register_wrapped_keys
        from jornada.core.audit import register_actions
        from jornada.core.retention import register_pruner
        from jornada.hotline.keys import record_key_unwrap, record_key_wrap
        from jornada.hotline.models import Call, CallbackRequest
        from jornada.hotline.services import hotline_housekeeping

        register_actions(
            {
                "hotline.call_started": _("Started a hotline call record"),
                "hotline.call_saved": _("Saved part of a hotline call record"),
                "hotline.call_ended": _("Ended a hotline call record"),
                "hotline.call_read": _("Read a hotline call record"),
                "hotline.callback_requested": _("A worker asked the hotline for a callback"),
                "hotline.callback_taken": _("Took a callback request"),
                "hotline.callback_recorded": _("Recorded the result of a callback"),
                "hotline.callback_overdue": _("A callback request waited past the hotline's limit"),
                "hotline.report_exported": _("Exported the hotline report"),
            }
        )
        register_pruner("hotline numbers and overdue callbacks", hotline_housekeeping)
        register_wrapped_keys("hotline calls", Call, record_key_unwrap, record_key_wrap)
        register_wrapped_keys("hotline callbacks", CallbackRequest, record_key_unwrap, record_key_wrap)
