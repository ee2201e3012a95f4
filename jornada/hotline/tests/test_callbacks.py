"""Callbacks: asked for without JavaScript, taken, recorded, flagged when overdue, the number erased when done."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jornada.alerts import sms
from jornada.core.models import AuditEvent
from jornada.hotline import services
from jornada.hotline.models import CallbackRequest, CallbackResult, CallbackStatus, Outcome
from jornada.hotline.selectors import callback_queue
from jornada.hotline.tests.helpers import hotline_of
from jornada.hotline.tests.samples import callback_of

pytestmark = pytest.mark.django_db

WORKER_NUMBER = "+52 951 555 0123"


def _form(**changes: str) -> dict[str, str]:
    tomorrow = timezone.localdate() + timedelta(days=1)
    return {
        "day": tomorrow.isoformat(),
        "from_time": "10:00",
        "until_time": "13:00",
        "language": "Mixteco",
        "number": WORKER_NUMBER,
        "may_leave_message": "on",
        "notice_channel": "none",
        **changes,
    }


def _raw_row(pk: int) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM hotline_callbackrequest WHERE id = %s", [pk])
        return repr(cursor.fetchone()).encode()


def test_it_takes_a_callback_request_without_javascript(three_orgs: Any) -> None:
    """A plain form post (no script) keeps the request, with the number sealed and the hours in the line's zone."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    url = reverse("hotline:callback_request", args=[hotline.slug])
    page = self_client().get(url).content.decode()
    assert 'name="number"' in page
    assert "onclick" not in page
    response = self_client().post(url, _form())
    assert response.status_code == 200, response.content.decode()[:3000]
    callback = CallbackRequest.objects.get()
    assert callback.language == "mixteco"
    assert callback.may_leave_message
    assert callback.caller_country == "MX"
    assert callback.window_start.astimezone(hotline.zone()).hour == 10
    assert b"9515550123" not in _raw_row(callback.pk)
    assert "10:00" in response.content.decode()


def self_client() -> Any:
    from django.test import Client

    return Client()


def test_it_refuses_an_impossible_time_and_an_unreadable_number_in_spanish_keeping_the_rest(
    three_orgs: Any,
) -> None:
    """Hours ending before they start and a number that cannot be read: both said in Spanish, the language kept."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    url = reverse("hotline:callback_request", args=[hotline.slug])
    response = self_client().post(url, _form(from_time="15:00", until_time="09:00", number="llámame"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "El final de las horas debe venir después de su inicio." in page
    assert "Este número de teléfono no se puede leer." in page
    assert 'value="Mixteco"' in page
    past = self_client().post(url, _form(day=(timezone.localdate() - timedelta(days=2)).isoformat()))
    assert "Esa hora ya pasó." in past.content.decode()
    impossible = self_client().post(url, _form(day="2026-02-30"))
    assert impossible.status_code == 400
    assert 'value="Mixteco"' in impossible.content.decode()
    assert not CallbackRequest.objects.exists()


def test_it_is_taken_called_and_recorded_and_the_number_erased(three_orgs: Any, staff_client: Any) -> None:
    """Taken by an operator (who alone sees the number), reached, the call recorded: the request is done, its number gone."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    callback = callback_of(hotline)
    client = staff_client(three_orgs.alice)
    url = reverse("hotline:callback", args=[callback.pk])
    assert client.post(url, {"action": "take"}).status_code == 302
    assert "+529515550199" in client.get(url).content.decode()
    reached = client.post(url, {"action": "record", "result": CallbackResult.REACHED, "token": "cb"})
    assert reached.status_code == 302
    callback.refresh_from_db()
    call = callback.call
    assert reached["Location"] == reverse("hotline:call", args=[call.pk])
    assert call.consent_contact
    assert call.caller_number_sealed is not None
    services.call_section_save(
        actor=three_orgs.alice,
        call=call,
        section="consent",
        data={"consent_contact": False, "consent_count": True},
    )
    services.call_end(actor=three_orgs.alice, call=call, outcome=Outcome.ADVICE)
    callback.refresh_from_db()
    assert (callback.status, callback.result) == (CallbackStatus.DONE, CallbackResult.REACHED)
    assert callback.number_sealed is None
    assert callback.data_key is None
    assert callback.erased_on is not None
    assert b"9515550199" not in _raw_row(callback.pk)
    call.refresh_from_db()
    assert call.caller_number_sealed is None, "the caller withdrew consent to be called back"


