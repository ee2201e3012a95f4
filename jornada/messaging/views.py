"""The gateways' webhooks: Twilio (form-encoded, answered in TwiML) and Meta's WhatsApp Cloud API.

Each request's signature is checked before its content is used; without a configured secret
the endpoint refuses everything. Requests larger than ``MAX_REQUEST_BYTES`` are refused unread.
Nothing a worker wrote, and no number, is ever logged: only what happened and gateway codes.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from twilio.twiml.messaging_response import MessagingResponse

from jornada.core.access import system_endpoint
from jornada.messaging.health import health_count
from jornada.messaging.keys import normalise_number
from jornada.messaging.models import ChannelKind, Direction
from jornada.messaging.services import (
    Inbound,
    Outcome,
    message_receive,
    replies_delivered,
    replies_send,
    status_receive,
)
from jornada.messaging.signatures import meta_signature_valid, meta_verify_token_valid, twilio_signature_valid

logger = logging.getLogger(__name__)

# A Twilio webhook is a few hundred bytes of form (1,600 characters of text, percent-encoded,
# fit easily); a Cloud API event with one message is about 1 KB, a batch a few.
MAX_REQUEST_BYTES = 32 * 1024
# Meta batches at most this many messages in one event; more is not a real delivery.
MAX_MESSAGES_PER_EVENT = 50
WHATSAPP_TEXT_TYPES = ("text", "button")


def _too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > MAX_REQUEST_BYTES


def _receive(inbound: Inbound, *, replies_delivered: bool) -> Outcome:
    """Handle one message and count it, the time taken (and its answers when the response carries them)."""
    started = time.monotonic()
    with transaction.atomic():  # one commit for the message and its counts
        outcome = message_receive(inbound=inbound)
        if not outcome.duplicate:
            elapsed = round((time.monotonic() - started) * 1000)
            health_count(channel=inbound.channel, direction=Direction.IN, reply_ms=elapsed)
            if replies_delivered:
                health_count(channel=inbound.channel, direction=Direction.OUT, count=len(outcome.replies))
    return outcome


def _refused(channel: str, reason: str, status: int) -> HttpResponse:
    logger.warning("messaging: refused a %s request (%s)", channel, reason)
    return HttpResponse(status=status)


@system_endpoint
@csrf_exempt
@require_POST
def twilio_webhook(request: HttpRequest) -> HttpResponse:
    """Answer one inbound SMS or WhatsApp message from Twilio with TwiML."""
    if not settings.JORNADA_TWILIO_AUTH_TOKEN:
        return _refused("Twilio", "no auth token configured", 403)
    if _too_large(request):
        return _refused("Twilio", "too large", 413)
    try:
        valid = twilio_signature_valid(request)
    except (SuspiciousOperation, RequestDataTooBig, BadRequest, UnicodeDecodeError, ValueError):
        return _refused("Twilio", "unreadable form", 400)
    if not valid:
        return _refused("Twilio", "bad signature", 403)
    status = request.POST.get("MessageStatus", "")
    if status and status != "received":  # a delivery status callback, not a message
        recipient = request.POST.get("To", "")
        status_receive(
            channel=ChannelKind.TWILIO_WHATSAPP if recipient.startswith("whatsapp:") else ChannelKind.TWILIO,
            message_id=request.POST.get("MessageSid", "")[:100],
            status=status[:20],
            error_code=request.POST.get("ErrorCode", "")[:20],
            number=normalise_number(recipient),
        )
        return HttpResponse(status=204)
    sender = request.POST.get("From", "")
    number = normalise_number(sender)
    if not number:
        return _refused("Twilio", "no sender", 400)
    try:
        media = int(request.POST.get("NumMedia") or 0)
    except ValueError:
        media = 0
    is_text = media == 0 and "Latitude" not in request.POST
    outcome = _receive(
        Inbound(
            channel=ChannelKind.TWILIO_WHATSAPP if sender.startswith("whatsapp:") else ChannelKind.TWILIO,
            number=number,
            message_id=request.POST.get("MessageSid", "")[:100],
            text=request.POST.get("Body", ""),
            is_text=is_text,
        ),
        replies_delivered=True,
    )
    twiml = MessagingResponse()
    for reply in outcome.replies:
        twiml.message(reply)
    return HttpResponse(str(twiml), content_type="text/xml; charset=utf-8")


def _whatsapp_messages(event: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the messages and the delivery statuses in a Cloud API event; raise ValueError when it is not one."""
    if not isinstance(event, dict) or not isinstance(event.get("entry", []), list):
        raise ValueError("not an event")
    found: list[dict[str, Any]] = []
    statuses: list[dict[str, Any]] = []
    for entry in event.get("entry", []):
        changes = entry.get("changes", []) if isinstance(entry, dict) else None
        if not isinstance(changes, list):
            raise ValueError("not an entry")
        for change in changes:
            value = change.get("value", {}) if isinstance(change, dict) else None
            messages = value.get("messages", []) if isinstance(value, dict) else None
            reported = value.get("statuses", []) if isinstance(value, dict) else None
            if not isinstance(messages, list) or not isinstance(reported, list):
                raise ValueError("not a change")
            found += [message for message in messages if isinstance(message, dict)]
            statuses += [status for status in reported if isinstance(status, dict)]
    if len(found) + len(statuses) > MAX_MESSAGES_PER_EVENT:
        raise ValueError("too many messages")
    return found, statuses


