"""The case working page (plain POST forms) and the filtered list, within the reader's organisations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jornada.cases.models import (
    Case,
    CaseAssignment,
    CaseCategory,
    CaseNote,
    CaseParty,
    CaseSettings,
    CaseStep,
)
from jornada.cases.tests.helpers import NAME, NOTE, open_and_evaluate, open_case, settings_for
from jornada.cases.workflow import case_assign, case_categories_set, case_party_add, case_stage
from jornada.conftest import ThreeOrganisations
from jornada.core.models import User
from jornada.directory.tests.factories import EmployerFactory

StaffClient = Callable[[User], Client]


def post(client: Client, case: Case, action: str, **fields: Any) -> Any:
    data = {"action": action, **{f"{action}-{name}": value for name, value in fields.items()}}
    with translation.override("es"):
        url = reverse("cases:detail", args=[case.pk])
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="es")


def test_it_works_a_case_from_new_to_reopened_through_the_page(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """Assign, add parties, set categories, evaluate, close, reopen: each a POST that redirects."""
    client = staff_client(three_orgs.alice)
    case = open_case(three_orgs.a, three_orgs.alice)
    employer = EmployerFactory()
    for action, fields in (
        ("assign", {"advocate": three_orgs.charlie.pk}),
        (
            "party",
            {"role": "employer", "directory": f"https://example.org/es/directory/employers/{employer.slug}/"},
        ),
        ("party", {"role": "coworker", "name": "Compañero Ficticio"}),
        ("categories", {"categories": ["wage-theft", "housing"]}),
        ("urgency", {"urgent": "on"}),
        ("evaluation", {"decision": "take", "summary": "Tiene talones de pago."}),
        ("closing", {"outcome": "settlement", "back_wages": "1200.00", "back_wages_currency": "USD"}),
        ("reopen", {"reason": "No pagaron."}),
    ):
        response = post(client, case, action, **fields)
        assert response.status_code == 302, (action, response.content.decode()[:2000])
    case.refresh_from_db()
    assert case.urgent
    assert CaseAssignment.objects.get(case=case).advocate == three_orgs.charlie
    assert CaseParty.objects.filter(case=case, employer=employer).exists()
    assert set(CaseCategory.objects.values_list("category__code", flat=True)) == {"wage-theft", "housing"}
    assert case_stage(case) == "reopened"
    body = client.get(reverse("cases:detail", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "<dd>Reabierto</dd>" in body
    assert "<td>Reabierto</td>" in client.get(reverse("cases:list")).content.decode()
    assert "Compañero Ficticio" in body
    assert employer.name in body
    assert "1200.00 USD" in body


def test_it_refuses_bad_input_naming_the_field_and_writes_nothing(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """A negative amount, a missing reason, a party from another organisation's advocate: 400, nothing saved."""
    client = staff_client(three_orgs.alice)
    case = open_and_evaluate(three_orgs.a, three_orgs.alice)
    response = post(client, case, "closing", outcome="settlement", back_wages="-3", back_wages_currency="USD")
    assert response.status_code == 400
    assert 'id="id_closing-back_wages_error"' in response.content.decode()
    response = post(client, case, "closing", outcome="no_action")
    assert response.status_code == 400
    assert "Di por qué" in response.content.decode()
    response = post(client, case, "assign", advocate=three_orgs.bob.pk)
    assert response.status_code == 400
    response = post(client, case, "party", role="employer", directory="no-existe")
    assert response.status_code == 400
    assert "id_party-directory_error" in response.content.decode()
    response = post(client, case, "note", text="x" * 20_001)
    assert response.status_code == 400
    assert CaseStep.objects.filter(case=case).count() == 1
    assert CaseParty.objects.count() == 0
    assert CaseAssignment.objects.filter(case=case).count() == 1
    assert post(client, case, "nonsense").status_code == 400


