"""The call screen: one click starts one record, each section saves alone, a follow-up lands in the queue."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jornada.cases.models import PartyRole
from jornada.cases.tests.helpers import open_case
from jornada.cases.workflow import case_party_add
from jornada.directory.services.refresh import search_entries_refresh
from jornada.directory.tests.factories import EmployerFactory
from jornada.hotline import services
from jornada.hotline.models import Call, Outcome
from jornada.hotline.tests.helpers import CALLER, NARRATIVE, NUMBER, full_call, hotline_of
from jornada.intake.models import IntakeRecipient, RecipientDecision
from jornada.intake.selectors import intake_personal_read

pytestmark = pytest.mark.django_db

SECTIONS: dict[str, dict[str, Any]] = {
    "consent": {
        "consent_contact": "on",
        "caller_number": NUMBER,
        "may_leave_message": "on",
        "caller_name": CALLER,
        "consent_count": "on",
        "consent_share": "on",
    },
    "what": {"categories": ["wage-theft", "document-retention"], "narrative": NARRATIVE},
    "who": {"party_name": "Patrón-7Q"},
    "where": {"caller_country": "US", "place": "US-NC", "whereabouts": "us"},
    "language": {"language": "Mixteco"},
    "urgency": {"urgent_reasons": ["documents_taken"]},
}


def _start(client: Any, hotline: Any, token: str = "tok-1") -> Any:  # noqa: S107 - a form token
    return client.post(reverse("hotline:index"), {"hotline": hotline.pk, "token": token})


def test_it_takes_a_call_through_to_a_request_in_the_queue_with_every_answer(
    three_orgs: Any, staff_client: Any
) -> None:
    """Start, save every section by its own button, end with "request opened": the queue shows it, every answer kept."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    client = staff_client(three_orgs.alice)
    started = _start(client, hotline)
    assert started.status_code == 302
    call = Call.objects.get()
    url = reverse("hotline:call", args=[call.pk])
    assert started["Location"] == url
    for section, data in SECTIONS.items():
        response = client.post(url, {"section": section, **data})
        assert response.status_code == 302, (section, response.content.decode()[:2000])
    ended = client.post(url, {"section": "end", "outcome": Outcome.INTAKE_OWN}, follow=True)
    assert ended.status_code == 200
    call.refresh_from_db()
    assert call.outcome == Outcome.INTAKE_OWN
    assert call.minutes is not None
    assert call.minutes >= 1
    intake = call.intake
    assert intake is not None
    assert intake.opened_on_call
    assert IntakeRecipient.objects.get(intake=intake).organisation == three_orgs.a
    queue = client.get(reverse("intake_staff:queue"), {"organisation": three_orgs.a.slug}).content.decode()
    assert reverse("intake_staff:detail", args=[intake.pk]) in queue
    personal = intake_personal_read(user=three_orgs.alice, intake_id=intake.pk)
    assert (personal.narrative, personal.worker_name, personal.party_name) == (NARRATIVE, CALLER, "Patrón-7Q")
    assert personal.contact == "+529515550144"
    assert intake.categories == ["wage-theft", "document-retention"]
    assert (intake.place, intake.whereabouts, intake.language) == ("US-NC", "us", "mixteco")
    assert intake.urgent
    assert intake.urgent_reasons == ["documents_taken"]
    assert (intake.contact_channel, intake.may_leave_message) == ("call", True)
    assert (intake.consent_contact, intake.consent_count, intake.consent_share) == (True, True, True)
    assert "opened on a call" in queue or "abierta en una llamada" in queue


def test_it_opens_one_record_on_a_double_click(three_orgs: Any, staff_client: Any) -> None:
    """The same start form posted twice (same token) opens one call; a new page's token opens another."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    client = staff_client(three_orgs.alice)
    first, second = _start(client, hotline), _start(client, hotline)
    assert first["Location"] == second["Location"]
    assert Call.objects.count() == 1
    _start(client, hotline, token="tok-2")
    assert Call.objects.count() == 2


def test_it_refuses_to_end_a_call_without_an_outcome_in_spanish(three_orgs: Any, staff_client: Any) -> None:
    """No outcome: a 400 with the translated message, the call stays open and nothing saved is lost."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    call = services.call_start(actor=three_orgs.alice, hotline=hotline, token="t")
    services.call_section_save(
        actor=three_orgs.alice, call=call, section="what", data={"narrative": NARRATIVE}
    )
    response = staff_client(three_orgs.alice).post(
        reverse("hotline:call", args=[call.pk]), {"section": "end"}
    )
    assert response.status_code == 400
    assert "Elija cómo terminó la llamada" in response.content.decode()
    call.refresh_from_db()
    assert call.is_open()
    assert call.narrative_sealed is not None


