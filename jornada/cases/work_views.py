"""Staff pages for a case's tasks, documents and contacts with the worker, and "My tasks".

Each form on the case page posts to its own page here; with an error, that page shows the form
again with the error beside the field. Every record is fetched through the case's
organisation (404 for another organisation's) and every read of personal text is audited by the
selectors. A document is answered as an attachment that is never cached.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jornada.cases import case_tasks, contacts, documents, selectors
from jornada.cases.models import Case
from jornada.cases.work_forms import ContactForm, DocumentForm, MessageForm, TaskDoneForm, TaskForm
from jornada.contributions.limits import body_too_large
from jornada.core.access import staff_required
from jornada.core.models import User

case_workers = staff_required(*selectors.CASE_ROLES)
# A document and the form around it.
UPLOAD_BODY_LIMIT = documents.MAX_DOCUMENT_BYTES + 64 * 1024


def case_work_context(*, user: User, case: Case) -> dict[str, Any]:
    """Return what the case page's tasks, documents and contacts sections show (reads audited)."""
    return {
        "tasks": case_tasks.case_tasks_read(user=user, case_id=case.pk),
        "documents": documents.case_documents_read(user=user, case_id=case.pk),
        "contacts": contacts.case_contacts_read(user=user, case_id=case.pk),
        "task_form": TaskForm(organisation=case.organisation, initial={"owner": user.pk}),
        "document_form": DocumentForm(),
        "contact_form": ContactForm(initial={"contacted_on": timezone.localdate()}),
        "message_form": MessageForm(),
        "send_refusal": contacts.send_refusal(case),
    }


def _form_page(
    request: HttpRequest, case: Case, form: forms.Form, heading: Any, status: int = 200, notice: str = ""
) -> HttpResponse:
    context = {"case": case, "form": form, "heading": heading, "notice": notice}
    return render(request, "cases/staff/work_form.html", context, status=status)


def _back(case: Case, section: str) -> HttpResponse:
    return redirect(reverse("cases:detail", kwargs={"pk": case.pk}) + f"#{section}")


def _user(request: HttpRequest) -> Any:
    return request.user


@case_workers
@never_cache
@require_http_methods(["GET", "POST"])
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = selectors.case_get(user=user, case_id=pk)
    form = TaskForm(request.POST or None, organisation=case.organisation, initial={"owner": user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            case_tasks.case_task_add(actor=user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The task was added."))
            return _back(case, "tasks")
    return _form_page(request, case, form, _("Add a task"))


@case_workers
@never_cache
@require_http_methods(["GET", "POST"])
def task_done(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    user = _user(request)
    task = case_tasks.case_task_get(user=user, case_id=pk, task_id=task_pk)
    form = TaskDoneForm(request.POST or None, initial={"done": "0" if task.is_done() else "1"})
    if request.method == "POST" and form.is_valid():
        case_tasks.case_task_done_set(actor=user, task=task, done=form.cleaned_data["done"])
        messages.success(request, _("The task was updated."))
        if request.POST.get("next") == "mine":
            return redirect("cases:my_tasks")
        return _back(task.case, "tasks")
    heading = _("Mark the task not done") if task.is_done() else _("Mark the task done")
    return _form_page(request, task.case, form, heading)


@case_workers
@never_cache
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    tasks = case_tasks.my_tasks_read(user=_user(request))
    return render(
        request,
        "cases/staff/my_tasks.html",
        {
            "overdue": [task for task in tasks if task.overdue],
            "coming": [task for task in tasks if not task.overdue],
            "today": timezone.localdate(),
        },
    )


@case_workers
@never_cache
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = selectors.case_get(user=user, case_id=pk)
    if request.method == "POST" and body_too_large(request, UPLOAD_BODY_LIMIT):
        form = DocumentForm({})  # bound and empty: the body is not read
        form.full_clean()
        form.add_error("file", documents.too_large_error())
        return _form_page(request, case, form, _("Add a document"), status=413)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            documents.case_document_add(actor=user, case=case, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document was added, encrypted."))
            return _back(case, "documents")
    return _form_page(request, case, form, _("Add a document"))


@case_workers
@never_cache
@require_GET
def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    opened = documents.case_document_open(user=_user(request), case_id=pk, document_id=document_pk)
    response = HttpResponse(opened.content, content_type=opened.content_type)
    response["Content-Disposition"] = documents.attachment_header(opened.name)
    response["Cache-Control"] = "private, no-store"
    return response


@case_workers
@never_cache
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = selectors.case_get(user=user, case_id=pk)
    form = ContactForm(request.POST or None, initial={"contacted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            contacts.case_contact_record(actor=user, case=case, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contact was recorded."))
            return _back(case, "contacts")
    return _form_page(request, case, form, _("Record a contact with the worker"))


@case_workers
@never_cache
@require_http_methods(["GET", "POST"])
def message_send(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case = selectors.case_get(user=user, case_id=pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contacts.case_message_send(actor=user, case=case, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The message was sent and recorded as a contact."))
            return _back(case, "contacts")
    return _form_page(
        request, case, form, _("Send a message to the worker"), notice=contacts.send_refusal(case)
    )
