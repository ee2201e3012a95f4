"""Every conversation end to end through the signed Twilio webhook, in Spanish and English,
with typos, accents and numbered answers."""

from __future__ import annotations

from typing import Any

import pytest

from jornada.alerts import sms
from jornada.alerts.models import Follow, ScamReport
from jornada.alerts.tests.factories import published_warning
from jornada.contributions.models import Status
from jornada.intake.models import Intake
from jornada.intake.selectors import intake_personal_read
from jornada.messaging.models import Conversation
from jornada.messaging.tests.helpers import NUMBER, Phone, receipt_code
from jornada.rights.tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_it_answers_the_menu_in_spanish_by_default() -> None:
    """A first message that means nothing gets the Spanish menu, never silence."""
    answer = Phone().text("hola qué tal")
    assert "1 BUSCAR" in answer
    assert "6 URGENTE" in answer


@pytest.mark.parametrize("body", ["🙂🙂", "???", "   ", "zzzz"])
def test_it_answers_the_menu_to_anything_unknown(body: str) -> None:
    """Emoji only, punctuation, blanks and nonsense all get the menu."""
    assert "1 BUSCAR" in Phone().text(body)


@pytest.mark.parametrize("word", ["ENGLISH", "inglés", "Ingles", "englsh"])
def test_it_switches_to_english(word: str) -> None:
    """ENGLISH or INGLÉS, any case or accent, a typo too, switch the conversation to English."""
    phone = Phone()
    assert "1 CHECK" in phone.text(word)
    assert "1 CHECK" in phone.text("menu")
    assert "1 BUSCAR" in phone.text("español")


def test_it_gives_emergency_numbers_at_once() -> None:
    """URGENTE (or a typo of it, or 6 from the menu) lists the emergency numbers."""
    for body in ("URGENTE", "urjente", "6"):
        answer = Phone().text(body)
        assert "911" in answer
        assert "520 623 7874" in answer


def test_it_looks_up_a_number_with_a_warning() -> None:
    """BUSCAR <number> answers in at most two messages: the matching warning, a red flag and the link."""
    published_warning()
    messages = Phone().send("Buscar 55 1234 5678")
    assert 1 <= len(messages) <= 2
    assert "Visas Rápidas Ficticias" in messages[0]
    assert "http://testserver/es/alerts/?q=" in messages[-1]


def test_it_looks_up_by_numbered_menu_with_a_typo_in_english() -> None:
    """1 from the menu asks for the name; the answer says no warning matches, in English."""
    phone = Phone()
    phone.text("ENGLISH")
    assert "Write the name" in phone.text("1")
    answer = phone.text("Reclutadora Inexistente")
    assert "No published scam warning" in answer
    assert "/en/alerts/?q=" in answer
    assert Conversation.objects.get().flow == ""


def test_it_reads_a_rights_article_by_numbers() -> None:
    """DERECHOS lists topics by number; choosing one gives the summary, text and link in ≤ 3 messages."""
    make_article()
    phone = Phone()
    topics = phone.text("derechso")
    assert "1 " in topics
    messages = phone.send("1")
    assert 2 <= len(messages) <= 3
    assert "Nadie te puede cobrar" in messages[0]
    assert "/es/derechos/cobro-de-prueba/" in messages[-1]


def test_it_reads_a_rights_article_in_english() -> None:
    """The same in English: RIGHTS, then 1."""
    make_article()
    phone = Phone()
    phone.text("english")
    assert "Your rights" in phone.text("RIGHTS")
    messages = phone.send("1")
    assert "Nobody can charge you" in messages[0]
    assert "/en/" in messages[-1]


def test_it_takes_a_scam_report_question_by_question() -> None:
    """REPORTAR asks five questions; the report waits in the moderation queue, a receipt code is given."""
    phone = Phone()
    assert "1/5" in phone.text("reportr")
    assert "2/5" in phone.text("Licenciado Ficticio Ramírez")
    assert "3/5" in phone.text("+52 55 9876 1111")
    assert "4/5" in phone.text("dinero para la visa")
    assert "5/5" in phone.text("15,000 pesos")
    answer = phone.text("2")
    code = receipt_code(answer)
    report = ScamReport.objects.get()
    assert report.status == Status.RECEIVED
    assert (report.contact_name, report.asked_for, report.paid) == (
        "Licenciado Ficticio Ramírez",
        "dinero para la visa",
        "no",
    )
    assert (int(report.asked_amount), report.asked_currency) == (15000, "MXN")
    assert report.contact_phone == "+52 55 9876 1111"
    assert code


