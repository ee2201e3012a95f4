"""Staff pages for cases: a read-only list and one case, within the reader's organisations.

Opening a case reads its personal fields and notes through the audited selectors; the list
shows numbers and dates only, so it decrypts nothing. Pages with personal data are never cached.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jornada.cases import selectors
from jornada.core.access import staff_required

PAGE_SIZE = 50


@staff_required(*selectors.CASE_ROLES)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    page = selectors.case_list_page(user=user, number=request.GET.get("page"), per_page=PAGE_SIZE)
    return render(request, "cases/staff/case_list.html", {"page": page})


@staff_required(*selectors.CASE_ROLES)
@never_cache
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    personal = selectors.case_personal_read(user=user, case_id=pk)
    notes = selectors.case_notes_read(user=user, case_id=pk)
    return render(
        request, "cases/staff/case_detail.html", {"case": personal.case, "personal": personal, "notes": notes}
    )