def test_it_sends_an_unanswered_callback_back_to_the_queue(three_orgs: Any) -> None:
    """No answer: the request waits again (one attempt counted); a message left ends it and erases the number."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    callback = callback_of(hotline)
    services.callback_take(actor=three_orgs.alice, callback=callback)
    services.callback_record(actor=three_orgs.alice, callback=callback, result=CallbackResult.NO_ANSWER)
    callback.refresh_from_db()
    assert (callback.status, callback.attempts, callback.number_sealed is not None) == ("waiting", 1, True)
    services.callback_take(actor=three_orgs.alice, callback=callback)
    services.callback_record(actor=three_orgs.alice, callback=callback, result=CallbackResult.MESSAGE_LEFT)
    callback.refresh_from_db()
    assert (callback.status, callback.number_sealed) == ("done", None)


def test_it_refuses_a_callback_another_operator_took(three_orgs: Any) -> None:
    """Only the operator who took a callback records it; taking it twice is refused."""
    from django.core.exceptions import ValidationError

    from jornada.core.tests.factories import member

    dora = member(three_orgs.a, "advocate", name="Dora", email="dora@example.org")
    hotline = hotline_of(three_orgs.a, three_orgs.alice, dora)
    callback = callback_of(hotline)
    services.callback_take(actor=three_orgs.alice, callback=callback)
    with pytest.raises(ValidationError):
        services.callback_take(actor=dora, callback=callback)
    with pytest.raises(ValidationError):
        services.callback_record(actor=dora, callback=callback, result=CallbackResult.WRONG_NUMBER)


def test_it_lists_the_queue_by_time_waiting_and_language(three_orgs: Any) -> None:
    """The longest waiting first; the language filter keeps only that language."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    newer, older = callback_of(hotline), callback_of(hotline)
    CallbackRequest.objects.filter(pk=older.pk).update(
        requested_at=timezone.now() - timedelta(hours=5), language="mixteco"
    )
    assert [row.callback.pk for row in callback_queue(hotline=hotline)] == [older.pk, newer.pk]
    assert [row.callback.pk for row in callback_queue(hotline=hotline, language="mixteco")] == [older.pk]


def test_it_flags_overdue_requests_to_supervisors(three_orgs: Any, staff_client: Any) -> None:
    """Past the line's limit a waiting request is flagged once, audited, and shown to the supervisors."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice, callback_limit_hours=24)
    callback, fresh = callback_of(hotline), callback_of(hotline)
    CallbackRequest.objects.filter(pk=callback.pk).update(requested_at=timezone.now() - timedelta(hours=25))
    assert services.callbacks_flag_overdue() == 1
    assert services.callbacks_flag_overdue() == 0, "flagged once"
    callback.refresh_from_db()
    fresh.refresh_from_db()
    assert callback.overdue_flagged_at is not None
    assert fresh.overdue_flagged_at is None
    assert AuditEvent.objects.filter(action="hotline.callback_overdue", target_id=str(callback.pk)).exists()
    page = staff_client(three_orgs.alice).get(reverse("hotline:index")).content.decode()
    assert "1 solicitud de llamada espera más allá de su límite." in page
    queue = (
        staff_client(three_orgs.alice).get(reverse("hotline:callbacks", args=[hotline.pk])).content.decode()
    )
    assert "vencida" in queue


def test_it_tells_the_worker_by_sms_when_the_callback_is_scheduled(three_orgs: Any, run_tasks: Any) -> None:
    """A worker who chose an SMS notice gets one with the hours; one who chose none gets nothing."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    sms.outbox.clear()
    url = reverse("hotline:callback_request", args=[hotline.slug])
    with django_capture_on_commit():
        self_client().post(url, _form(notice_channel="sms"))
        self_client().post(url, _form(number="+52 951 555 0124"))
    run_tasks()
    assert [message.to for message in sms.outbox] == ["+529515550123"]
    assert "10:00" in sms.outbox[0].body
    assert "13:00" in sms.outbox[0].body


def django_capture_on_commit() -> Any:
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_it_limits_how_often_one_number_can_be_asked_for(three_orgs: Any) -> None:
    """A fourth request for the same number in a day is refused (429): nobody can have the line text a stranger over and over."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    url = reverse("hotline:callback_request", args=[hotline.slug])
    codes = [self_client().post(url, _form()).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert CallbackRequest.objects.count() == 3


def test_it_reopens_the_same_call_when_a_reached_callback_is_recorded_again(three_orgs: Any) -> None:
    """Recording "reached" twice (a resent form) gives the call already opened, not a second one."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    callback = callback_of(hotline)
    services.callback_take(actor=three_orgs.alice, callback=callback)
    first = services.callback_record(
        actor=three_orgs.alice, callback=callback, result=CallbackResult.REACHED, token="a"
    )
    again = services.callback_record(
        actor=three_orgs.alice, callback=callback, result=CallbackResult.REACHED, token="b"
    )
    assert first.call == again.call
    assert CallbackRequest.objects.get().attempts == 1