def test_it_takes_a_report_in_english_with_skipped_questions() -> None:
    """In English, 0 skips a question and "yes" answers the last one."""
    phone = Phone()
    phone.text("ENGLISH")
    assert "1/5" in phone.text("2")
    phone.text("Fictional Visas Inc")
    phone.text("0")
    phone.text("a deposit")
    phone.text("skip")
    assert "receipt code" in phone.text("yes")
    report = ScamReport.objects.get()
    assert (report.contact_organisation or report.contact_name, report.paid) == ("Fictional Visas Inc", "yes")
    assert report.asked_amount is None


def test_it_leaves_a_flow_on_menu_and_keeps_nothing() -> None:
    """MENU in the middle of a report leaves it: nothing is stored."""
    phone = Phone()
    phone.text("REPORTAR")
    phone.text("Alguien Inventado")
    assert "1 BUSCAR" in phone.text("menú")
    assert not ScamReport.objects.exists()
    assert Conversation.objects.get().answers_encrypted == ""


def test_it_follows_a_number_confirmed_by_the_code_it_texts(
    run_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """SEGUIR <number> sends a code by SMS; replying with it confirms the follow, kept encrypted."""
    phone = Phone()
    with django_capture_on_commit_callbacks(execute=True):
        answer = phone.text("seguir +52 55 1234 5678")
    assert "código" in answer
    run_tasks()
    sent = [message for message in sms.outbox if message.to == NUMBER]
    assert sent
    code = receipt_code(sent[-1].body)
    assert "Listo" in phone.text(code.lower())
    follow = Follow.objects.get()
    assert follow.confirmed
    assert follow.channel == "sms"
    assert follow.target == "+525512345678"
    assert NUMBER not in follow.contact_encrypted


def test_it_asks_for_help_and_opens_an_intake(taking: Any) -> None:
    """AYUDA: what happened, where (numbered), contact by text (1): an intake that the organisation can read."""
    phone = Phone()
    assert "1/3" in phone.text("ayduda")
    assert "2/3" in phone.text("No nos pagaron las horas extra.")
    assert "3/3" in phone.text("1")
    answer = phone.text("1")
    assert receipt_code(answer)
    intake = Intake.objects.get()
    personal = intake_personal_read(user=taking.alice, intake_id=intake.pk)
    assert personal.contact == NUMBER
    assert personal.narrative == "No nos pagaron las horas extra."
    assert intake.contact_channel == "sms"


def test_it_asks_for_help_in_english_without_contact(taking: Any) -> None:
    """In English, choosing not to be contacted leaves no number with the intake."""
    phone = Phone()
    phone.text("english")
    assert "1/3" in phone.text("HELP")
    phone.text("They kept my passport.")
    phone.text("3")
    assert "Your request was sent" in phone.text("no")
    intake = Intake.objects.get()
    assert intake.contact_channel == "none"
    assert intake_personal_read(user=taking.alice, intake_id=intake.pk).contact == ""


def test_it_keeps_whatsapp_through_twilio_apart_and_answers_there(taking: Any) -> None:
    """``whatsapp:+52…`` through Twilio is its own conversation; help asked there is answered by WhatsApp."""
    phone = Phone(number="whatsapp:" + NUMBER)
    phone.text("AYUDA")
    Phone().text("MENU")
    assert Conversation.objects.count() == 2
    phone.text("Me quitaron el pasaporte.")
    phone.text("1")
    phone.text("1")
    intake = Intake.objects.get()
    assert intake.contact_channel == "whatsapp"
    assert intake_personal_read(user=taking.alice, intake_id=intake.pk).contact == NUMBER
