"""``jornada sms_console`` talks to the real, signed webhook."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from jornada.messaging.models import Conversation

pytestmark = pytest.mark.django_db


def test_it_chats_through_the_signed_webhook() -> None:
    """Lines typed get Jornada's replies; the conversation exists, as after a real SMS."""
    out = io.StringIO()
    call_command("sms_console", stdin=io.StringIO("hola\nURGENTE\n"), stdout=out)
    printed = out.getvalue()
    assert "Jornada: Jornada. Responde" in printed
    assert "911" in printed
    assert Conversation.objects.count() == 1


def test_it_works_without_a_configured_token() -> None:
    """With no Twilio token configured, a session token signs and verifies the messages."""
    out = io.StringIO()
    with override_settings(JORNADA_TWILIO_AUTH_TOKEN=""):
        call_command("sms_console", "--whatsapp", stdin=io.StringIO("MENU\n"), stdout=out)
    assert "1 BUSCAR" in out.getvalue()
