"""The staff intake queue: what waits, in which order, filtered, and only the reader's organisation's."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.urls import reverse

from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent, Membership, User
from jornada.core.tests.factories import member
from jornada.directory.tests.factories import EmployerFactory, RecruiterFactory
from jornada.intake.models import Intake, IntakeRecipient, IntakeStatus, RecipientDecision
from jornada.intake.selectors_staff import (
    QueueFilters,
    intake_queue,
    intake_queue_counts,
    queue_organisation,
)
from jornada.intake.services import intake_withdraw
from jornada.intake.services_staff import intake_accept, intake_decline, intake_mark_duplicate
from jornada.intake.tests.helpers import NAME, accepting, submit
from jornada.intake.tests.queue_helpers import linked, request_for

QUEUE = "/es/staff/intake/"
REQUEST_LINK = re.compile(r'href="/es/staff/intake/\d+/"')


def queued(user: User, slug: str = "", **filters: Any) -> list[Intake]:
    """The requests in ``user``'s queue (of organisation ``slug``, else their first), in order."""
    organisation = queue_organisation(user=user, slug=slug)
    return [
        recipient.intake
        for recipient in intake_queue(organisation=organisation, filters=QueueFilters(**filters))
    ]


@pytest.fixture
def both(three_orgs: ThreeOrganisations) -> ThreeOrganisations:
    accepting(three_orgs.a, places=["MX-OAX", "US-NC", "GT"], languages=["es", "Mixteco", "Triqui"])
    accepting(three_orgs.b, places=["MX-OAX", "US-NC", "GT"])
    return three_orgs


def test_it_lists_urgent_requests_first_then_the_longest_waiting(both: ThreeOrganisations) -> None:
    """Urgent ones (oldest first) come before the others (oldest first)."""
    recent = request_for("centro-a", hours_ago=2)
    old = request_for("centro-a", hours_ago=50)
    urgent_recent = request_for("centro-a", hours_ago=1, urgent_reasons=["injury"])
    urgent_old = request_for("centro-a", hours_ago=30, urgent_reasons=["threatened"])
    assert queued(both.alice) == [urgent_old, urgent_recent, old, recent]


def test_it_shows_how_long_each_request_has_waited_and_what_it_is_about(
    both: ThreeOrganisations, staff_client: Any
) -> None:
    """The page names the time since it arrived in one unit, the urgency, categories, place, language, party."""
    employer = EmployerFactory(name="Huertas Marcadas LLC")
    linked(request_for("centro-a", hours_ago=3, urgent_reasons=["injury"]), employer=employer)
    request_for("centro-a", hours_ago=49, categories=["recruitment-fees"], place="US-NC", language="Mixteco")
    page = staff_client(both.alice).get(QUEUE)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert "3\xa0horas" in html
    assert "2\xa0días" in html
    assert "Herido o enfermo" in html
    assert "Huertas Marcadas LLC" in html
    assert "Carolina del Norte" in html
    assert "Mixteco" in html
    assert NAME not in html, "the queue decrypts nothing"


def test_it_says_when_nothing_waits(both: ThreeOrganisations, staff_client: Any) -> None:
    html = staff_client(both.alice).get(QUEUE).content.decode()
    assert "No hay ninguna solicitud de ayuda esperando" in html


def test_it_filters_by_urgency_category_place_language_and_party(both: ThreeOrganisations) -> None:
    """Each filter keeps only the requests that match it; a category code never matches a longer one."""
    employer = EmployerFactory(name="Viveros Filtro LLC")
    recruiter = RecruiterFactory(name="Agencia Filtro")
    urgent = request_for("centro-a", urgent_reasons=["injury"])
    fees = request_for("centro-a", categories=["recruitment-fees"], place="US-NC")
    mixteco = linked(request_for("centro-a", language="Mixteco"), employer=employer)
    recruited = linked(request_for("centro-a", place="GT"), recruiter=recruiter)

    def found(**filters: Any) -> set[Intake]:
        return set(queued(both.alice, **filters))

    assert found(urgent=True) == {urgent}
    assert found(category="recruitment-fees") == {fees}
    assert found(category="fees") == set()
    assert found(place="US-NC") == {fees}
    assert found(place="GT") == {recruited}
    assert found(language="mixteco") == {mixteco}
    assert found(search="viveros filtro") == {mixteco}
    assert found(search="agencia") == {recruited}
    assert found() == {urgent, fees, mixteco, recruited}


def test_it_filters_on_the_page_and_pages_through_many(both: ThreeOrganisations, staff_client: Any) -> None:
    """The filter form narrows the list; 51 requests make two pages, the filters kept in the links."""
    for _ in range(51):
        request_for("centro-a", place="US-NC")
    request_for("centro-a", place="MX-OAX", urgent_reasons=["injury"])
    client = staff_client(both.alice)
    assert "Página 1 de 2" in client.get(QUEUE).content.decode()
    narrowed = client.get(QUEUE, {"place": "MX-OAX"}).content.decode()
    assert len(REQUEST_LINK.findall(narrowed)) == 1
    first = client.get(QUEUE, {"place": "US-NC"}).content.decode()
    assert len(REQUEST_LINK.findall(first)) == 50
    assert "place=US-NC&amp;page=2" in first
    second = client.get(QUEUE, {"place": "US-NC", "page": 2}).content.decode()
    assert len(REQUEST_LINK.findall(second)) == 1
    none = client.get(QUEUE, {"urgent": "on", "place": "US-NC"}).content.decode()
    assert "Ninguna solicitud en espera coincide con estos filtros." in none
    ignored = client.get(QUEUE, {"category": "<script>", "page": "x"})
    assert ignored.status_code == 200, "a value that is not a choice narrows nothing"
    assert len(REQUEST_LINK.findall(ignored.content.decode())) == 50