def test_it_refuses_approval_from_an_advocate_on_the_page(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """charlie (advocate) sees no approve button and a forged approval is refused; alice's is taken."""
    settings_for(three_orgs.a, evaluation_needs_approval=True)
    case = open_and_evaluate(three_orgs.a, three_orgs.charlie)
    charlie = staff_client(three_orgs.charlie)
    assert "approve-kind" not in charlie.get(reverse("cases:detail", args=[case.pk])).content.decode()
    response = post(charlie, case, "approve", kind="evaluation")
    assert response.status_code == 400
    assert CaseStep.objects.get(case=case).approved_at is None
    assert post(staff_client(three_orgs.alice), case, "approve", kind="evaluation").status_code == 302
    assert case_stage(case) == "open"


def test_it_never_edits_a_note_a_correction_is_a_new_note(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """The page only adds notes: a correction leaves the first note as written, both are shown."""
    client = staff_client(three_orgs.alice)
    case = open_case(three_orgs.a, three_orgs.alice)
    first = CaseNote.objects.get(case=case)
    sealed = bytes(first.text_sealed)
    response = post(client, case, "note", text="Corrección: la llamada fue el martes.")
    assert response.status_code == 302
    assert CaseNote.objects.filter(case=case).count() == 2
    first.refresh_from_db()
    assert bytes(first.text_sealed) == sealed
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert NOTE.split(":")[0] in body
    assert "Corrección" in body
    assert body.count('name="action" value="note"') == 1, "one form, to add a note; none to change one"
    with pytest.raises(PermissionError):
        first.save()


def test_it_hides_another_organisations_case_from_every_form(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """bob posting to A's case gets 404 and writes nothing."""
    case = open_case(three_orgs.a, three_orgs.alice)
    response = post(staff_client(three_orgs.bob), case, "note", text="Intruso")
    assert response.status_code == 404
    assert CaseNote.objects.filter(case=case).count() == 1


def listed(client: Client, **query: Any) -> set[str]:
    body = client.get(reverse("cases:list"), query).content.decode()
    return {number for number in Case.objects.values_list("number", flat=True) if f">{number}<" in body}


def test_it_filters_and_searches_the_list(three_orgs: ThreeOrganisations, staff_client: StaffClient) -> None:
    """Stage, assignee, category, urgency and a search by number, directory party and category."""
    alice = staff_client(three_orgs.alice)
    new = open_case(three_orgs.a, three_orgs.alice, worker_name="Persona Buscable-8K")
    evaluated = open_and_evaluate(three_orgs.a, three_orgs.alice)
    urgent = open_case(three_orgs.a, three_orgs.alice)
    urgent.urgent = True
    urgent.save()
    case_assign(actor=three_orgs.alice, case=urgent, advocate=three_orgs.charlie)
    case_categories_set(actor=three_orgs.alice, case=evaluated, codes=["housing"])
    case_party_add(
        actor=three_orgs.alice, case=evaluated, role="employer", employer=EmployerFactory(name="Granjas Zeta")
    )
    case_party_add(actor=three_orgs.alice, case=new, role="witness", name="Testigo Oculto")
    other = open_case(three_orgs.b, three_orgs.bob)
    assert listed(alice) == {new.number, evaluated.number, urgent.number}
    assert listed(alice, stage="new") == {new.number}
    assert listed(alice, stage="open") == {evaluated.number}
    assert listed(alice, assignee=three_orgs.charlie.pk) == {urgent.number}
    assert listed(alice, assignee="none") == {new.number}
    assert listed(alice, category="housing") == {evaluated.number}
    assert listed(alice, urgent="yes") == {urgent.number}
    assert listed(alice, q=new.number) == {new.number}
    assert listed(alice, q="zeta") == {evaluated.number}
    assert listed(alice, q="housing") == {evaluated.number}
    assert listed(alice, q="Testigo Oculto") == set(), "typed names are sealed, never searched"
    assert listed(alice, q="Buscable") == set()
    assert listed(alice, q=other.number) == set()
    assert NAME not in alice.get(reverse("cases:list")).content.decode()


def test_it_lists_only_cases_with_overdue_tasks_when_asked(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """An open task due yesterday makes a case overdue; one done, or due today, does not; B's never shows."""
    import datetime as dt

    from django.utils import timezone

    from jornada.cases.case_tasks import case_task_done_set
    from jornada.cases.tests.helpers import add_task

    alice = staff_client(three_orgs.alice)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    late, done, today = (open_case(three_orgs.a, three_orgs.alice) for _ in range(3))
    add_task(late, three_orgs.alice, due_on=yesterday)
    finished = add_task(done, three_orgs.alice, due_on=yesterday)
    case_task_done_set(actor=three_orgs.alice, task=finished, done=True)
    add_task(today, three_orgs.alice)
    add_task(open_case(three_orgs.b, three_orgs.bob), three_orgs.bob, due_on=yesterday)
    assert listed(alice, overdue="on") == {late.number}
    assert listed(alice) == {late.number, done.number, today.number}


def test_it_answers_bad_filters_with_a_named_error(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """An unknown stage or an overlong search is reported on its field, and no filter is applied."""
    open_case(three_orgs.a, three_orgs.alice)
    body = (
        staff_client(three_orgs.alice)
        .get(reverse("cases:list"), {"stage": "x", "q": "y" * 500})
        .content.decode()
    )
    assert 'id="id_stage_error"' in body
    assert 'id="id_q_error"' in body


def test_it_lets_administrators_set_the_case_settings(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """alice (administrator) saves approvals and retention; a period out of bounds names the field; charlie is refused."""
    url = reverse("cases:settings", args=[three_orgs.a.slug])
    alice = staff_client(three_orgs.alice)
    response = alice.post(url, {"closing_needs_approval": "on", "retention_days": "730"})
    assert response.status_code == 302
    saved = CaseSettings.objects.get(organisation=three_orgs.a)
    assert (saved.closing_needs_approval, saved.evaluation_needs_approval, saved.retention_days) == (
        True,
        False,
        730,
    )
    response = alice.post(url, {"retention_days": "5"}, HTTP_ACCEPT_LANGUAGE="es")
    assert 'id="id_retention_days_error"' in response.content.decode()
    assert CaseSettings.objects.get(organisation=three_orgs.a).retention_days == 730
    assert staff_client(three_orgs.charlie).post(url, {"retention_days": "100"}).status_code == 403


def test_it_shows_the_newest_notes_of_a_long_case_and_all_on_request(
    three_orgs: ThreeOrganisations, staff_client: StaffClient
) -> None:
    """Past 50 notes the page shows the newest 50 (and audits 50 read); ?notes=all shows every one."""
    from jornada.cases.services import case_note_add
    from jornada.core.models import AuditEvent

    case = open_case(three_orgs.a, three_orgs.alice)  # its first note is NOTE
    for number in range(1, 55):
        case_note_add(actor=three_orgs.alice, case=case, text=f"Nota número {number:02d}")
    alice = staff_client(three_orgs.alice)
    with translation.override("es"):
        url = reverse("cases:detail", args=[case.pk])
    page = alice.get(url).content.decode()
    assert "Nota número 54" in page
    assert "Nota número 05" in page
    assert "Nota número 04" not in page
    assert NOTE not in page
    assert "?notes=all#note" in page
    assert AuditEvent.objects.filter(action="case.notes_read").latest("at").detail == {"notes": 50}
    every = alice.get(f"{url}?notes=all").content.decode()
    assert NOTE in every
    assert "Nota número 04" in every
    assert "?notes=all#note" not in every
