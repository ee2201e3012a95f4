"""Bad input never a server error and never a stored number: sizes, malformed requests, media, floods."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.test import Client, override_settings

from jornada.messaging import whatsapp
from jornada.messaging.models import Conversation, SeenMessage
from jornada.messaging.tests.helpers import (
    Phone,
    meta_event,
    meta_post,
    meta_raw,
    replies,
    twilio_params,
    twilio_post,
)
from jornada.messaging.views import MAX_REQUEST_BYTES

pytestmark = pytest.mark.django_db


def test_it_refuses_an_oversized_request_unread() -> None:
    """A form larger than the limit is 413, signature or not."""
    params = twilio_params("x" * (MAX_REQUEST_BYTES + 1))
    assert twilio_post(Client(), params).status_code == 413
    raw = b'{"entry": []}' + b" " * MAX_REQUEST_BYTES
    assert meta_post(Client(), raw).status_code == 413


def test_it_answers_a_1600_character_message() -> None:
    """The longest SMS Twilio joins is an ordinary message: the menu comes back."""
    assert "1 BUSCAR" in Phone().text("palabra " * 200)


def test_it_keeps_a_1600_character_answer_within_the_report_limits() -> None:
    """A 1,600-character answer to a report question is cut to the field's length, not an error."""
    phone = Phone()
    phone.text("REPORTAR")
    assert "2/5" in phone.text("N" * 1600)


def test_it_refuses_a_form_without_a_sender() -> None:
    """A signed form with no From is a 400, not a 500."""
    params = twilio_params("hola")
    params["From"] = "nadie"
    assert twilio_post(Client(), params).status_code == 400


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[]",
        b'{"entry": "x"}',
        b'{"entry": [{"changes": [{"value": {"messages": 3}}]}]}',
        b"\xff\xfe",
    ],
)
def test_it_refuses_malformed_meta_events(raw: bytes) -> None:
    """Correctly signed but malformed JSON is a 400; nothing is stored."""
    assert meta_post(Client(), raw).status_code == 400
    assert not Conversation.objects.exists()


def test_it_answers_media_politely_and_stores_nothing() -> None:
    """An image (Twilio) or an image event (Meta) gets "only text", and no conversation is kept."""
    answer = replies(
        twilio_post(Client(), twilio_params("", NumMedia="1", MediaUrl0="https://example.org/x.jpg"))
    )
    assert "solo entiende mensajes de texto" in answer[0]
    location = twilio_params("", Latitude="19.4", Longitude="-99.1")
    assert "solo entiende" in replies(twilio_post(Client(), location))[0]
    assert meta_post(Client(), meta_raw(meta_event(kind="image"))).status_code == 200
    assert "solo entiende" in whatsapp.outbox[-1].body
    assert not Conversation.objects.exists()


@override_settings(JORNADA_MESSAGING_PER_MINUTE=5)
def test_it_tells_a_flooding_number_once() -> None:
    """Past the per-minute limit the number is told once; further messages get an empty answer.

    The rate limiter's clock is held in the middle of one minute: on a loaded machine 100 messages
    can take long enough to cross into the next minute's window, which would answer again.
    """
    phone = Phone()
    middle_of_a_minute = (int(time.time()) // 60) * 60 + 30.0
    with mock.patch("jornada.core.ratelimit._now", return_value=middle_of_a_minute):
        answers = [phone.send("hola") for _ in range(100)]
    assert all(answer for answer in answers[:5])
    assert "Espera un minuto" in answers[5][0]
    assert all(answer == [] for answer in answers[6:])
    assert SeenMessage.objects.count() == 100


NASTY = [
    "",
    "0",
    "99",
    "-1",
    "1.5",
    "🙂",
    "\x00\x01",
    "$$$",
    "1" * 1600,
    "STOP now",
    "BUSCAR",
    "ENGLISH x",
    "%(name)s",
]
OPENINGS = {
    "top": [],
    "lookup": ["BUSCAR"],
    "rights": ["DERECHOS"],
    "report": ["REPORTAR"],
    "report-amount": ["REPORTAR", "0", "0", "0"],
    "report-paid": ["REPORTAR", "0", "0", "0", "0"],
    "follow": ["SEGUIR"],
    "help": ["AYUDA"],
    "help-where": ["AYUDA", "Algo pasó"],
    "help-contact": ["AYUDA", "Algo pasó", "1"],
}


@pytest.mark.parametrize("opening", OPENINGS)
def test_it_answers_nasty_input_at_every_step(opening: str) -> None:
    """At every step of every flow, odd input gets an answer (the question again, or the menu), never a 500."""
    from jornada.rights.tests.factories import make_article

    make_article()
    for body in NASTY:
        phone = Phone(number="+52551234" + str(1000 + NASTY.index(body)))
        for step in OPENINGS[opening]:
            phone.send(step)
        answer = phone.send(body)
        assert answer, (opening, body)
