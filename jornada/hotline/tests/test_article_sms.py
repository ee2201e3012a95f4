"""Outcome "answered, article sent": the article's title, plain summary and link go by SMS to a caller who
agreed to be called back (console SMS backend, the real task); without a number only the article is recorded."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from django.urls import reverse

from jornada.alerts import sms
from jornada.hotline import services
from jornada.hotline.models import ArticleSms, Call, Outcome
from jornada.hotline.tests.helpers import NUMBER, hotline_of
from jornada.messaging.services import number_stop
from jornada.rights.tests.factories import make_article

pytestmark = pytest.mark.django_db

E164 = "+529515550144"


def _call(three_orgs: Any, *, number: str) -> Call:
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    call = services.call_start(actor=three_orgs.alice, hotline=hotline, token=secrets.token_hex(8))
    consent = {
        "consent_contact": bool(number),
        "caller_number": number,
        "may_leave_message": False,
        "caller_name": "",
        "consent_count": True,
        "consent_share": False,
    }
    services.call_section_save(actor=three_orgs.alice, call=call, section="consent", data=consent)
    return call


def test_it_texts_the_article_to_a_caller_who_left_a_number(
    three_orgs: Any, staff_client: Any, run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The operator names the article; the task texts its title, summary and link and records it sent."""
    article = make_article()
    translation = article.translations.get(language="es")
    call = _call(three_orgs, number=NUMBER)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client(three_orgs.alice).post(
            reverse("hotline:call", args=[call.pk]),
            {"section": "end", "outcome": Outcome.ARTICLE_SENT, "article": article.slug},
            follow=True,
        )
    assert "El artículo se está enviando por mensaje de texto" in response.content.decode()
    run_tasks()
    assert [message.to for message in sms.outbox] == [E164]
    body = sms.outbox[0].body
    assert translation.title in body
    assert translation.summary[:40] in body
    assert f"/derechos/{article.slug}/" in body
    call.refresh_from_db()
    assert (call.article_slug, call.article_sms) == (article.slug, ArticleSms.SENT)


def test_it_records_the_article_only_when_the_caller_left_no_number(
    three_orgs: Any, staff_client: Any, run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Without a number nothing is sent, the article is recorded and the page says it was not sent."""
    article = make_article()
    call = _call(three_orgs, number="")
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client(three_orgs.alice).post(
            reverse("hotline:call", args=[call.pk]),
            {"section": "end", "outcome": Outcome.ARTICLE_SENT, "article": article.slug},
            follow=True,
        )
    run_tasks()
    assert sms.outbox == []
    assert "No enviado: quien llamó no dejó un número" in response.content.decode()
    call.refresh_from_db()
    assert (call.article, call.article_sms) == (article.slug, ArticleSms.NO_NUMBER)


def test_it_sends_nothing_to_a_number_that_asked_to_stop(
    three_orgs: Any, run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A stopped number is refused by send_sms: nothing leaves, the call records the message as failed."""
    article = make_article()
    call = _call(three_orgs, number=NUMBER)
    number_stop(number=E164)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.call_end(
            actor=three_orgs.alice, call=call, outcome=Outcome.ARTICLE_SENT, article=article.slug
        )
    run_tasks()
    assert sms.outbox == []
    call.refresh_from_db()
    assert call.article_sms == ArticleSms.FAILED
