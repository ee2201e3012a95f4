"""Receiving a text message and answering it; STOP; retention of conversations.

``message_receive`` handles one verified inbound message in one transaction: a retried delivery
(same message id, remembered as a keyed hash for a day) is answered once, a number over its rate
limit is told once, anything but text gets a polite answer and leaves nothing behind, and
a STOP ends every follow of the number. The sender's number is used while the message is
handled and stored nowhere by this app: replies go back within the same request. It is kept
only where the worker asks: in a follow (encrypted) or as the contact of a request for help;
and, encrypted, while a reply the gateway's API refused for now waits to be tried again
(``replies_send``, ``tasks.reply_retry``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django_tasks import default_task_backend

from jornada.alerts.crypto import decrypt_contact
from jornada.alerts.models import Channel, Follow
from jornada.alerts.sms import UNSUBSCRIBED_RECIPIENT
from jornada.core.ratelimit import RateLimit
from jornada.messaging import texts
from jornada.messaging.flows import Turn, respond
from jornada.messaging.health import status_count
from jornada.messaging.keys import (
    conversation_key,
    decrypt_answers,
    decrypt_replies,
    encrypt_answers,
    encrypt_number,
    encrypt_replies,
    message_digest,
    normalise_number,
    number_key,
)
from jornada.messaging.keywords import is_stop
from jornada.messaging.models import (
    TOMBSTONE_DAYS,
    ChannelKind,
    Conversation,
    HeldReply,
    SeenMessage,
    StoppedNumber,
)
from jornada.messaging.outbound import SendError, message_send
from jornada.messaging.tasks import reply_retry, retry_delay
from jornada.messaging.whatsapp import WhatsAppError

logger = logging.getLogger(__name__)

# Longest message read: Twilio joins at most 1,600 characters; WhatsApp allows 4,096.
MAX_TEXT = 1600
SEEN_FOR = dt.timedelta(days=1)
# How long a message's replies are kept (encrypted) for a gateway's retry of a message whose
# answer never reached it; Twilio gives up on a webhook after 15 s, Meta retries for longer.
REPLAY_FOR = dt.timedelta(minutes=10)
# WhatsApp's customer-service window: free-form messages only this long after the worker wrote.
WHATSAPP_WINDOW = dt.timedelta(hours=24)
RATE_WINDOW_SECONDS = 60
# A held reply whose retry never ran (no worker) is pruned after this, whatever its attempts.
HELD_FOR = dt.timedelta(days=1)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Inbound:
    """One verified message from a gateway."""

    channel: str
    number: str  # E.164, from ``keys.normalise_number``
    message_id: str
    text: str
    is_text: bool = True


@dataclass
class Outcome:
    replies: list[str] = field(default_factory=list)
    duplicate: bool = False


def rate_rule() -> RateLimit:
    """Messages one number may send per minute (counted under the rate limit's daily pseudonym)."""
    return RateLimit("messaging-number", settings.JORNADA_MESSAGING_PER_MINUTE, RATE_WINDOW_SECONDS)


def _first_time_seen(channel: str, message_id: str) -> bool:
    if not message_id:
        return True
    try:
        with transaction.atomic():
            SeenMessage.objects.create(
                digest=message_digest(channel, message_id), expires_at=timezone.now() + SEEN_FOR
            )
    except IntegrityError:
        return False
    return True


def _replies_remember(channel: str, message_id: str, replies: list[str]) -> None:
    """Keep a message's replies, encrypted, for a retry of a delivery whose answer was lost.

    Replies past their time are blanked here too, so they do not wait for the daily prune.
    """
    SeenMessage.objects.filter(replies_until__lte=timezone.now()).update(
        replies_encrypted="", replies_until=None
    )
    if message_id and replies:
        SeenMessage.objects.filter(digest=message_digest(channel, message_id)).update(
            replies_encrypted=encrypt_replies(replies), replies_until=timezone.now() + REPLAY_FOR
        )


def _replies_replayed(channel: str, message_id: str) -> list[str]:
    """Return the replies a message already got, while they are kept; none after that."""
    if not message_id:
        return []
    token = (
        SeenMessage.objects.filter(
            digest=message_digest(channel, message_id), replies_until__gt=timezone.now()
        )
        .values_list("replies_encrypted", flat=True)
        .first()
    )
    return decrypt_replies(token) if token else []


@transaction.atomic
def replies_delivered(*, channel: str, message_id: str) -> None:
    """Forget a message's kept replies once they are sent (the Cloud API path knows it)."""
    if message_id:
        SeenMessage.objects.filter(digest=message_digest(channel, message_id)).update(
            replies_encrypted="", replies_until=None
        )


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)[:MAX_TEXT].strip()


def _language_of(channel: str, number: str) -> str:
    found = Conversation.objects.filter(key=conversation_key(channel, number)).values_list(
        "language", flat=True
    )
    return found.first() or "es"


