"""Supervisors' monitoring: exact figures on the page, counts 1-10 as "<11" in the CSV that leaves."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jornada.conftest import ThreeOrganisations
from jornada.core.models import User
from jornada.protocols.models import ProtocolStepRecord
from jornada.protocols.monitoring import disclosed, protocol_monitoring_read
from jornada.protocols.services import protocol_step_complete
from jornada.protocols.tests.helpers import answers_for, protocol_case

StaffClient = Callable[[User], Client]


def test_it_counts_opened_cases_overdue_steps_pending_handoffs_and_first_interviews(
    three_orgs: ThreeOrganisations,
) -> None:
    """Two trafficking cases of A: two opened this month, overdue and pending figures, an interview wait."""
    first = protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    protocol_case(three_orgs.a, three_orgs.charlie, "trafficking")
    protocol_case(three_orgs.b, three_orgs.bob, "trafficking")  # another organisation: not counted
    step = ProtocolStepRecord.objects.get(protocol__case=first, step__key="first-contact").step
    protocol_step_complete(
        actor=three_orgs.charlie, case=first, step_key="first-contact", answers=answers_for(step)
    )
    ProtocolStepRecord.objects.filter(protocol__case=first, step__key="screening").update(
        due_at=timezone.now() - dt.timedelta(hours=1)
    )
    [entry] = protocol_monitoring_read(organisation=three_orgs.a, language="es")
    month = timezone.localtime().strftime("%Y-%m")
    assert entry.opened == {month: 2}
    assert entry.closed == {}
    assert entry.overdue_steps == 1
    assert entry.handoffs_pending == 4  # law enforcement and services referral, in each case
    assert entry.hours_to_first_interview is not None
    assert entry.hours_to_first_interview < 1


def test_it_discloses_small_counts_as_fewer_than_11() -> None:
    """0 stays 0, 1 to 10 become "<11", 11 stays 11."""
    assert [disclosed(n) for n in (0, 1, 10, 11)] == ["0", "<11", "<11", "11"]


def test_it_shows_exact_figures_on_the_page_and_suppressed_ones_in_the_csv(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """The page (inside the organisation) says 2 opened; the CSV download says "<11"."""
    protocol_case(three_orgs.a, three_orgs.charlie, "gender-based-violence")
    protocol_case(three_orgs.a, three_orgs.charlie, "gender-based-violence")
    client = staff_client(three_orgs.alice)
    body = client.get(reverse("protocols:monitoring", args=[three_orgs.a.slug])).content.decode()
    assert "Violencia de género" in body
    assert "<td>2</td>" in body
    response = client.get(reverse("protocols:monitoring_csv", args=[three_orgs.a.slug]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    month_rows = [row for row in rows[1:] if row[1]]
    assert month_rows[0][2] == "<11"
    assert "2" not in {cell for row in month_rows for cell in row[2:4]}


def test_it_opens_monitoring_to_supervisors_only(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """charlie (an advocate, not a supervisor) is refused the monitoring page."""
    response = staff_client(three_orgs.charlie).get(reverse("protocols:monitoring", args=[three_orgs.a.slug]))
    assert response.status_code == 403


def test_it_leaves_out_a_median_of_fewer_than_11_cases_from_the_csv() -> None:
    """A median wait over a handful of cases is nearly one case's own timing: the download leaves it blank."""
    from jornada.protocols.monitoring import ProtocolFigures, monitoring_csv_rows

    few = ProtocolFigures("trafficking", "Trata", hours_to_first_interview=5.5, interviewed=3)
    many = ProtocolFigures("child", "Niñez", hours_to_first_interview=7.0, interviewed=11)
    rows = monitoring_csv_rows([few, many])
    assert rows[1][4] == ""
    assert rows[2][4] == "7.0"
