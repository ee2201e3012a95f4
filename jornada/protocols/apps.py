from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolsConfig(AppConfig):
    name = "jornada.protocols"
    label = "protocols"
    verbose_name = _("Protocols")

    def ready(self) -> None:
        from jornada.cases.work import register_case_eraser
        from jornada.core.audit import register_actions
        from jornada.protocols.erasure import case_protocol_erase

        # Anonymising a case erases its sealed protocol answers and coarsens their times.
        register_case_eraser("protocol_steps", lambda case: case_protocol_erase(case=case))

        register_actions(
            {
                "protocol.chosen": _("Chose the protocol a case follows"),
                "protocol.read": _("Read a case's protocol steps and answers"),
                "protocol.step_completed": _("Completed a protocol step of a case"),
                "protocol.step_approved": _("Approved a protocol step of a case"),
                "protocol.exported": _("Downloaded a non-identifying export of protocol cases"),
            }
        )
