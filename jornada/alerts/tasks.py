"""Background work for alerts, run by ``jornada db_worker``: confirmations and notifications.

A notification is sent at most once per (follow, event): its ``Delivery`` row is claimed by a
conditional UPDATE (pending or failed → sending) before anything is sent, so a task run twice,
or two workers running the same task, send one message. A failed send is retried with a
doubling delay up to ``JORNADA_NOTIFY_ATTEMPTS`` times. A worker that dies between claiming and
sending leaves the row "sending": that message is lost rather than risked twice.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import default_task_backend, task

from jornada.alerts.crypto import decrypt_contact
from jornada.alerts.models import Channel, Delivery, Follow
from jornada.alerts.sms import send_sms

logger = logging.getLogger(__name__)
FIRST_RETRY_SECONDS = 60


def _absolute(follow: Follow, path: str) -> str:
    return follow.base_url.rstrip("/") + path


def _send(follow: Follow, template: str, context: dict[str, object]) -> None:
    """Send one message to a follower in their language, by their channel."""
    from jornada.alerts.services import unsubscribe_token

    contact = decrypt_contact(follow.contact_encrypted)
    if contact is None:
        raise RuntimeError("the contact cannot be decrypted with the configured keys")
    with translation.override(follow.language):
        unsubscribe = _absolute(
            follow, reverse("alerts:unsubscribe", kwargs={"token": unsubscribe_token(follow)})
        )
        context = {**context, "follow": follow, "unsubscribe_url": unsubscribe}
        if follow.channel == Channel.SMS:
            send_sms(contact, render_to_string(f"alerts/notify/{template}_sms.txt", context).strip())
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


@task()
def send_confirmation(*, follow_id: int, code: str) -> None:
    """Send the link and code that confirm a new follow."""
    follow = Follow.objects.filter(pk=follow_id, confirmed=False).first()
    if follow is None:
        return
    with translation.override(follow.language):
        link = _absolute(follow, reverse("alerts:follow_confirm") + f"?code={code}")
    _send(follow, "confirm", {"code": code, "link": link})


def _claim(delivery_id: int) -> bool:
    with transaction.atomic():
        claimed = Delivery.objects.filter(
            pk=delivery_id, state__in=(Delivery.State.PENDING, Delivery.State.FAILED)
        ).update(state=Delivery.State.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now())
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
            link = _absolute(follow, f"/{follow.language}/{event.path}")
        _send(follow, "event", {"event": event, "link": link})
    except Exception as error:
        gave_up = delivery.attempts >= settings.JORNADA_NOTIFY_ATTEMPTS
        Delivery.objects.filter(pk=delivery_id).update(
            state=Delivery.State.GAVE_UP if gave_up else Delivery.State.FAILED, updated_at=timezone.now()
        )
        logger.warning(
            "notification %s failed (attempt %s): %s", delivery_id, delivery.attempts, type(error).__name__
        )
        if not gave_up and default_task_backend.supports_defer:
            delay = dt.timedelta(seconds=FIRST_RETRY_SECONDS * 2 ** (delivery.attempts - 1))
            deliver_notification.using(run_after=timezone.now() + delay).enqueue(delivery_id=delivery_id)
        return
    Delivery.objects.filter(pk=delivery_id).update(state=Delivery.State.SENT, updated_at=timezone.now())


@task()
def scan_records() -> None:
    """Record events for the DOL cases an import added (``services.records_scan``); safe to repeat."""
    from jornada.alerts.services import records_scan

    records_scan()


def records_imported(**kwargs: object) -> None:
    """When a DOL file's import has committed, look for cases that followers should hear of."""
    scan_records.enqueue()
