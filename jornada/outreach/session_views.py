"""Staff pages of the promoters' record: log a session (no JavaScript), and the organisation's list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jornada.core.access import organisations_of, staff_required, system_endpoint
from jornada.outreach.session_forms import SessionForm
from jornada.outreach.sessions import SESSION_ROLES, session_log, sessions_for_user, sessions_totals

PAGE_SIZE = 50
# Sent by the promoters' service worker with a log it kept offline (jornada/outreach/static/outreach).
REPLAY_HEADER = "X-Jornada-Offline-Replay"


def _language() -> str:
    return (get_language() or "es").split("-")[0]


@staff_required(*SESSION_ROLES)
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = sessions_for_user(request.user)
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "totals": sessions_totals(sessions), "language": _language()}
    return render(request, "outreach/staff/session_list.html", context)


@staff_required(*SESSION_ROLES)
@never_cache
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    organisations = organisations_of(user, *SESSION_ROLES).order_by("name")
    form = SessionForm(request.POST or None, organisations=organisations, language=_language())
    replay = request.headers.get(REPLAY_HEADER) == "1"
    if request.method == "POST" and form.is_valid():
        try:
            _session, new = session_log(
                actor=user, organisation=form.cleaned_data["organisation"], data=form.session_input()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if replay:  # the phone sending a log it kept offline: kept (or already there), nothing to show
                return HttpResponse(status=204)
            if new:
                messages.success(request, _("The session was logged. Thank you."))
            else:
                messages.info(request, _("This session had already arrived: it is counted once."))
            return redirect("outreach:session_list")
    status = 400 if replay and request.method == "POST" else 200
    return render(request, "outreach/staff/session_form.html", {"form": form}, status=status)


# The promoters' service worker: a static file, served under the promoter pages so that its
# scope is those pages only (a worker controls the folder it is served from, and below).
WORKER = (Path(__file__).parent / "static" / "outreach" / "promoter-sw.js").read_bytes()


@system_endpoint
@require_GET
def promoter_worker(request: HttpRequest) -> HttpResponse:
    """The service worker that keeps the session log usable without signal (no data in it)."""
    response = HttpResponse(WORKER, content_type="text/javascript; charset=utf-8")
    patch_cache_control(response, no_cache=True)
    return response
