"""LLÁMAME / CALL ME end to end through the signed Twilio webhook: a hotline's callback request by text
message, made by the hotline's own service, the number sealed there and nowhere else."""

from __future__ import annotations

from typing import Any

import pytest

from jornada.hotline.keys import record_key_unwrap, sealed_get
from jornada.hotline.models import CallbackRequest, CallbackStatus
from jornada.hotline.selectors import callback_windows
from jornada.hotline.tests.helpers import hotline_of
from jornada.messaging.models import Conversation
from jornada.messaging.tests.helpers import NUMBER, Phone

pytestmark = pytest.mark.django_db


def _in_zone(callback: CallbackRequest) -> tuple[str, str, str]:
    zone = callback.hotline.zone()
    start, end = callback.window_start.astimezone(zone), callback.window_end.astimezone(zone)
    return start.date().isoformat(), start.strftime("%H:%M"), end.strftime("%H:%M")


def test_it_takes_a_callback_request_in_spanish_with_a_typo_and_numbers(three_orgs: Any) -> None:
    """Lláme (a typo of LLÁMAME) with one line: when, language and message by number; the request is sealed."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)  # languages: Spanish and Mixteco
    windows = callback_windows(hotline=hotline)
    phone = Phone()
    when = phone.text("Lláme")
    assert "Línea Centro A" in when
    assert "America/Mexico_City" in when
    assert f"2 {windows[1].start:%H:%M}" not in when  # each window carries its day first
    assert f"{windows[1].start:%H:%M} a {windows[1].end:%H:%M}" in when
    assert "1 Español\n2 Mixteco" in phone.text("2")
    assert "1 Sí" in phone.text("mixteco")  # a language by its name works as its number
    done = phone.text("1")
    assert "Línea Centro A te llamará" in done
    assert "podrán dejarte un mensaje" in done
    callback = CallbackRequest.objects.get()
    assert (callback.hotline, callback.status) == (hotline, CallbackStatus.WAITING)
    assert _in_zone(callback) == (
        windows[1].day.isoformat(),
        f"{windows[1].start:%H:%M}",
        f"{windows[1].end:%H:%M}",
    )
    assert callback.language == "mixteco"
    assert callback.may_leave_message is True
    assert callback.caller_country == "MX"
    assert sealed_get(callback, record_key_unwrap(callback), "number") == NUMBER
    assert Conversation.objects.get().flow == ""


def test_it_asks_which_line_in_english_when_several_take_callbacks(three_orgs: Any) -> None:
    """CALL ME in English with two lines: a numbered list of lines, then when; one language is not asked."""
    hotline_of(three_orgs.a, three_orgs.alice)
    other = hotline_of(
        three_orgs.b,
        three_orgs.bob,
        name="Zeta Line",
        slug="zeta",
        languages=["en"],
        time_zone="America/New_York",
    )
    hotline_of(three_orgs.b, three_orgs.bob, name="Closed line", slug="closed", takes_callbacks=False)
    phone = Phone()
    phone.send("ENGLISH")
    lines = phone.text("call me")
    assert "1 Línea Centro A\n2 Zeta Line" in lines
    assert "Closed line" not in lines
    assert "America/New_York" in phone.text("2")
    assert "1 Yes" in phone.text("1")  # one language only: straight to the message question
    done = phone.text("no")
    assert "Zeta Line will call you on" in done
    assert "they will not leave a message" in done
    callback = CallbackRequest.objects.get()
    assert (callback.hotline, callback.language, callback.may_leave_message) == (other, "en", False)


def test_it_is_on_the_numbered_menu_and_leaves_for_another_command() -> None:
    """7 on the menu starts it; with no line taking callbacks it says so."""
    phone = Phone()
    assert "7 LLÁMAME" in phone.text("menu")
    assert "Ninguna línea" in phone.text("7")


def test_it_repeats_the_question_to_an_answer_not_on_the_list(three_orgs: Any) -> None:
    """A window number that is not offered asks again; BUSCAR in the middle leaves the request unmade."""
    hotline_of(three_orgs.a, three_orgs.alice)
    phone = Phone()
    phone.send("LLAMAME")
    assert "¿cuándo podemos llamarte?" in phone.text("99")
    assert "no se guardó nada" in phone.text("BUSCAR")
    assert not CallbackRequest.objects.exists()
