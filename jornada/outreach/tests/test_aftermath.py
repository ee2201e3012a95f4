"""After the event: counts recorded by staff, requests and cases linked by the event's code, and
the summaries (exact inside the organisation, "fewer than 11" in what leaves it)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jornada.cases.tests.helpers import open_case
from jornada.intake.models import IntakeRecipient
from jornada.intake.tests.helpers import accepting, submit
from jornada.outreach.aftermath import (
    event_link_case,
    event_link_intake,
    event_outcome_record,
    summary_csv,
    summary_for_campaign,
    summary_for_organisation,
)
from jornada.outreach.models import Campaign, Event, EventLink
from jornada.outreach.tests.helpers import publish

pytestmark = pytest.mark.django_db


def _held(event: Event, attendance: int) -> Event:
    """Move ``event`` into the past and record how many came."""
    past = timezone.now() - timedelta(days=3)
    event.occurrences.update(starts_at=past, ends_at=past + timedelta(hours=2))
    return event_outcome_record(actor=None, event=event, attendance=attendance, referrals_made=1)


def test_it_gives_every_event_a_short_code_to_say_aloud() -> None:
    """A published event has a six-character code without 0/O or 1/I/L, shown on its public page."""
    from django.test import Client

    from jornada.core.tests.factories import OrganisationFactory

    event = publish(OrganisationFactory())
    assert len(event.code) == 6
    assert not set(event.code) & set("0O1IL")
    assert event.code in Client().get(f"/es/eventos/{event.uid}/").content.decode()


def test_it_links_a_case_of_the_organisation_by_the_event_code(three_orgs: Any) -> None:
    """alice links A's case to any event by its code; bob cannot link A's case; a case is linked once."""
    event = publish(three_orgs.b, three_orgs.bob)  # the worker heard of A at B's event
    case = open_case(three_orgs.a, three_orgs.alice)
    link = event_link_case(
        actor=three_orgs.alice, organisation=three_orgs.a, code=event.code.lower(), case_number=case.number
    )
    assert (link.event, link.case) == (event, case)
    with pytest.raises(ValidationError) as raised:
        event_link_case(
            actor=three_orgs.bob, organisation=three_orgs.b, code=event.code, case_number=case.number
        )
    assert raised.value.error_dict["case_number"][0].code == "unknown_case"
    with pytest.raises(ValidationError) as again:
        event_link_case(
            actor=three_orgs.alice, organisation=three_orgs.a, code=event.code, case_number=case.number
        )
    assert again.value.error_dict["case_number"][0].code == "linked"
    with pytest.raises(ValidationError) as unknown:
        event_link_case(
            actor=three_orgs.alice, organisation=three_orgs.a, code="ZZZZZZ", case_number=case.number
        )
    assert unknown.value.error_dict["code"][0].code == "unknown_code"


def test_it_links_a_request_only_for_an_organisation_that_received_it(three_orgs: Any) -> None:
    """A request is linked by the organisation it went to; another organisation gets a clear error."""
    accepting(three_orgs.a)
    submit()
    intake_id = IntakeRecipient.objects.get(organisation=three_orgs.a).intake_id
    event = publish(three_orgs.a, three_orgs.alice)
    event_link_intake(actor=three_orgs.alice, organisation=three_orgs.a, code=event.code, intake_id=intake_id)
    assert EventLink.objects.get().intake_id == intake_id
    with pytest.raises(ValidationError) as raised:
        event_link_intake(
            actor=three_orgs.bob, organisation=three_orgs.b, code=event.code, intake_id=intake_id
        )
    assert raised.value.error_dict["intake"][0].code == "unknown_intake"


def test_its_organisation_summary_counts_events_towns_people_and_requests(three_orgs: Any) -> None:
    """The summary adds held events' attendance, towns and linked requests per campaign; B's events stay out."""
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        slug="sdl-2027", name_es="Semana 2027", name_en="Week 2027", starts_on=today, ends_on=today,
        organisation=three_orgs.a,
    )  # fmt: skip
    first = _held(publish(three_orgs.a, campaign=campaign), 40)
    _held(publish(three_orgs.a, campaign=campaign), 25)
    _held(publish(three_orgs.b, campaign=campaign), 500)
    publish(three_orgs.a)  # still to come: not held
    event_link_case(
        actor=three_orgs.alice, organisation=three_orgs.a, code=first.code,
        case_number=open_case(three_orgs.a, three_orgs.alice).number,
    )  # fmt: skip
    summary = summary_for_organisation(organisation=three_orgs.a, language="es")
    row = summary.rows[0]
    assert (row.label, row.events, row.towns, row.people, row.intakes) == ("Semana 2027", 2, 1, 65, 1)
    assert (summary.total.events, summary.total.people) == (2, 65)
    table = summary.table()
    assert table[1] == ["Semana 2027", "2", "1", "65", "1"]  # inside the organisation: exact


def test_its_export_shows_small_counts_as_fewer_than_eleven(three_orgs: Any) -> None:
    """The CSV that leaves the organisation shows 1 to 10 as "fewer than 11" and hides a cell the total would give away."""
    _held(publish(three_orgs.a), 40)
    summary = summary_for_organisation(organisation=three_orgs.a, language="es")
    rows = list(csv.reader(io.StringIO(summary_csv(summary))))
    by_label = {row[0]: row for row in rows[2:]}
    outside = by_label["Eventos fuera de una campaña"]
    assert outside[1] == "menos de 11"  # one event held
    assert outside[3] == "40"
    assert "1" not in [cell for row in rows[2:] for cell in row[1:]]
    total = by_label["Total"]
    assert total[1] != "1"
    assert total[3] == "40"


def test_its_campaign_summary_crosses_organisations_only_with_disclosure_control(three_orgs: Any) -> None:
    """A's view of a shared campaign shows A's row and B's events as "other organisations", never B's small exact counts."""
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        slug="sdl-2028", name_es="Semana 2028", name_en="Week 2028", starts_on=today, ends_on=today,
        organisation=three_orgs.a,
    )  # fmt: skip
    _held(publish(three_orgs.a, campaign=campaign), 30)
    _held(publish(three_orgs.b, campaign=campaign), 7)
    summary = summary_for_campaign(campaign=campaign, organisation_ids=[three_orgs.a.pk], language="es")
    labels = [row.label for row in summary.rows]
    assert three_orgs.b.name not in labels
    assert "Otras organizaciones" in labels
    table = summary.table()
    others = next(line for line in table if line[0] == "Otras organizaciones")
    assert others[3] == "menos de 11"
    assert "7" not in [cell for line in table[1:] for cell in line[1:]]
    people = [line[3] for line in table[1:]]
    assert people[-1] == "37"  # the campaign's total, shown...
    assert "30" not in people  # ...so A's own 30 is hidden: 37 - 30 would give B's 7


def test_its_staff_pages_work_and_isolate_organisations(three_orgs: Any, staff_client: Any) -> None:
    """alice records counts on A's event and sees A's summary with its chart; bob gets 404 on A's event."""
    event = publish(three_orgs.a, three_orgs.alice)
    alice = staff_client(three_orgs.alice)
    response = alice.post(
        f"/es/staff/events/{event.pk}/outcome/", {"attendance": "35", "referrals_made": "4"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.attendance, event.referrals_made) == (35, 4)
    assert staff_client(three_orgs.bob).get(f"/es/staff/events/{event.pk}/outcome/").status_code == 404
    page = alice.get("/es/staff/outreach/summary/").content.decode()
    assert "<svg" in page
    assert "<table>" in page
    export = alice.get("/es/staff/outreach/summary.csv")
    assert export["Content-Type"].startswith("text/csv")
    case = open_case(three_orgs.a, three_orgs.alice)
    linked = alice.post(
        "/es/staff/outreach/links/",
        {"organisation": three_orgs.a.pk, "code": event.code, "case_number": case.number},
    )
    assert linked.status_code == 302
    assert EventLink.objects.filter(case=case, event=event).exists()
