"""What a text-message conversation keeps, and for how long.

A ``Conversation`` is known by a keyed hash of its channel and number (``keys.conversation_key``).
The number itself is not kept with it: every reply goes back while the inbound message is being
handled. The one exception is a reply the gateway's API refused with a transient error: a
``HeldReply`` keeps the number and the replies encrypted until they are sent, refused for good, or
the last attempt fails, and is deleted then. The half-finished answers of a report or request for
help are kept encrypted, and go when the conversation expires
(``JORNADA_MESSAGING_CONVERSATION_HOURS`` of silence): what is left of an expired conversation
that was in the middle of something is its hash and a flag, so the worker can be told once when
they write again, and that goes too after ``TOMBSTONE_DAYS``.

``SeenMessage`` remembers a keyed hash of each inbound message id for a day, so a gateway's retry
is answered once. ``StoppedNumber`` is a keyed hash of a number that texted STOP (or that the
gateway reports unsubscribed): nothing is sent to it until it writes again. No row here has the
number in clear, a message's text, or a time finer than its expiry.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jornada.core.fields import RandomIdField

TOMBSTONE_DAYS = 30


class ChannelKind(models.TextChoices):
    TWILIO = "twilio", _("SMS through Twilio")
    TWILIO_WHATSAPP = "twilio-wa", _("WhatsApp through Twilio")
    WHATSAPP = "whatsapp", _("WhatsApp Cloud API")

    def is_whatsapp(self) -> bool:
        """Return True for WhatsApp, through Twilio or Meta's Cloud API."""
        return self in (ChannelKind.TWILIO_WHATSAPP, ChannelKind.WHATSAPP)


class Conversation(models.Model):
    """One number's conversation on one channel: where it is in a flow, and how to answer it."""

    id = RandomIdField()
    key = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=10, choices=ChannelKind.choices)
    language = models.CharField(max_length=10, default="es")
    flow = models.CharField(max_length=20, blank=True)
    step = models.CharField(max_length=20, blank=True)
    # The flow's answers so far, as encrypted JSON (they sit beside the encrypted number).
    answers_encrypted = models.TextField(blank=True)
    # The flow that was half-finished when the conversation expired; told once, then forgotten.
    discarded = models.BooleanField(default=False)
    expires_at = models.DateTimeField(db_index=True)
    # WhatsApp: until when a free-form message may be sent (24 hours after the worker last wrote);
    # after it, or once the conversation is gone, only an approved template may be.
    window_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return f"{self.channel}:{self.key[:8]}"

    def is_in_flow(self) -> bool:
        """Return True when the worker is in the middle of something."""
        return bool(self.flow)


class SeenMessage(models.Model):
    """A keyed hash of an inbound message id, so a retried delivery is handled once.

    The replies it got are kept encrypted for a few minutes (``replies_until``): a gateway
    retries a message whose answer never reached it (the server died between the commit and
    the response), and the retry gets the same answer instead of silence, so a report's
    receipt code is not lost. They hold no number; the WhatsApp path blanks them once sent.
    """

    digest = models.CharField(max_length=64, primary_key=True)
    expires_at = models.DateTimeField(db_index=True)
    replies_encrypted = models.TextField(blank=True, default="")
    replies_until = models.DateTimeField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return self.digest[:8]


class HeldReply(models.Model):
    """Replies a gateway refused for now, waiting to be tried again: the only row with a number.

    The number and the replies (which may carry a receipt code) are encrypted like follows'
    contacts; the row goes when they are sent, refused for good or out of attempts, and
    ``conversations_prune`` removes one whose retry never ran after ``expires_at``.
    """

    id = RandomIdField()
    channel = models.CharField(max_length=10, choices=ChannelKind.choices)
    number_encrypted = models.TextField()
    replies_encrypted = models.TextField()
    attempts = models.PositiveSmallIntegerField(default=1)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.channel}: {self.attempts} attempts"


class StoppedNumber(models.Model):
    """A keyed hash of a number that asked to stop: nothing is sent to it until it writes again."""

    key = models.CharField(max_length=64, primary_key=True)

    def __str__(self) -> str:
        return self.key[:8]


class Direction(models.TextChoices):
    IN = "in", pgettext_lazy("messages", "Received")
    OUT = "out", pgettext_lazy("messages", "Sent")
    FAILED = "failed", pgettext_lazy("messages", "Failed")
    # Reported later by the gateway's delivery status callbacks.
    DELIVERED = "delivered", _("Delivered")
    READ = "read", _("Read")


class ChannelDay(models.Model):
    """How many messages one channel received, sent or failed to send on one day (no number, no text).

    ``reply_ms`` adds up the time from receiving a message to having its answer, for the average.
    """

    day = models.DateField()
    channel = models.CharField(max_length=10)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    error_code = models.CharField(max_length=20, blank=True)
    count = models.PositiveIntegerField(default=0)
    reply_ms = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("channel day")
        verbose_name_plural = _("channel days")
        ordering = ["-day", "channel", "direction", "error_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "channel", "direction", "error_code"], name="messaging_channel_day_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.direction} {self.error_code}: {self.count}"