def test_it_never_shows_another_organisations_requests(both: ThreeOrganisations, staff_client: Any) -> None:
    """B sees none of A's requests: not in the list, the counts, the filter choices or a search."""
    employer = EmployerFactory(name="Solo De A LLC")
    linked(
        request_for("centro-a", place="GT", language="Triqui", urgent_reasons=["injury"]), employer=employer
    )
    shared = request_for("centro-a", "centro-b", place="US-NC")
    assert queued(both.bob) == [shared]
    counts = intake_queue_counts(organisation=both.b)
    assert (counts.waiting, counts.urgent) == (1, 0)
    assert queued(both.bob, search="solo de a") == []
    assert queued(both.bob, place="GT") == []
    assert queued(both.bob, language="triqui") == []
    assert queued(both.bob, urgent=True) == []
    with pytest.raises(Http404):
        queued(both.bob, slug="centro-a")
    bob = staff_client(both.bob)
    html = bob.get(QUEUE, {"q": "Solo De A"}).content.decode()
    assert "Solo De A LLC" not in html
    assert REQUEST_LINK.findall(html) == []
    assert "1 solicitud espera una decisión" in bob.get(QUEUE).content.decode()
    assert bob.get(QUEUE, {"organisation": "centro-a"}).status_code == 404
    assert len(REQUEST_LINK.findall(bob.get(QUEUE, {"place": "GT"}).content.decode())) == 0


def test_it_opens_a_request_audited_and_marks_it_being_reviewed(
    both: ThreeOrganisations, staff_client: Any
) -> None:
    """Opening reads the personal fields through the audited selector; received becomes reviewing."""
    intake = request_for("centro-a")
    assert intake.status == IntakeStatus.RECEIVED
    page = staff_client(both.alice).get(reverse("intake_staff:detail", args=[intake.pk]))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert NAME in page.content.decode()
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.REVIEWING
    read = AuditEvent.objects.get(action="intake.read")
    assert (read.actor, read.organisation, read.target_id) == (both.alice, both.a, str(intake.pk))


def test_it_is_a_404_for_an_organisation_that_did_not_receive_it(
    both: ThreeOrganisations, staff_client: Any
) -> None:
    intake = request_for("centro-a")
    assert staff_client(both.bob).get(reverse("intake_staff:detail", args=[intake.pk])).status_code == 404
    intake.refresh_from_db()
    assert intake.status == IntakeStatus.RECEIVED
    assert not AuditEvent.objects.filter(action="intake.read").exists()


def test_it_shows_a_member_of_two_organisations_each_queue_apart(
    both: ThreeOrganisations, staff_client: Any
) -> None:
    """Dora works in A and B: her first organisation's queue by default, the other's when she picks it."""
    dora = member(both.a, "advocate", name="Dora", email="dora@example.org")
    Membership.objects.create(user=dora, organisation=both.b, role="advocate")
    of_a = request_for("centro-a")
    of_b = request_for("centro-b")
    assert queued(dora) == [of_a]
    assert queued(dora, slug="centro-b") == [of_b]
    page = staff_client(dora).get(QUEUE, {"organisation": "centro-b"}).content.decode()
    assert REQUEST_LINK.findall(page) == [f'href="/es/staff/intake/{of_b.pk}/"']


def test_it_leaves_no_recipient_waiting_once_a_request_ends(both: ThreeOrganisations) -> None:
    """Withdrawn, duplicate, declined by all, taken in: no recipient stays pending, so no queue lists it."""
    withdrawn = submit(any_organisation=False, organisations=["centro-a", "centro-b"])
    intake_withdraw(code=withdrawn.code)
    original = request_for("centro-a", "centro-b")
    duplicate = request_for("centro-a", "centro-b")
    intake_mark_duplicate(actor=both.alice, intake_id=duplicate.pk, duplicate_of_id=original.pk)
    declined = request_for("centro-a", "centro-b")
    intake_decline(actor=both.alice, intake_id=declined.pk, reason="no_capacity")
    intake_decline(actor=both.bob, intake_id=declined.pk, reason="no_capacity")
    accepted = request_for("centro-a", "centro-b")
    intake_accept(actor=both.alice, intake_id=accepted.pk)
    ended = [withdrawn.intake.pk, duplicate.pk, declined.pk, accepted.pk]
    assert not IntakeRecipient.objects.filter(intake__in=ended, decision=RecipientDecision.PENDING).exists()
    assert queued(both.alice) == queued(both.bob) == [original]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_it_reads_a_queue_page_in_order_from_its_index(both: ThreeOrganisations) -> None:
    """The queue's order comes from ``intake_queue_order``, decision included, with no sort of the whole queue.

    Without the index (and the urgency and arrival copied onto the recipient rows), every page
    sorted all the organisation's waiting requests: see benchmarks/README.md.
    """
    request_for("centro-a")
    page = intake_queue(organisation=both.a)[:50]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    # The decision is bound as a parameter: only as a column of the index is it checked there.
    assert "USING INDEX intake_queue_order (organisation_id=? AND decision=?)" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


def test_it_is_linked_from_the_staff_home(both: ThreeOrganisations, staff_client: Any) -> None:
    """An advocate finds their organisation's queue from the staff home page."""
    home = staff_client(both.charlie).get("/es/staff/").content.decode()
    assert f'href="{QUEUE}?organisation=centro-a"' in home
