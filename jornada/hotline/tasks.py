"""Background work for the hotline: telling a worker their callback is scheduled.

The task takes an id only: the task table never holds a number or an address. A failed send is
logged without the number (``describe_error``) and not retried: the callback happens anyway.
"""

from __future__ import annotations

import logging

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django_tasks import task

from jornada.alerts.sms import send_sms
from jornada.core.mail import describe_error, send_mail_scrubbed
from jornada.hotline.keys import record_key_unwrap, sealed_get
from jornada.hotline.models import CallbackRequest, CallbackStatus, NoticeChannel

logger = logging.getLogger(__name__)


@task()
def send_callback_notice(*, callback_id: int) -> None:
    """Send the worker the hours of their callback, by the channel they chose."""
    callback = (
        CallbackRequest.objects.filter(pk=callback_id, status=CallbackStatus.WAITING, data_key__isnull=False)
        .select_related("hotline")
        .first()
    )
    if callback is None or callback.notice_channel == NoticeChannel.NONE:
        return
    contact = sealed_get(callback, record_key_unwrap(callback), "notice_contact")
    if not contact:
        return
    zone = callback.hotline.zone()
    with translation.override("en" if callback.language == "en" else "es"):
        body = _("%(hotline)s will call you on %(day)s between %(start)s and %(end)s.") % {
            "hotline": callback.hotline.name,
            "day": formats.date_format(callback.window_start.astimezone(zone).date(), "DATE_FORMAT"),
            "start": callback.window_start.astimezone(zone).strftime("%H:%M"),
            "end": callback.window_end.astimezone(zone).strftime("%H:%M"),
        }
        subject = _("Your callback is scheduled")
    try:
        if callback.notice_channel == NoticeChannel.SMS:
            send_sms(contact, body)
        else:
            send_mail_scrubbed(subject, body, [contact])
    except Exception as error:
        logger.warning("callback notice %s failed: %s", callback_id, describe_error(error, contact))