def test_it_says_what_is_missing_before_a_request_can_open(three_orgs: Any) -> None:
    """A follow-up needs the intake's answers (where the caller is): the call stays open and says so."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    call = services.call_start(actor=three_orgs.alice, hotline=hotline, token="t")
    with pytest.raises(ValidationError) as raised:
        services.call_end(actor=three_orgs.alice, call=call, outcome=Outcome.INTAKE_OWN)
    assert raised.value.error_dict["outcome"][0].code == "intake_incomplete"  # type: ignore[attr-defined]
    call.refresh_from_db()
    assert call.is_open()
    assert call.intake is None


def test_it_keeps_the_number_only_with_consent_and_sealed(three_orgs: Any) -> None:
    """Without consent to a callback no number is kept; with it, it is sealed (not in the row in clear)."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    refused = full_call(
        hotline,
        three_orgs.alice,
        consent={"consent_contact": False, "caller_number": NUMBER, "consent_count": True},
    )
    assert refused.caller_number_sealed is None
    agreed = full_call(hotline, three_orgs.alice)
    sealed = bytes(agreed.caller_number_sealed)
    assert b"9515550144" not in sealed
    assert b"Relato" not in bytes(agreed.narrative_sealed)


def test_it_refuses_an_unreadable_number_in_spanish(three_orgs: Any, staff_client: Any) -> None:
    """A callback number that cannot be read is refused with a translated answer; the section is not saved."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    call = services.call_start(actor=three_orgs.alice, hotline=hotline, token="t")
    response = staff_client(three_orgs.alice).post(
        reverse("hotline:call", args=[call.pk]),
        {"section": "consent", "consent_contact": "on", "caller_number": "12"},
    )
    assert response.status_code == 400
    assert "no se puede leer" in response.content.decode()


def test_it_searches_the_directory_and_shows_the_conflict_from_the_call_screen(
    three_orgs: Any, staff_client: Any
) -> None:
    """The search box finds the employer; linking it shows the organisation's cases naming it."""
    employer = EmployerFactory(name="Campos Buscados LLC")
    search_entries_refresh("employer", [employer.pk])
    case = open_case(three_orgs.a, three_orgs.alice)
    case_party_add(actor=three_orgs.alice, case=case, role=PartyRole.EMPLOYER, employer=employer)
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    call = services.call_start(actor=three_orgs.alice, hotline=hotline, token="t")
    client = staff_client(three_orgs.alice)
    url = reverse("hotline:call", args=[call.pk])
    page = client.get(url, {"q": "campos buscados"}).content.decode()
    assert f'value="employer:{employer.pk}"' in page
    assert client.post(url, {"section": "who", "party": f"employer:{employer.pk}"}).status_code == 302
    page = client.get(url).content.decode()
    assert case.number in page
    call.refresh_from_db()
    assert call.employer == employer


def test_it_records_the_length_to_the_minute(three_orgs: Any) -> None:
    """A started minute counts whole: 61 seconds is 2 minutes, a few seconds is 1."""
    from datetime import datetime, timedelta

    start = datetime(2026, 3, 1, 10, 0)
    assert services.call_minutes(start, start + timedelta(seconds=5)) == 1
    assert services.call_minutes(start, start + timedelta(seconds=61)) == 2


def test_it_opens_a_request_for_a_partner_only_with_consent_to_share(three_orgs: Any) -> None:
    """A partner taking such requests gets it when the caller agreed to share; without consent it is refused."""
    from jornada.intake.tests.helpers import accepting

    accepting(three_orgs.b)
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    where = {"where": {"caller_country": "MX", "place": "MX-OAX", "whereabouts": "home"}}
    call = full_call(hotline, three_orgs.alice, outcome=Outcome.ADVICE, **where)
    assert call.intake is None
    shared = services.call_start(actor=three_orgs.alice, hotline=hotline, token="p")
    for section, data in {
        "what": {"categories": ["wage-theft"]},
        "where": where["where"],
        "language": {"language": "es"},
    }.items():
        services.call_section_save(actor=three_orgs.alice, call=shared, section=section, data=data)
    with pytest.raises(ValidationError) as refused:
        services.call_end(
            actor=three_orgs.alice, call=shared, outcome=Outcome.INTAKE_PARTNER, partner=three_orgs.b
        )
    assert refused.value.error_dict["outcome"][0].code == "intake_incomplete"  # type: ignore[attr-defined]
    services.call_section_save(
        actor=three_orgs.alice,
        call=shared,
        section="consent",
        data={"consent_share": True, "consent_count": True},
    )
    ended = services.call_end(
        actor=three_orgs.alice, call=shared, outcome=Outcome.INTAKE_PARTNER, partner=three_orgs.b
    )
    recipient = IntakeRecipient.objects.get(intake=ended.call.intake)
    assert recipient.organisation == three_orgs.b
    assert recipient.decision == RecipientDecision.PENDING


def test_it_shows_every_section_as_plain_checkboxes_radios_and_save_buttons(
    three_orgs: Any, staff_client: Any
) -> None:
    """Without JavaScript: the consent script, a save button per section, categories as checkboxes, outcomes as radios."""
    hotline = hotline_of(three_orgs.a, three_orgs.alice)
    call = services.call_start(actor=three_orgs.alice, hotline=hotline, token="t")
    page = staff_client(three_orgs.alice).get(reverse("hotline:call", args=[call.pk])).content.decode()
    assert "Esta llamada es confidencial." in page
    assert page.count("Guardar esta parte") == 6
    assert 'type="checkbox" name="categories" value="wage-theft"' in page
    assert 'type="radio" name="outcome" value="intake_own"' in page
    assert "<script" not in page.split("<main", 1)[-1]
