"""Pages for employer representatives: accounts with a verified claim and no organisation.

They sign in through the staff sign-in (password and second factor). They see exactly what the
public sees of their employer's reviews, no more: a review hidden below the threshold is
hidden from them too.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from jornada.contributions.limits import limit_body
from jornada.core.access import staff_required
from jornada.reviews import selectors, services
from jornada.reviews.forms import ReplyForm, TakedownForm


@staff_required()
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    employers = []
    for claim in selectors.verified_claims(user):
        reviews = list(selectors.visible_reviews(claim.employer)[:50])
        employers.append(
            {
                "claim": claim,
                "summary": selectors.summary(claim.employer),
                "reviews": [(review, getattr(review, "reply", None)) for review in reviews],
                "takedowns": claim.takedown_requests.select_related("review")[:50],
            }
        )
    return render(request, "reviews/employer/home.html", {"employers": employers})


def _claimed(request: HttpRequest, pk: UUID) -> tuple[Any, Any]:
    user: Any = request.user
    found = selectors.claimed_review_or_none(user, pk)
    if found is None:
        raise Http404
    return found


@staff_required()
@limit_body
@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, pk: UUID) -> HttpResponse:
    claim, review = _claimed(request, pk)
    user: Any = request.user
    existing = getattr(review, "reply", None)
    form = ReplyForm(request.POST or None, initial={"text": existing.text if existing else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_write(claim=claim, review=review, author=user, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your reply was sent. Staff will check it before it is published."))
            return redirect("reviews:employer_home")
    return render(
        request, "reviews/employer/reply.html", {"review": review, "form": form, "existing": existing}
    )


@staff_required()
@limit_body
@require_http_methods(["GET", "POST"])
def takedown(request: HttpRequest, pk: UUID) -> HttpResponse:
    claim, review = _claimed(request, pk)
    user: Any = request.user
    form = TakedownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.takedown_request(
                claim=claim,
                review=review,
                author=user,
                reason=form.cleaned_data["reason"],
                explanation=form.cleaned_data["explanation"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your request was recorded. Staff will decide and you will see the outcome here.")
            )
            return redirect("reviews:employer_home")
    return render(request, "reviews/employer/takedown.html", {"review": review, "form": form})
