"""One message sent by Jornada through a gateway's API (not as a TwiML answer), on any channel.

Used for WhatsApp replies through the Cloud API, replies retried after a gateway's transient
error, and follows' WhatsApp notifications. ``message_send`` raises ``SmsError`` or
``WhatsAppError`` (both carry the gateway's ``code`` and whether the failure is ``transient``)
and counts the attempt on the channel-health page. A gateway's "unsubscribed recipient" (21610)
stops the number, as a STOP does. Whether a number asked to stop, and WhatsApp's 24-hour window,
are for the callers to decide.
"""

from __future__ import annotations

from django.conf import settings

from jornada.alerts.sms import UNSUBSCRIBED_RECIPIENT, Sms, SmsError, send_sms, sms_unsubscribed
from jornada.alerts.sms import backend as sms_backend
from jornada.messaging.health import health_count
from jornada.messaging.models import ChannelKind, Direction
from jornada.messaging.whatsapp import WhatsAppError, send_whatsapp, send_whatsapp_template

SendError = (SmsError, WhatsAppError)


def message_send(*, channel: str, number: str, body: str, template: str = "", language: str = "es") -> None:
    """Send ``body`` to ``number`` on ``channel``; with ``template`` (WhatsApp), as that approved template's variable."""
    if channel == ChannelKind.TWILIO:
        send_sms(number, body)  # counted, and 21610 handled, by alerts' own signals
        return
    try:
        if channel == ChannelKind.WHATSAPP:
            if template:
                send_whatsapp_template(number, template, language, body)
            else:
                send_whatsapp(number, body)
        else:
            sender = f"whatsapp:{settings.JORNADA_TWILIO_WHATSAPP_FROM}"
            if template:
                sms_backend().send_content(f"whatsapp:{number}", template, {"1": body}, sender=sender)
            else:
                sms_backend().send(f"whatsapp:{number}", body, sender=sender)
    except SendError as error:
        health_count(channel=channel, direction=Direction.FAILED, error_code=str(error.code or "error"))
        if error.code == UNSUBSCRIBED_RECIPIENT:
            sms_unsubscribed.send(sender=Sms, number=number)
        raise
    health_count(channel=channel, direction=Direction.OUT)
