"""Examples of the cases app's parameterised pages, for the tests that walk every URL."""

from typing import Any

from django.utils import timezone

from jornada.cases.tests.helpers import add_document, add_task, open_case
from jornada.core.testing import ApiCall, api_sample, staff_sample


@staff_sample("cases:detail")
def case_of_a(orgs: Any) -> dict[str, Any]:
    return {"pk": open_case(orgs.a, orgs.alice).pk}


@staff_sample("cases:settings")
def settings_of_a(orgs: Any) -> dict[str, Any]:
    return {"slug": orgs.a.slug}


@api_sample("GET /api/v1/staff/cases")
def api_list_of_a(orgs: Any) -> ApiCall:
    open_case(orgs.a, orgs.alice)
    return ApiCall(f"/api/v1/staff/cases?organisation={orgs.a.slug}")


@api_sample("GET /api/v1/staff/cases/{case_id}")
def api_case_of_a(orgs: Any) -> ApiCall:
    return ApiCall(f"/api/v1/staff/cases/{open_case(orgs.a, orgs.alice).pk}")


@api_sample("GET /api/v1/staff/cases/{case_id}/notes")
def api_notes_of_a(orgs: Any) -> ApiCall:
    return ApiCall(f"/api/v1/staff/cases/{open_case(orgs.a, orgs.alice).pk}/notes")


@api_sample("POST /api/v1/staff/cases/{case_id}/notes")
def api_note_to_a(orgs: Any) -> ApiCall:
    return ApiCall(
        f"/api/v1/staff/cases/{open_case(orgs.a, orgs.alice).pk}/notes", {"text": "Nota de prueba"}
    )


# --- Case work: tasks, documents, contacts --------------------------------------------------------


@staff_sample("cases:task_add")
@staff_sample("cases:document_add")
@staff_sample("cases:contact_add")
@staff_sample("cases:message_send")
def case_of_a_for_work(orgs: Any) -> dict[str, Any]:
    return {"pk": open_case(orgs.a, orgs.alice).pk}


@staff_sample("cases:task_done")
def task_of_a(orgs: Any) -> dict[str, Any]:
    task = add_task(open_case(orgs.a, orgs.alice), orgs.alice)
    return {"pk": task.case_id, "task_pk": task.pk}


@staff_sample("cases:document_download")
def document_of_a(orgs: Any) -> dict[str, Any]:
    document = add_document(open_case(orgs.a, orgs.alice), orgs.alice)
    return {"pk": document.case_id, "document_pk": document.pk}


@api_sample("GET /api/v1/staff/cases/{case_id}/tasks")
def api_tasks_of_a(orgs: Any) -> ApiCall:
    case = open_case(orgs.a, orgs.alice)
    add_task(case, orgs.alice)
    return ApiCall(f"/api/v1/staff/cases/{case.pk}/tasks")


@api_sample("POST /api/v1/staff/cases/{case_id}/tasks")
def api_task_add_to_a(orgs: Any) -> ApiCall:
    case = open_case(orgs.a, orgs.alice)
    return ApiCall(
        f"/api/v1/staff/cases/{case.pk}/tasks",
        body={"title": "Llamar al trabajador", "due_on": timezone.localdate().isoformat()},
    )


@api_sample("GET /api/v1/staff/tasks")
def api_my_tasks_in_a(orgs: Any) -> ApiCall:
    """The caller's tasks in organisation A: bob, who works no case there, gets 404."""
    add_task(open_case(orgs.a, orgs.alice), orgs.alice)
    return ApiCall(f"/api/v1/staff/tasks?organisation={orgs.a.slug}")


# --- Consents -------------------------------------------------------------------------------------


@staff_sample("cases:consent_add")
def case_of_a_for_consent(orgs: Any) -> dict[str, Any]:
    return {"pk": open_case(orgs.a, orgs.alice).pk}


@staff_sample("cases:consent_withdraw")
def consent_of_a(orgs: Any) -> dict[str, Any]:
    from jornada.cases.consent import case_consent_record

    case = open_case(orgs.a, orgs.alice)
    consent = case_consent_record(actor=orgs.alice, case=case, purpose="referral", method="verbal")
    return {"pk": case.pk, "consent_pk": consent.pk}


@staff_sample("cases:override_reason")
def override_of_a(orgs: Any) -> dict[str, Any]:
    from jornada.cases.consent import case_share_authorise

    case = open_case(orgs.a, orgs.alice)
    override = case_share_authorise(
        actor=orgs.alice, case=case, purpose="referral", share="referral", override_reason="Peligro"
    )
    return {"pk": case.pk, "override_pk": override.pk}