def _whatsapp_status(status: dict[str, Any]) -> None:
    """Count one Cloud API delivery status (sent, delivered, read, failed with its error code)."""
    errors = status.get("errors")
    first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
    status_receive(
        channel=ChannelKind.WHATSAPP,
        message_id=str(status.get("id", ""))[:200],
        status=str(status.get("status", ""))[:20],
        error_code=str(first.get("code", ""))[:20],
    )


def _whatsapp_text(message: dict[str, Any]) -> str | None:
    kind = message.get("type")
    if kind not in WHATSAPP_TEXT_TYPES:
        return None
    part = message.get(kind)
    value = part.get("body" if kind == "text" else "text") if isinstance(part, dict) else None
    return value if isinstance(value, str) else None


@system_endpoint
@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request: HttpRequest) -> HttpResponse:
    """Meta's verification handshake (GET), then signed events (POST) answered through the Cloud API."""
    if request.method == "GET":
        challenge = request.GET.get("hub.challenge", "")
        if (
            request.GET.get("hub.mode") == "subscribe"
            and meta_verify_token_valid(request.GET.get("hub.verify_token", ""))
            and challenge.isdigit()
            and len(challenge) <= 64
        ):
            return HttpResponse(challenge, content_type="text/plain")
        return _refused("WhatsApp", "bad verification", 403)
    if not settings.JORNADA_WHATSAPP_APP_SECRET:
        return _refused("WhatsApp", "no app secret configured", 403)
    if _too_large(request):
        return _refused("WhatsApp", "too large", 413)
    try:
        body = request.body
    except RequestDataTooBig:
        return _refused("WhatsApp", "too large", 413)
    if not meta_signature_valid(request, body):
        return _refused("WhatsApp", "bad signature", 403)
    try:
        messages, statuses = _whatsapp_messages(json.loads(body))
    except (ValueError, AttributeError, TypeError):
        return _refused("WhatsApp", "malformed event", 400)
    for status in statuses:
        _whatsapp_status(status)
    for message in messages:
        number = normalise_number(str(message.get("from", "")))
        if not number:
            continue
        text = _whatsapp_text(message)
        outcome = _receive(
            Inbound(
                channel=ChannelKind.WHATSAPP,
                number=number,
                message_id=str(message.get("id", ""))[:200],
                text=text or "",
                is_text=text is not None,
            ),
            replies_delivered=False,
        )
        replies_send(channel=ChannelKind.WHATSAPP, number=number, replies=outcome.replies)
        replies_delivered(channel=ChannelKind.WHATSAPP, message_id=str(message.get("id", ""))[:200])
    return HttpResponse(status=200)
