"""The sender's number, in production configuration, is nowhere in clear after a text-made report,
a look-up and a request for help; and after expiry nowhere at all but in what the worker chose.

Everything the deployment keeps is read back as in the other anonymity tests: every row of
every table (raw SQL, the cache table and rate counters included), the cache's entries and every
log record (SQL statements with their parameters included).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from jornada.contributions.tests.test_anonymity_everywhere import (
    PRODUCTION_CACHE,
    _cache_entries,
    _every_table,
)
from jornada.hotline.keys import record_key_unwrap, sealed_get
from jornada.hotline.models import CallbackRequest
from jornada.hotline.tests.helpers import hotline_of
from jornada.intake.models import Intake
from jornada.intake.selectors import intake_personal_read
from jornada.messaging.models import Conversation
from jornada.messaging.tests.helpers import NUMBER, Phone

# Every way the number could be written down.
NEEDLES = (NUMBER, NUMBER[1:], "5512349876", "55 1234 9876", "whatsapp:" + NUMBER)
STORY = "Relato-Mensaje-3391"


def _found(text: str) -> list[str]:
    return [needle for needle in NEEDLES if needle in text]


def _walk(phone: Phone) -> None:
    phone.send("REPORTAR")
    for answer in ("Agencia Inventada", "www.visas-inventadas.example", "la visa", "3000 pesos", "1"):
        phone.send(answer)
    phone.send("BUSCAR Agencia Inventada")
    phone.send("AYUDA")
    for answer in (STORY, "1"):
        phone.send(answer)


@pytest.mark.django_db
def test_it_keeps_the_number_nowhere_in_clear(
    taking: Any, every_log_line: list[str], django_capture_on_commit_callbacks: Any
) -> None:
    """A report, a look-up and a help request with no contact: the number is in no table, cache or log."""
    with override_settings(DEBUG=False, CACHES=PRODUCTION_CACHE):
        call_command("createcachetable", verbosity=0)
        cache.clear()
        phone = Phone()
        with django_capture_on_commit_callbacks(execute=True):
            _walk(phone)
            phone.send("2")  # no contact
        assert Intake.objects.count() == 1
        everything = "\n".join([_every_table(), _cache_entries(), *every_log_line])
        assert _found(everything) == []
        assert STORY not in "\n".join(every_log_line)  # sealed before it is written, never logged


@pytest.mark.django_db
def test_after_expiry_only_the_chosen_contact_keeps_the_number(
    taking: Any, every_log_line: list[str]
) -> None:
    """With contact by text chosen, the number is sealed in the intake only; expiry leaves no conversation."""
    phone = Phone()
    _walk(phone)
    phone.send("1")  # contact me by text
    Conversation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    call_command("prune", verbosity=0)
    assert not Conversation.objects.exists()
    assert _found(_every_table()) == []
    assert _found("\n".join(every_log_line)) == []
    intake = Intake.objects.get()
    assert intake_personal_read(user=taking.alice, intake_id=intake.pk).contact == NUMBER


@pytest.mark.django_db
def test_a_callback_by_text_keeps_the_number_only_sealed_in_the_request(
    taking: Any, every_log_line: list[str]
) -> None:
    """LLÁMAME: the number is in no table, cache or log in clear; the callback request opens to it."""
    hotline_of(taking.a, taking.alice)
    with override_settings(DEBUG=False, CACHES=PRODUCTION_CACHE):
        call_command("createcachetable", verbosity=0)
        cache.clear()
        phone = Phone()
        for answer in ("LLAMAME", "1", "1", "1"):
            phone.send(answer)
        callback = CallbackRequest.objects.get()
        everything = "\n".join([_every_table(), _cache_entries(), *every_log_line])
        assert _found(everything) == []
    assert sealed_get(callback, record_key_unwrap(callback), "number") == NUMBER