def _expires() -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=settings.JORNADA_MESSAGING_CONVERSATION_HOURS)


@transaction.atomic
def message_receive(*, inbound: Inbound) -> Outcome:
    """Answer one inbound message once; a repeated delivery changes nothing (``duplicate``).

    A repeat within ``REPLAY_FOR`` gets the replies the first delivery got, which are kept
    (encrypted, in the same transaction as the message's effect) for that: a gateway retries
    when the first answer never reached it. After that, or once they were sent, it gets none.
    """
    if not _first_time_seen(inbound.channel, inbound.message_id):
        return Outcome(_replies_replayed(inbound.channel, inbound.message_id), duplicate=True)
    outcome = _message_answer(inbound)
    _replies_remember(inbound.channel, inbound.message_id, outcome.replies)
    return outcome


def _message_answer(inbound: Inbound) -> Outcome:
    text = _clean(inbound.text)
    if inbound.is_text and is_stop(text):  # honoured whatever the rate, as carriers require
        language = _language_of(inbound.channel, inbound.number)
        number_stop(number=inbound.number)
        Conversation.objects.filter(key=conversation_key(inbound.channel, inbound.number)).delete()
        with translation.override(language):
            return Outcome([texts.stopped()])
    rule = rate_rule()
    subject = number_key(inbound.number)
    if not rule.hit(subject):
        if rule.count(subject) != rule.limit + 1:
            return Outcome()  # told already in this window
        with translation.override(_language_of(inbound.channel, inbound.number)):
            return Outcome([texts.slow_down()])
    if not inbound.is_text:
        with translation.override(_language_of(inbound.channel, inbound.number)):
            return Outcome([texts.only_text()])
    StoppedNumber.objects.filter(key=subject).delete()  # it wrote again
    conversation, was_discarded = _conversation_open(inbound.channel, inbound.number)
    turn = Turn(conversation, decrypt_answers(conversation.answers_encrypted), inbound.number)
    if was_discarded:
        with translation.override(conversation.language):
            turn.say(texts.expired())
    respond(turn, text)
    conversation.answers_encrypted = encrypt_answers(turn.answers) if conversation.flow else ""
    conversation.expires_at = _expires()
    conversation.discarded = False
    if ChannelKind(inbound.channel).is_whatsapp():
        conversation.window_until = timezone.now() + WHATSAPP_WINDOW
    conversation.save()
    return Outcome(turn.replies)


def _conversation_open(channel: str, number: str) -> tuple[Conversation, bool]:
    """Return the number's conversation, fresh if it expired, and whether a flow was lost to expiry."""
    key = conversation_key(channel, number)
    conversation = Conversation.objects.select_for_update().filter(key=key).first()
    if conversation is None:
        return Conversation(key=key, channel=channel, expires_at=_expires()), False
    if conversation.discarded or conversation.expires_at <= timezone.now():
        lost = conversation.discarded or conversation.is_in_flow()
        conversation.flow, conversation.step, conversation.answers_encrypted = "", "", ""
        return conversation, lost
    return conversation, False


@transaction.atomic
def status_receive(
    *, channel: str, message_id: str, status: str, error_code: str = "", number: str = ""
) -> bool:
    """Count one delivery status callback once (a retried one is ignored); return whether it counted.

    Only the status and the gateway's error code are kept, as a day's count: never the number.
    A recipient the gateway reports unsubscribed (21610) is stopped, as after a STOP.
    """
    if not _first_time_seen(channel, f"status:{message_id}:{status}"):
        return False
    counted = status_count(channel=channel, status=status, error_code=error_code)
    if error_code == str(UNSUBSCRIBED_RECIPIENT) and number:
        number_stop(number=number)
    return counted


# --- Replies through a gateway's API, and WhatsApp outside a reply ---------------------------------


def replies_send(*, channel: str, number: str, replies: list[str]) -> None:
    """Send a conversation's answers in order through the gateway's API (not TwiML).

    After a transient failure the rest are held, encrypted, for ``tasks.reply_retry``; after a
    lasting one (a bad number, an unsubscribed recipient) they are dropped. Never logs the number.
    """
    for index, reply in enumerate(replies):
        try:
            message_send(channel=channel, number=number, body=reply)
        except SendError as error:
            logger.warning("messaging: a %s reply failed (error %s)", channel, error.code or "none")
            retry = settings.JORNADA_NOTIFY_ATTEMPTS > 1 and default_task_backend.supports_defer
            if error.transient and retry:
                reply_hold(channel=channel, number=number, replies=replies[index:])
            return


@transaction.atomic
def reply_hold(*, channel: str, number: str, replies: list[str]) -> HeldReply:
    """Keep replies that failed once, encrypted, and queue their next attempt after the first backoff."""
    held = HeldReply.objects.create(
        channel=channel,
        number_encrypted=encrypt_number(number),
        replies_encrypted=encrypt_replies(replies),
        expires_at=timezone.now() + HELD_FOR,
    )
    # Queued in the same transaction (the task table is in this database): neither the row nor
    # its retry exists without the other.
    reply_retry.using(run_after=timezone.now() + retry_delay(held.attempts)).enqueue(held_id=held.pk)
    return held


