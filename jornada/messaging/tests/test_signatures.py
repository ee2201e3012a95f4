"""Webhook signatures: checked before anything is read, failing closed without a secret."""

from __future__ import annotations

import logging

import pytest
from django.test import Client, override_settings

from jornada.messaging.models import Conversation, SeenMessage
from jornada.messaging.signatures import meta_signature
from jornada.messaging.tests.helpers import (
    META_SECRET,
    META_VERIFY,
    meta_event,
    meta_post,
    meta_raw,
    replies,
    twilio_params,
    twilio_post,
    twilio_signature,
)

pytestmark = pytest.mark.django_db


def test_it_accepts_a_request_signed_with_twilios_own_algorithm() -> None:
    """A form signed by twilio's RequestValidator over the configured public URL is answered in TwiML."""
    response = twilio_post(Client(), twilio_params("MENU"))
    assert response["Content-Type"].startswith("text/xml")
    assert "BUSCAR" in replies(response)[0]


def test_it_refuses_a_changed_parameter() -> None:
    """Changing one parameter after signing makes the signature wrong: 403, nothing stored."""
    params = twilio_params("MENU")
    signature = twilio_signature(params)
    params["Body"] = "REPORTAR"
    assert twilio_post(Client(), params, signature=signature).status_code == 403
    assert not Conversation.objects.exists()
    assert not SeenMessage.objects.exists()


def test_it_refuses_a_signature_over_another_url() -> None:
    """A signature over another address (another deployment, http instead of https) is refused."""
    params = twilio_params("MENU")
    for url in ("http://jornada.example.org/messaging/twilio/", "https://otro.example.org/messaging/twilio/"):
        assert twilio_post(Client(), params, signature=twilio_signature(params, url=url)).status_code == 403


def test_it_refuses_an_unsigned_request() -> None:
    """No X-Twilio-Signature at all: 403."""
    assert Client().post("/messaging/twilio/", twilio_params("MENU")).status_code == 403


def test_it_refuses_everything_without_a_twilio_token() -> None:
    """Without JORNADA_TWILIO_AUTH_TOKEN even a request signed with an empty key is refused (fail closed)."""
    params = twilio_params("MENU")
    with override_settings(JORNADA_TWILIO_AUTH_TOKEN=""):
        assert twilio_post(Client(), params, signature=twilio_signature(params, token="")).status_code == 403
        assert twilio_post(Client(), params).status_code == 403
    assert not Conversation.objects.exists()


def test_it_never_logs_a_refused_body(caplog: pytest.LogCaptureFixture) -> None:
    """A wrongly signed request is logged as refused, without its body or number."""
    caplog.set_level(logging.DEBUG)
    params = twilio_params("Cuerpo-Secreto-7731")
    twilio_post(Client(), params, signature="bm90IGEgc2lnbmF0dXJl")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "refused" in logged
    assert "Cuerpo-Secreto-7731" not in logged
    assert "5512349876" not in logged


def test_it_accepts_a_meta_signed_event() -> None:
    """X-Hub-Signature-256 = HMAC-SHA256 of the raw body under the app secret: accepted."""
    assert meta_post(Client(), meta_raw(meta_event("MENU"))).status_code == 200


def test_it_refuses_a_changed_meta_body() -> None:
    """One byte changed after signing, or a signature under another secret: 403."""
    raw = meta_raw(meta_event("MENU"))
    signature = meta_signature(META_SECRET, raw)
    assert meta_post(Client(), raw.replace(b"MENU", b"MENO"), signature=signature).status_code == 403
    assert meta_post(Client(), raw, signature=meta_signature("another-secret", raw)).status_code == 403
    assert meta_post(Client(), raw, signature="").status_code == 403
    assert not Conversation.objects.exists()


def test_it_refuses_every_meta_event_without_an_app_secret() -> None:
    """Without JORNADA_WHATSAPP_APP_SECRET nothing is accepted, even signed with an empty key."""
    raw = meta_raw(meta_event("MENU"))
    with override_settings(JORNADA_WHATSAPP_APP_SECRET=""):
        assert meta_post(Client(), raw, signature=meta_signature("", raw)).status_code == 403


def test_it_answers_metas_handshake_only_with_the_verify_token() -> None:
    """GET with the right hub.verify_token echoes hub.challenge; a wrong or missing token is 403."""
    good = {"hub.mode": "subscribe", "hub.verify_token": META_VERIFY, "hub.challenge": "1158201444"}
    response = Client().get("/messaging/whatsapp/", good)
    assert (response.status_code, response.content) == (200, b"1158201444")
    assert Client().get("/messaging/whatsapp/", {**good, "hub.verify_token": "wrong"}).status_code == 403
    with override_settings(JORNADA_WHATSAPP_VERIFY_TOKEN=""):
        assert Client().get("/messaging/whatsapp/", {**good, "hub.verify_token": ""}).status_code == 403
