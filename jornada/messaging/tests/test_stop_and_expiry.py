"""Opting out (STOP and the gateway's 21610), expiry of conversations, and duplicate deliveries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from jornada.alerts import sms
from jornada.alerts.models import Channel, Follow, ScamReport
from jornada.alerts.services import follow_subscribe
from jornada.alerts.sms import SmsError, send_sms
from jornada.messaging.models import Conversation, SeenMessage, StoppedNumber
from jornada.messaging.tests.helpers import NUMBER, Phone, receipt_code, replies, twilio_params, twilio_post
from jornada.reviews.tests.test_anonymity import whole_database

pytestmark = pytest.mark.django_db


def _follow(number: str = NUMBER, target: str = "+525511112222") -> Follow:
    follow = follow_subscribe(
        kind="phone",
        target=target,
        target_label="Reclutadora Inventada",
        channel=Channel.SMS,
        contact=number,
        language="es",
        base_url="http://testserver",
    )
    Follow.objects.filter(pk=follow.pk).update(confirmed=True)
    return follow


@pytest.mark.parametrize(
    "word", ["STOP", "stopall", "Unsubscribe", "CANCEL", "end", "QUIT", "baja", "ALTO", "Stop."]
)
def test_it_ends_every_follow_on_stop(word: str) -> None:
    """Each opt-out word, alone, ends every follow of the number and marks it stopped."""
    _follow()
    _follow(target="+525533334444")
    other = _follow(number="+525500001111")
    answer = Phone().text(word)
    assert "no te enviará" in answer
    assert list(Follow.objects.values_list("pk", flat=True)) == [other.pk]
    assert StoppedNumber.objects.count() == 1


def test_it_sends_nothing_to_a_stopped_number_until_it_writes_again() -> None:
    """After STOP, alerts' send_sms refuses the number; a new message from it lifts the stop."""
    phone = Phone()
    phone.text("STOP")
    with pytest.raises(SmsError):
        send_sms(NUMBER, "Aviso")
    assert sms.outbox == []
    assert "1 BUSCAR" in phone.text("hola")
    send_sms(NUMBER, "Aviso")
    assert [message.to for message in sms.outbox] == [NUMBER]


def test_it_does_not_stop_on_a_sentence_with_a_stop_word() -> None:
    """ "end of my contract" is not an opt-out: only the whole message counts."""
    _follow()
    Phone().text("end of my contract")
    assert Follow.objects.count() == 1
    assert not StoppedNumber.objects.exists()


def test_it_treats_twilio_21610_as_a_stop(refusing_gateway: str) -> None:
    """A send the gateway refuses with 21610 ends the number's follows and stops it, like STOP."""
    _follow()
    with (
        override_settings(
            JORNADA_SMS_BACKEND="twilio",
            JORNADA_TWILIO_API_URL=refusing_gateway,
            JORNADA_TWILIO_ACCOUNT_SID="AC" + "0" * 32,
            JORNADA_TWILIO_FROM="+15005550006",
        ),
        pytest.raises(SmsError) as raised,
    ):
        send_sms(NUMBER, "Aviso")
    assert raised.value.code == 21610
    assert not Follow.objects.exists()
    assert StoppedNumber.objects.count() == 1


def test_it_handles_a_duplicate_delivery_once_and_answers_it_the_same() -> None:
    """The same MessageSid delivered twice changes nothing the second time and gets the same answer.

    A gateway retries a message whose answer never reached it (the server died between the
    commit and the response); silence would lose that answer for good.
    """
    params = twilio_params("REPORTAR", sid="SM" + "d" * 32)
    first = replies(twilio_post(Client(), params))
    assert first
    assert replies(twilio_post(Client(), params)) == first
    assert Conversation.objects.get().step == "who"
    seen = SeenMessage.objects.get()
    assert "d" * 32 not in seen.digest  # only a keyed hash
    assert seen.replies_encrypted
    assert "1/5" not in seen.replies_encrypted  # kept encrypted


def test_it_answers_a_late_duplicate_with_nothing_and_forgets_the_replies() -> None:
    """Past the replay time a duplicate gets an empty answer, and the kept replies are blanked."""
    params = twilio_params("REPORTAR", sid="SM" + "e" * 32)
    assert replies(twilio_post(Client(), params))
    SeenMessage.objects.update(replies_until=timezone.now() - dt.timedelta(seconds=1))
    assert replies(twilio_post(Client(), params)) == []
    assert Conversation.objects.get().step == "who"
    Phone().text("hola")  # any later message blanks replies past their time
    seen = SeenMessage.objects.get(digest=SeenMessage.objects.order_by("expires_at").first().digest)
    assert (seen.replies_encrypted, seen.replies_until) == ("", None)


def test_it_gives_a_report_s_receipt_code_again_when_its_answer_was_lost() -> None:
    """The last answer of a report lost on the way: the gateway's retry gets the same receipt code.

    The code is kept only encrypted, and only for the replay time.
    """
    phone = Phone()
    for answer in ("REPORTAR", "Licenciado Ficticio Ramírez", "0", "dinero para la visa", "0"):
        phone.text(answer)
    last = twilio_params("2", sid="SM" + "f" * 32)
    code = receipt_code("\n".join(replies(twilio_post(Client(), last))))  # the answer is lost
    assert code
    assert code in "\n".join(replies(twilio_post(Client(), last)))
    assert ScamReport.objects.count() == 1
    assert code not in whole_database()
    call_command("prune", verbosity=0)
    SeenMessage.objects.update(replies_until=timezone.now() - dt.timedelta(seconds=1))
    call_command("prune", verbosity=0)
    assert not SeenMessage.objects.exclude(replies_encrypted="").exists()


def test_it_deletes_expired_conversations_and_tells_the_worker(settings: Any) -> None:
    """After the configured hours a half-finished report is discarded; the worker is told when back."""
    settings.JORNADA_MESSAGING_CONVERSATION_HOURS = 2
    phone = Phone()
    phone.text("REPORTAR")
    phone.text("Persona Inventada")
    conversation = Conversation.objects.get()
    assert conversation.answers_encrypted
    Conversation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    SeenMessage.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    call_command("prune", verbosity=0)
    left = Conversation.objects.get()
    assert (left.flow, left.step, left.answers_encrypted, left.discarded) == ("", "", "", True)
    assert not SeenMessage.objects.exists()
    answer = phone.text("hola")
    assert "2 horas" in answer
    assert "1 BUSCAR" in answer
    assert "2 horas" not in phone.text("hola")


def test_it_tells_of_an_expired_flow_before_the_prune_runs() -> None:
    """A conversation past its time is treated as expired even if the prune has not run yet."""
    phone = Phone()
    phone.text("AYUDA")
    Conversation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert "24 horas" in phone.text("No me pagaron")
    assert Conversation.objects.get().flow == ""


def test_it_deletes_an_idle_conversation_outright() -> None:
    """An expired conversation that was not in the middle of anything goes entirely."""
    Phone().text("MENU")
    Conversation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    call_command("prune", verbosity=0)
    assert not Conversation.objects.exists()