def whatsapp_in_window(*, number: str, channel: str = ChannelKind.WHATSAPP) -> bool:
    """Return True while a free-form WhatsApp message may go to ``number`` (it wrote within 24 hours)."""
    return Conversation.objects.filter(
        key=conversation_key(channel, number), window_until__gt=timezone.now()
    ).exists()


def whatsapp_template(channel: str) -> str:
    """Return the approved template for ``channel``: a Cloud API template's name, or Twilio's ContentSid."""
    if channel == ChannelKind.WHATSAPP:
        return str(settings.JORNADA_WHATSAPP_TEMPLATE)
    return str(settings.JORNADA_TWILIO_WHATSAPP_CONTENT_SID)


def whatsapp_notify(*, number: str, body: str, channel: str = ChannelKind.WHATSAPP) -> str:
    """Send ``body`` by WhatsApp on Jornada's own initiative; return "text" or "template".

    ``channel`` is the route: the Cloud API, or Twilio's ``whatsapp:`` channel. Within the
    24-hour window it goes as text; outside it only as the approved template
    (``JORNADA_WHATSAPP_TEMPLATE``, or ``JORNADA_TWILIO_WHATSAPP_CONTENT_SID`` through Twilio) with
    ``body`` as its one parameter, in the conversation's language. Without a template, or to a
    number that asked to stop, nothing is sent (``WhatsAppError``).
    """
    if number_is_stopped(number=number):
        raise WhatsAppError("the recipient asked to stop receiving messages", code=UNSUBSCRIBED_RECIPIENT)
    in_window = whatsapp_in_window(number=number, channel=channel)
    template = whatsapp_template(channel)
    if not in_window and not template:
        raise WhatsAppError("outside the 24-hour window and no approved template is configured")
    message_send(
        channel=channel,
        number=number,
        body=body,
        template="" if in_window else template,
        language=_language_of(channel, number),
    )
    return "text" if in_window else "template"


def follow_whatsapp_send(*, number: str, body: str, channel: str, **kwargs: Any) -> None:
    """Answer ``alerts.sms.whatsapp_requested``: a follow's message by WhatsApp, the way the follow was made."""
    whatsapp_notify(number=number, body=body, channel=ChannelKind(channel))


# --- Opting out ---------------------------------------------------------------------------------


@transaction.atomic
def number_stop(*, number: str) -> int:
    """End every follow of ``number`` and mark it stopped (nothing is sent until it writes); return how many ended.

    Follows keep their contact encrypted under a random nonce, so each text-message follow is
    opened and compared: rare (an opt-out), and no index of numbers exists to leak.
    """
    StoppedNumber.objects.get_or_create(key=number_key(number))
    ended = [
        follow.pk
        for follow in Follow.objects.filter(channel__in=Channel.by_phone())
        .only("pk", "contact_encrypted")
        .iterator()
        if normalise_number(decrypt_contact(follow.contact_encrypted) or "") == number
    ]
    Follow.objects.filter(pk__in=ended).delete()
    return len(ended)


def number_is_stopped(*, number: str, **kwargs: Any) -> bool:
    """Answer ``alerts.sms.sms_refused``: True for a number that asked to stop."""
    normalised = normalise_number(number)
    return bool(normalised) and StoppedNumber.objects.filter(key=number_key(normalised)).exists()


def recipient_unsubscribed(*, number: str, **kwargs: Any) -> None:
    """Answer ``alerts.sms.sms_unsubscribed`` (the gateway's 21610): the same as a STOP."""
    normalised = normalise_number(number)
    if normalised:
        number_stop(number=normalised)


# --- Retention ----------------------------------------------------------------------------------


@transaction.atomic
def conversations_prune() -> int:
    """Delete expired conversations and remembered message ids; return how many rows went.

    A conversation that expired in the middle of a flow leaves only its hash and a flag for
    ``TOMBSTONE_DAYS``, so the worker is told, when they write again, that it was discarded.
    """
    now = timezone.now()
    expired = Conversation.objects.filter(expires_at__lte=now)
    deleted, _ = expired.filter(Q(discarded=True) | Q(flow="")).delete()
    expired.update(
        flow="",
        step="",
        answers_encrypted="",
        discarded=True,
        expires_at=now + dt.timedelta(days=TOMBSTONE_DAYS),
    )
    seen, _ = SeenMessage.objects.filter(expires_at__lte=now).delete()
    SeenMessage.objects.filter(replies_until__lte=now).update(replies_encrypted="", replies_until=None)
    held, _ = HeldReply.objects.filter(expires_at__lte=now).delete()
    return deleted + seen + held
