"""Contacts with the worker: recorded sealed, sent only by the worker's chosen channel, never logging the address."""

from __future__ import annotations

import datetime as dt
import json
import logging
import smtplib
import urllib.error
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from jornada.alerts import sms
from jornada.cases.contacts import case_contact_record, case_contacts_read, case_message_send
from jornada.cases.models import CaseContact
from jornada.cases.services import case_anonymise
from jornada.cases.tests.helpers import SUMMARY, open_case, table_dump
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent, User

StaffClient = Callable[[User], Client]
pytestmark = pytest.mark.django_db

PHONE = "+52 1 55 5555 0177"
PHONE_DIGITS = "5215555550177"
EMAIL = "trabajador.marcador7q@example.net"
TWILIO = {
    "JORNADA_SMS_BACKEND": "twilio",
    "JORNADA_TWILIO_API_URL": "https://sms.example.org",
    "JORNADA_TWILIO_ACCOUNT_SID": "AC123",
    "JORNADA_TWILIO_AUTH_TOKEN": "token",
    "JORNADA_TWILIO_FROM": "+15550000000",
}


@pytest.fixture(autouse=True)
def _empty_outbox() -> None:
    sms.outbox.clear()


def _sms_case(orgs: ThreeOrganisations, **fields: Any) -> Any:
    values = {
        "contact": f"SMS al {PHONE}, por la noche",
        "contact_channel": "sms",
        "safe_times": "Después de las 8 pm",
    }
    return open_case(orgs.a, orgs.alice, **{**values, **fields})


def _no_address_anywhere(text: str) -> None:
    # The local tail of the number, long enough not to turn up by chance inside a random row id.
    for secret in (PHONE, PHONE_DIGITS, EMAIL, "55550177", "5555 0177"):
        assert secret not in text, secret


def test_it_records_a_contact_with_its_summary_sealed(three_orgs: ThreeOrganisations) -> None:
    """Date, channel and direction in clear; the summary only through the audited read."""
    case = open_case(three_orgs.a, three_orgs.alice)
    case_contact_record(
        actor=three_orgs.charlie,
        case=case,
        contacted_on=timezone.localdate(),
        method="whatsapp",
        direction="incoming",
        summary=SUMMARY,
    )
    assert SUMMARY.encode() not in table_dump(CaseContact._meta.db_table, AuditEvent._meta.db_table)
    (view,) = case_contacts_read(user=three_orgs.alice, case_id=case.pk)
    assert (view.summary, view.method, view.direction, view.author_name) == (
        SUMMARY,
        "whatsapp",
        "incoming",
        "Charlie",
    )
    assert AuditEvent.objects.filter(action="case.contacts_read", actor=three_orgs.alice).exists()


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"summary": ""}, "summary", "required"),
        ({"summary": "x" * 5001}, "summary", "too_long"),
        ({"summary": "a\x07b"}, "summary", "control_characters"),
        ({"contacted_on": None}, "contacted_on", "required"),
        ({"contacted_on": "tomorrow"}, "contacted_on", "future"),
        ({"method": "pigeon"}, "method", "invalid_choice"),
        ({"direction": "sideways"}, "direction", "invalid_choice"),
    ],
)
def test_it_refuses_bad_contacts_naming_the_field(
    three_orgs: ThreeOrganisations, values: dict[str, Any], field: str, code: str
) -> None:
    """Each bad value is an error on its own field, and nothing is recorded."""
    case = open_case(three_orgs.a, three_orgs.alice)
    if values.get("contacted_on") == "tomorrow":
        values["contacted_on"] = timezone.localdate() + dt.timedelta(days=1)
    arguments = {
        "contacted_on": timezone.localdate(),
        "method": "call",
        "direction": "outgoing",
        "summary": "ok",
    }
    with pytest.raises(ValidationError) as raised:
        case_contact_record(actor=three_orgs.alice, case=case, **{**arguments, **values})
    assert raised.value.error_dict[field][0].code == code
    assert not CaseContact.objects.exists()


