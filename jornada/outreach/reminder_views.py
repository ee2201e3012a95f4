"""Public pages to ask for an event's reminder and to reserve a place (no account, no name)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jornada.alerts.forms import FollowForm
from jornada.alerts.views.public import follow_rule
from jornada.contributions.limits import limit_body
from jornada.core.access import public_page
from jornada.core.ratelimit import RateLimit, too_many_requests
from jornada.core.site import site_base_url
from jornada.outreach import reminders, selectors


def reservation_rule() -> RateLimit:
    """Places one client may reserve per hour: enough for a family, not to fill a hall."""
    return RateLimit("outreach-reserve", 5, 3600)


def _language() -> str:
    return (get_language() or "es").split("-")[0]


@public_page
@never_cache
@limit_body
@require_http_methods(["GET", "POST"])
def reminder(request: HttpRequest, uid: str) -> HttpResponse:
    """Ask for a text message or e-mail the day before the event."""
    event = selectors.event_public_or_404(uid)
    form = FollowForm(request.POST or None)
    context = {"form": form, "event": event, "title": event.title(_language())}
    if request.method == "GET" or not form.is_valid():
        return render(request, "outreach/reminder.html", context, status=422 if form.is_bound else 200)
    if not follow_rule().hit_request(request):
        return too_many_requests(request)
    try:
        reminders.reminder_request(
            event=event,
            channel=form.cleaned_data["channel"],
            contact=form.cleaned_data["contact"],
            language=_language(),
            base_url=site_base_url(),
        )
    except ValidationError as error:
        form.add_error("contact", error)
        return render(request, "outreach/reminder.html", context, status=422)
    return render(
        request,
        "alerts/follow_sent.html",
        {"channel": form.cleaned_data["channel"], "contact": form.shown_contact()},
    )


@public_page
@never_cache
@limit_body
@require_http_methods(["GET", "POST"])
def reserve(request: HttpRequest, uid: str) -> HttpResponse:
    """Reserve one place: the event's counter goes up by one; nothing about who is kept."""
    event = selectors.event_public_or_404(uid)
    if request.method == "GET":
        return render(request, "outreach/reserve.html", {"event": event, "title": event.title(_language())})
    if not reservation_rule().hit_request(request):
        return too_many_requests(request)
    try:
        reminders.reservation_add(event=event)
    except ValidationError:
        return redirect(reverse("outreach:event", kwargs={"uid": event.uid}))
    return redirect(reverse("outreach:event", kwargs={"uid": event.uid}) + "?reservado=1#reservar")
