"""Staff pages for cases: a read-only list and one case, within the reader's organisations.

Opening a case reads its personal fields and notes through the audited selectors; the list
shows numbers and dates only, so it decrypts nothing. Pages with personal data are never cached.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jornada.cases import selectors
from jornada.cases.case_tasks import overdue_annotate
from jornada.cases.work_views import case_work_context
from jornada.core.access import staff_required

PAGE_SIZE = 50


@staff_required(*selectors.CASE_ROLES)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    page = Paginator(overdue_annotate(selectors.cases_for_user(user=user)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "cases/staff/case_list.html", {"page": page})


@staff_required(*selectors.CASE_ROLES)
@never_cache
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    personal = selectors.case_personal_read(user=user, case_id=pk)
    notes = selectors.case_notes_read(user=user, case_id=pk)
    context = {"case": personal.case, "personal": personal, "notes": notes}
    context.update(case_work_context(user=user, case=personal.case))  # tasks, documents, contacts
    return render(request, "cases/staff/case_detail.html", context)