def test_it_shows_the_chosen_channel_safe_times_and_message_rule(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """The case page's contacts section says how, when, and that no message may be left."""
    case = _sms_case(three_orgs)
    with translation.override("en"):
        body = staff_client(three_orgs.alice).get(reverse("cases:detail", args=[case.pk])).content.decode()
    section = body[body.index('id="contacts"') :]
    assert "SMS" in section
    assert "Después de las 8 pm" in section
    assert "leave no message" in section


def test_it_sends_an_sms_by_the_chosen_channel_and_records_it(
    three_orgs: ThreeOrganisations, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """The console gateway gets the number; its printout and every log line show it masked at most."""
    case = _sms_case(three_orgs)
    with caplog.at_level(logging.DEBUG):
        case_message_send(actor=three_orgs.alice, case=case, text="Hola, le llamamos mañana.")
    assert sms.outbox == [sms.Sms("+" + PHONE_DIGITS, "Hola, le llamamos mañana.")]
    contact = CaseContact.objects.get()
    assert (contact.method, contact.direction, contact.sent_by_jornada) == ("sms", "outgoing", True)
    _no_address_anywhere(capsys.readouterr().out + caplog.text)
    assert not DBTaskResult.objects.exists(), "sent in the request: no task row holds anything of it"
    stored = table_dump(CaseContact._meta.db_table, AuditEvent._meta.db_table).decode("utf-8", "replace")
    _no_address_anywhere(stored)
    assert "le llamamos" not in stored, "the message is kept only sealed, as the contact's summary"


def test_it_sends_through_twilio_without_logging_the_number(
    three_orgs: ThreeOrganisations, caplog: pytest.LogCaptureFixture
) -> None:
    """A refused send through the Twilio backend reports why without the number, and records nothing."""
    case = _sms_case(three_orgs)
    refused = urllib.error.HTTPError("https://sms.example.org", 400, f"bad number {PHONE}", {}, None)  # type: ignore[arg-type]
    with (
        override_settings(**TWILIO),
        mock.patch("urllib.request.urlopen", side_effect=refused),
        caplog.at_level(logging.DEBUG),
        pytest.raises(ValidationError) as raised,
    ):
        case_message_send(actor=three_orgs.alice, case=case, text="Hola")
    error = raised.value.error_dict["text"][0]
    assert error.code == "send_failed"
    _no_address_anywhere(str(error.message % error.params) + caplog.text)
    assert not CaseContact.objects.exists()

    answer = mock.MagicMock()
    answer.__enter__.return_value.read.return_value = json.dumps({"status": "queued"}).encode()
    with (
        override_settings(**TWILIO),
        mock.patch("urllib.request.urlopen", return_value=answer) as urlopen,
        caplog.at_level(logging.DEBUG),
    ):
        case_message_send(actor=three_orgs.alice, case=case, text="Hola")
    assert b"To=%2B" + PHONE_DIGITS.encode() in urlopen.call_args.args[0].data
    _no_address_anywhere(caplog.text)
    assert CaseContact.objects.count() == 1


def test_it_sends_an_email_without_printing_or_logging_the_address(
    three_orgs: ThreeOrganisations, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """Through Jornada's console mail backend (the default without SMTP) the address is hidden."""
    case = open_case(three_orgs.a, three_orgs.alice, contact=f"correo: {EMAIL}", contact_channel="email")
    with override_settings(EMAIL_BACKEND="jornada.core.mail.ConsoleBackend"), caplog.at_level(logging.DEBUG):
        case_message_send(actor=three_orgs.alice, case=case, text="Buenas tardes.")
    printed = capsys.readouterr().out
    assert "Buenas tardes." in printed
    _no_address_anywhere(printed + caplog.text)
    assert CaseContact.objects.get().method == "email"


def test_it_reports_an_smtp_refusal_without_the_address(
    three_orgs: ThreeOrganisations, caplog: pytest.LogCaptureFixture
) -> None:
    """An SMTP server refusing the recipient: the advocate sees the error's class, never the address."""
    case = open_case(three_orgs.a, three_orgs.alice, contact=f"correo: {EMAIL}", contact_channel="email")
    refused = smtplib.SMTPRecipientsRefused({EMAIL: (550, f"no mailbox {EMAIL}".encode())})
    smtp_connection = mock.MagicMock()
    smtp_connection.sendmail.side_effect = refused
    with (
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="smtp.invalid"
        ),
        mock.patch("smtplib.SMTP", return_value=smtp_connection),
        caplog.at_level(logging.DEBUG),
        pytest.raises(ValidationError) as raised,
    ):
        case_message_send(actor=three_orgs.alice, case=case, text="Hola")
    error = raised.value.error_dict["text"][0]
    message = str(error.message % error.params)
    assert "SMTPRecipientsRefused" in message
    _no_address_anywhere(message + caplog.text)
    assert not CaseContact.objects.exists()


@pytest.mark.parametrize(
    ("channel", "contact", "code"),
    [
        ("none", PHONE, "channel_refused"),
        ("whatsapp", PHONE, "channel_refused"),
        ("call", PHONE, "channel_refused"),
        ("sms", "sin número", "no_address"),
        ("email", PHONE, "no_address"),
    ],
)
def test_it_refuses_to_send_against_the_workers_choice(
    three_orgs: ThreeOrganisations, channel: str, contact: str, code: str
) -> None:
    """No contact, another channel, or nothing to send to: refused, nothing sent or recorded."""
    case = open_case(three_orgs.a, three_orgs.alice, contact=contact, contact_channel=channel)
    with pytest.raises(ValidationError) as raised:
        case_message_send(actor=three_orgs.alice, case=case, text="Hola")
    assert raised.value.error_dict["text"][0].code == code
    assert sms.outbox == []
    assert mail.outbox == []
    assert not CaseContact.objects.exists()


def test_it_refuses_to_send_on_an_anonymised_case(three_orgs: ThreeOrganisations) -> None:
    """Anonymising resets the channel to "none": nothing can be sent any more, even from an old copy."""
    case = _sms_case(three_orgs)
    case_anonymise(case=case, reason="withdrawn")
    with pytest.raises(ValidationError):
        case_message_send(actor=three_orgs.alice, case=case, text="Hola")
    assert sms.outbox == []


def test_it_sends_from_the_case_page(three_orgs: ThreeOrganisations, staff_client: StaffClient) -> None:
    """The form sends, records and returns to the contacts; with "none" the page says why it cannot."""
    case = _sms_case(three_orgs)
    client = staff_client(three_orgs.charlie)
    response = client.post(reverse("cases:message_send", args=[case.pk]), {"text": "Hola"})
    assert response.status_code == 302
    assert len(sms.outbox) == 1
    silent = open_case(three_orgs.a, three_orgs.alice)
    with translation.override("en"):
        body = client.get(reverse("cases:message_send", args=[silent.pk])).content.decode()
    assert "The worker asked not to be contacted." in body
    with translation.override("es"):
        response = client.post(reverse("cases:message_send", args=[silent.pk]), {"text": "Hola"})
    assert "La persona trabajadora pidió que no se le contacte." in response.content.decode()
    assert len(sms.outbox) == 1


def test_it_erases_contact_summaries_when_the_case_is_anonymised(three_orgs: ThreeOrganisations) -> None:
    """The contacts stay (channel, month) for the counts; their summaries and exact days go."""
    case = open_case(three_orgs.a, three_orgs.alice)
    case_contact_record(
        actor=three_orgs.alice,
        case=case,
        contacted_on=timezone.localdate(),
        method="call",
        direction="outgoing",
        summary=SUMMARY,
    )
    case_anonymise(case=case, reason="retention")
    contact = CaseContact.objects.get()
    assert contact.summary_sealed is None
    assert contact.contacted_on == timezone.localdate().replace(day=1)
    written = contact.created_at.astimezone(dt.UTC)
    assert (written.day, written.hour, written.minute, written.second) == (1, 0, 0, 0)
