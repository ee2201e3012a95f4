from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "jornada.messaging"
    label = "messaging"
    verbose_name = _("Text messages")

    def ready(self) -> None:
        from jornada.alerts.sms import sms_attempted, sms_refused, sms_unsubscribed, whatsapp_requested
        from jornada.core.retention import register_pruner
        from jornada.messaging.health import sms_counted
        from jornada.messaging.services import (
            conversations_prune,
            follow_whatsapp_send,
            number_is_stopped,
            recipient_unsubscribed,
        )

        register_pruner("conversations", conversations_prune)
        sms_refused.connect(number_is_stopped, dispatch_uid="messaging.number_is_stopped")
        sms_unsubscribed.connect(recipient_unsubscribed, dispatch_uid="messaging.recipient_unsubscribed")
        sms_attempted.connect(sms_counted, dispatch_uid="messaging.sms_counted")
        whatsapp_requested.connect(follow_whatsapp_send, dispatch_uid="messaging.follow_whatsapp_send")
