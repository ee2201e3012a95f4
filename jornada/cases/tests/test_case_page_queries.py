"""The case page reads its parts in a fixed number of queries, however much the case holds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jornada.cases.consent import case_consent_record
from jornada.cases.contacts import case_contact_record
from jornada.cases.documents import case_document_add
from jornada.cases.models import Case
from jornada.cases.services import case_note_add
from jornada.cases.tests.helpers import add_task, open_and_evaluate, pdf_bytes
from jornada.cases.workflow import case_assign, case_categories_set, case_party_add
from jornada.conftest import ThreeOrganisations
from jornada.core.models import AuditEvent, User
from jornada.directory.tests.factories import EmployerFactory
from jornada.referrals.services import referral_letter_record
from jornada.referrals.tests.helpers import send, third_organisation

StaffClient = Callable[[User], Client]


def busy_case(orgs: ThreeOrganisations) -> Case:
    """An evaluated, assigned case with categories and a consent to referral."""
    case = open_and_evaluate(orgs.a, orgs.alice)
    case_assign(actor=orgs.alice, case=case, advocate=orgs.charlie)
    case_categories_set(actor=orgs.alice, case=case, codes=["recruitment-fees", "wage-theft"])
    case_consent_record(actor=orgs.alice, case=case, purpose="referral", method="verbal")
    return case


def add_rows(orgs: ThreeOrganisations, case: Case, numbers: range) -> None:
    """Add one of each thing the page lists per number: note, parties, task, document, contact, referrals."""
    for number in numbers:
        case_note_add(actor=orgs.charlie, case=case, text=f"Nota {number}")
        case_party_add(actor=orgs.alice, case=case, role="employer", employer=EmployerFactory())
        case_party_add(actor=orgs.alice, case=case, role="foreman", name=f"Capataz {number}")
        add_task(case, orgs.charlie if number % 2 else orgs.alice, title=f"Tarea {number}")
        upload = SimpleUploadedFile(f"recibo-{number}.pdf", pdf_bytes(), content_type="application/pdf")
        case_document_add(actor=orgs.alice, case=case, upload=upload)
        case_contact_record(
            actor=orgs.charlie if number % 2 else orgs.alice, case=case, contacted_on=timezone.localdate(),
            method="whatsapp", direction="incoming", summary=f"Resumen {number}",
        )  # fmt: skip
        receiver, _dora = third_organisation(slug=f"centro-{number}")
        send(case, orgs.alice, receiver)
        referral_letter_record(
            actor=orgs.alice, case=case, partner_name=f"Clínica {number}", fields=["worker_name"]
        )


# Measured on SQLite with five of everything: 47 statements, 10 of them the savepoints of the five
# audited reads inside the test's transaction (63 before the case page was tuned, plus one per
# referral). The bound leaves no room for a query per row.
MAX_QUERIES = 47
READS = {"case.read", "case.notes_read", "case.tasks_read", "case.documents_listed", "case.contacts_read"}


def test_it_shows_a_busy_case_in_a_fixed_number_of_queries(
    three_orgs: ThreeOrganisations, staff_client: StaffClient, django_assert_max_num_queries: Any
) -> None:
    """Five notes, parties, tasks, documents, contacts and referrals cost what one of each costs,
    at most MAX_QUERIES, and every read of the case's data is still audited."""
    case = busy_case(three_orgs)
    add_rows(three_orgs, case, range(1))
    client = staff_client(three_orgs.charlie)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add_rows(three_orgs, case, range(1, 5))
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    with django_assert_max_num_queries(MAX_QUERIES) as five:
        response = client.get(url)
    assert response.status_code == 200
    assert len(five.captured_queries) == len(one.captured_queries)
    body = response.content.decode()
    assert all(f"Clínica {number}" in body for number in range(5))
    assert all("Centro C" in body for number in range(5))
    new = AuditEvent.objects.exclude(pk__in=before).filter(actor=three_orgs.charlie, target_id=str(case.pk))
    assert sorted(new.values_list("action", flat=True)) == sorted(READS)
