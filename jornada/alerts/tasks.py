"""Background work for alerts, run by ``jornada db_worker``: confirmations and notifications.

Every task takes ids only: the task table (arguments, results, tracebacks) never holds an
address, a number or a code. The confirmation code is generated inside ``send_confirmation``
and only its hash is stored; a failed send is recorded as its error class and a message with
addresses and numbers removed, never with the original exception chained.

A notification is sent at most once per (follow, event): its ``Delivery`` row is claimed by a
conditional UPDATE (pending or failed → sending) before anything is sent, so a task run twice,
or two workers running the same task, send one message. A failed send is retried with a
doubling delay up to ``JORNADA_NOTIFY_ATTEMPTS`` times. A worker that dies between claiming and
sending leaves the row "sending": that message is lost rather than risked twice.

Tasks that call services (the DOL scan, retention) live in ``jobs``: services enqueue these
tasks, so these import no service.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import default_task_backend, task

from jornada.alerts.crypto import decrypt_contact
from jornada.alerts.links import unsubscribe_token
from jornada.alerts.models import Channel, Delivery, Follow
from jornada.alerts.sms import send_sms, send_whatsapp_notice
from jornada.contributions.receipts import new_receipt_code, receipt_hash
from jornada.core.mail import MAX_ERROR, SendFailed, describe_error

logger = logging.getLogger(__name__)
FIRST_RETRY_SECONDS = 60


def _absolute(follow: Follow, path: str) -> str:
    return follow.base_url.rstrip("/") + path


def _send(follow: Follow, template: str, context: dict[str, object]) -> None:
    """Send one message to a follower in their language, by their channel; raise only SendFailed."""
    contact = decrypt_contact(follow.contact_encrypted)
    if contact is None:
        raise SendFailed("the contact cannot be decrypted with the configured keys")
    try:
        with translation.override(follow.language):
            unsubscribe = _absolute(
                follow, reverse("alerts:unsubscribe", kwargs={"token": unsubscribe_token(follow.pk)})
            )
            context = {
                **context,
                "follow": follow,
                "unsubscribe_url": unsubscribe,
                "stop_word": settings.JORNADA_SMS_STOP_WORD,
            }
            if follow.channel in Channel.by_phone():
                text = render_to_string(f"alerts/notify/{template}_sms.txt", context).strip()
                if follow.channel == Channel.SMS:
                    send_sms(contact, text)
                else:  # made in a WhatsApp conversation: answered the way it came in
                    send_whatsapp_notice(contact, text, channel=follow.channel)
                return
            subject = render_to_string(f"alerts/notify/{template}_subject.txt", context).strip()
            body = render_to_string(f"alerts/notify/{template}.txt", context)
        message = EmailMessage(
            subject,
            body,
            None,
            [contact],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.send()
    except Exception as error:
        # Not chained: an SMTP refusal's message and traceback carry the recipient's address.
        raise SendFailed(describe_error(error, contact)) from None


@task()
def send_confirmation(*, follow_id: int) -> None:
    """Generate a new follow's confirmation code, keep only its hash, and send the link and code."""
    code = new_receipt_code()
    waiting = Follow.objects.filter(pk=follow_id, confirmed=False)
    if not waiting.update(confirm_hash=receipt_hash(code)):
        return  # confirmed already, or gone
    follow = waiting.get()
    with translation.override(follow.language):
        link = _absolute(follow, reverse("alerts:follow_confirm") + f"?code={code}")
    try:
        _send(follow, "confirm", {"code": code, "link": link})
    except SendFailed as error:
        logger.warning("confirmation of follow %s failed: %s", follow_id, error)
        raise


def _claim(delivery_id: int) -> bool:
    claimed = Delivery.objects.filter(
        pk=delivery_id, state__in=(Delivery.State.PENDING, Delivery.State.FAILED)
    ).update(state=Delivery.State.SENDING, attempts=F("attempts") + 1)
    return claimed == 1


@task()
def deliver_notification(*, delivery_id: int) -> None:
    """Tell one follower about one event, once."""
    if not _claim(delivery_id):
        return  # sent already, being sent, or gone with an unsubscribed follow
    delivery = Delivery.objects.select_related("follow", "event").get(pk=delivery_id)
    follow, event = delivery.follow, delivery.event
    try:
        with translation.override(follow.language):
            # Through /alerts/news/<id>/: the event's own address names the employer on a lock screen.
            link = _absolute(follow, reverse("alerts:news", kwargs={"pk": event.pk}))
        _send(follow, "event", {"event": event, "link": link})
    except SendFailed as error:
        gave_up = delivery.attempts >= settings.JORNADA_NOTIFY_ATTEMPTS
        Delivery.objects.filter(pk=delivery_id).update(
            state=Delivery.State.GAVE_UP if gave_up else Delivery.State.FAILED,
            last_error=str(error)[:MAX_ERROR],
        )
        logger.warning("notification %s failed (attempt %s): %s", delivery_id, delivery.attempts, error)
        if not gave_up and default_task_backend.supports_defer:
            delay = dt.timedelta(seconds=FIRST_RETRY_SECONDS * 2 ** (delivery.attempts - 1))
            deliver_notification.using(run_after=timezone.now() + delay).enqueue(delivery_id=delivery_id)
        return
    Delivery.objects.filter(pk=delivery_id).update(state=Delivery.State.SENT, last_error="")
