"""The worker's callback request: a public page, no JavaScript, within the page budget.

Nothing about the visitor is kept but what they type; the number is sealed at once. A wrong
answer (an unreadable number, a time that cannot happen) is said in the worker's language and
every other answer stays in the form.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jornada.core.ratelimit import RateLimit, too_many_requests
from jornada.hotline import selectors, services
from jornada.hotline.forms import CallbackRequestForm
from jornada.hotline.services import CallbackAnswers
from jornada.intake.decorators import intake_page

# A public form that may send an SMS: limited per client, and per number so that nobody can
# have the line text a stranger over and over (the number is only hashed with the day's key).
REQUESTS_PER_CLIENT_HOUR = 10
REQUESTS_PER_NUMBER_DAY = 3


def client_rule() -> RateLimit:
    return RateLimit("hotline-callback", REQUESTS_PER_CLIENT_HOUR, 3600)


def number_rule() -> RateLimit:
    return RateLimit("hotline-callback-number", REQUESTS_PER_NUMBER_DAY, 86400)


@intake_page
@require_http_methods(["GET", "POST"])
def callback_request(request: HttpRequest, slug: str) -> HttpResponse:
    hotline = selectors.hotline_public_get(slug=slug)
    form = CallbackRequestForm(request.POST or None)
    if request.method == "POST" and not client_rule().hit_request(request):
        return too_many_requests(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        digits = "".join(char for char in data["number"] if char.isdigit())
        if digits and not number_rule().hit(digits):
            return too_many_requests(request)
        try:
            callback = services.callback_request(
                hotline=hotline,
                answers=CallbackAnswers(
                    day=data["day"],
                    from_time=data["from_time"],
                    until_time=data["until_time"],
                    language=data["language"],
                    number=data["number"],
                    may_leave_message=data["may_leave_message"],
                    notice_channel=data["notice_channel"],
                    notice_contact=data["notice_contact"],
                ),
            )
        except ValidationError as error:
            for name, problems in error.error_dict.items():
                field = {"window": "day"}.get(name, name)
                form.add_error(field if field in form.fields else None, problems)
        else:
            return render(request, "hotline/callback_done.html", {"hotline": hotline, "callback": callback})
    status = 400 if request.method == "POST" else 200
    context = {"hotline": hotline, "form": form, "open": hotline.is_open()}
    return render(request, "hotline/callback_request.html", context, status=status)
