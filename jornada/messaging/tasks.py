"""Background work for text messages, run by ``jornada db_worker``: replies tried again.

A reply the gateway's API refused with a transient error is held (``models.HeldReply``) and
tried again here, after a delay that doubles from ``FIRST_RETRY_SECONDS``, as follows'
notifications are, up to ``JORNADA_NOTIFY_ATTEMPTS`` attempts in all. The row is deleted once the
replies are sent, refused for good, addressed to a number that has since asked to stop, or out of
attempts. The task's arguments hold the row's id only; nothing logged holds the number or a reply.
Each attempt claims the row by a conditional UPDATE of its attempt count, so two workers
running the same task send once.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from jornada.messaging.keys import decrypt_number, decrypt_replies, encrypt_replies, number_key
from jornada.messaging.models import HeldReply, StoppedNumber
from jornada.messaging.outbound import SendError, message_send

logger = logging.getLogger(__name__)
FIRST_RETRY_SECONDS = 60


def retry_delay(attempts: int) -> dt.timedelta:
    """Return how long to wait after ``attempts`` failed attempts: 1, 2, 4, 8… minutes."""
    return dt.timedelta(seconds=FIRST_RETRY_SECONDS * 2 ** (attempts - 1))


@task()
def reply_retry(*, held_id: int) -> None:
    """Try a held reply again; keep it for a later attempt only while the failure is transient."""
    held = HeldReply.objects.filter(pk=held_id).first()
    if held is None:
        return  # sent already, or pruned
    claimed = HeldReply.objects.filter(pk=held_id, attempts=held.attempts).update(attempts=F("attempts") + 1)
    if not claimed:
        return  # another worker took this attempt
    attempts = held.attempts + 1
    number = decrypt_number(held.number_encrypted)
    replies = decrypt_replies(held.replies_encrypted)
    if not number or StoppedNumber.objects.filter(key=number_key(number)).exists():
        held.delete()
        return
    for index, reply in enumerate(replies):
        try:
            message_send(channel=held.channel, number=number, body=reply)
        except SendError as error:
            gave_up = not error.transient or attempts >= settings.JORNADA_NOTIFY_ATTEMPTS
            logger.warning(
                "messaging: held reply %s failed again (attempt %s, error %s)%s",
                held_id,
                attempts,
                error.code or "none",
                ", given up" if gave_up else "",
            )
            if gave_up:
                held.delete()
                return
            HeldReply.objects.filter(pk=held_id).update(replies_encrypted=encrypt_replies(replies[index:]))
            reply_retry.using(run_after=timezone.now() + retry_delay(attempts)).enqueue(held_id=held_id)
            return
    held.delete()
