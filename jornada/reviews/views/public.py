"""Worker-facing pages: the review form in steps, the receipt, withdrawal, reviews and transparency.

Nothing is stored before the last step: earlier answers travel in hidden fields and are
validated again at the end. No session is created, nothing about the visitor is kept.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from jornada.contributions.forms import WRONG_CODE, ReceiptCodeForm
from jornada.contributions.limits import already_sent, limit_body, receipt_rule, sent_mark, submission_rule
from jornada.contributions.models import Status
from jornada.contributions.views import receipt_page, withdraw_page
from jornada.core.access import public_page
from jornada.core.ratelimit import RateLimit, too_many_requests
from jornada.reviews import selectors, services
from jornada.reviews.forms import STEP_OF_FIELD, STEPS, SUBJECT_NAMED, ClaimRequestForm, ReviewForm
from jornada.reviews.models import SubjectKind

LAST_STEP = len(STEPS) - 1


def _step_number(data: Mapping[str, Any]) -> int:
    try:
        return min(max(int(data.get("step", 0)), 0), LAST_STEP)
    except (TypeError, ValueError):
        return 0


def _hidden(data: Mapping[str, Any], step: int) -> list[tuple[str, str]]:
    """Return the answers of every other step, to carry in hidden fields."""
    shown = set(STEPS[step].fields)
    values = []
    for name in STEP_OF_FIELD:
        if name in shown:
            continue
        value = data.get(name)
        if value not in (None, ""):
            values.append((name, str(value)))
    return values


def _render_step(
    request: HttpRequest,
    step: int,
    form: ReviewForm,
    data: Mapping[str, Any],
    *,
    receipt: str = "",
    nonce: str = "",
    matches: list[selectors.Match] | None = None,
    search_error: str = "",
    status: int = 200,
) -> HttpResponse:
    subject = str(data.get("subject") or "")
    return render(
        request,
        "reviews/form.html",
        {
            "form": form,
            "step": STEPS[step],
            "step_index": step,
            "step_number": step + 1,
            "step_count": len(STEPS),
            "is_last": step == LAST_STEP,
            "fields": [form[name] for name in STEPS[step].fields if name != "subject"],
            "hidden": _hidden(data, step),
            "subject": subject,
            "subject_named": subject == SUBJECT_NAMED,
            "subject_label": selectors.subject_label(subject, str(data.get("subject_name") or "")),
            "matches": matches,
            "search_error": search_error,
            "receipt": receipt,
            "nonce": nonce,
        },
        status=status,
    )


def _first_step_with_errors(form: ReviewForm, *, upto: int) -> int | None:
    steps = [STEP_OF_FIELD.get(name, LAST_STEP) for name in form.errors]
    steps = [step for step in steps if step <= upto]
    return min(steps) if steps else None


def _search(request: HttpRequest, data: Mapping[str, Any], form: ReviewForm, **extra: Any) -> HttpResponse:
    name = str(data.get("subject_name") or "").strip()[:200]
    kind = str(data.get("subject_kind") or SubjectKind.EMPLOYER)
    if not name:
        return _render_step(
            request, 0, form, data, search_error=gettext("Write a name to search for."), **extra
        )
    matches = selectors.subject_matches(kind, name)
    return _render_step(request, 0, form, data, matches=matches, **extra)


@public_page
@never_cache
@limit_body
@require_http_methods(["GET", "POST"])
def review_form(request: HttpRequest) -> HttpResponse:
    """Write a review in five short steps; edit one with its receipt code."""
    if request.method == "GET":
        preset = selectors.preset_subject(
            employer_slug=request.GET.get("employer", ""), recruiter_slug=request.GET.get("recruiter", "")
        )
        return _render_step(request, 0, ReviewForm(initial=preset), preset, nonce=secrets.token_urlsafe(16))

    data = request.POST
    go = data.get("go", "next")
    step = _step_number(data)
    receipt = str(data.get("receipt") or "")[:40]
    nonce = str(data.get("nonce") or "")[:64]
    carry: dict[str, Any] = {"receipt": receipt, "nonce": nonce}

    if go == "edit":
        if not receipt_rule().hit_request(request):
            return too_many_requests(request)
        review = services.review_by_receipt(receipt)
        if review is None or review.status == Status.WITHDRAWN:
            return _wrong_code(request, receipt)
        answers = selectors.review_as_data(review)
        return _render_step(request, 0, ReviewForm(initial=answers), answers, receipt=receipt)
    if go == "change":
        changed = data.copy()
        changed["subject"] = ""
        return _render_step(request, 0, ReviewForm(initial=changed.dict()), changed, **carry)
    if go == "back":
        return _render_step(request, max(step - 1, 0), ReviewForm(initial=data.dict()), data, **carry)
    if go == "search" or (
        go == "next" and step == 0 and not data.get("subject") and data.get("subject_name")
    ):
        return _search(request, data, ReviewForm(initial=data.dict()), **carry)

    final = go == "send" and step == LAST_STEP
    form = ReviewForm(data, final=final)
    if not form.is_valid():
        bad_step = _first_step_with_errors(form, upto=LAST_STEP if final else step)
        if bad_step is not None:
            return _render_step(request, bad_step, form, data, status=422, **carry)
    if not final:
        return _render_step(request, step + 1, ReviewForm(initial=data.dict()), data, **carry)

    if already_sent(scope="reviews", nonce=nonce):
        return render(request, "reviews/already_sent.html")
    if not submission_rule().hit_request(request):
        return too_many_requests(request)
    subject = {
        "subject_kind": form.cleaned_data["subject_kind"],
        "employer": form.employer,
        "recruiter": form.recruiter,
        "subject_name": form.cleaned_data.get("subject_name") or "",
    }
    if receipt:
        try:
            updated = services.review_update(receipt_code=receipt, answers=form.answers(), **subject)
        except ValidationError:
            updated = None
        if updated is None:
            return _wrong_code(request, receipt)
        return render(
            request, "reviews/updated.html", {"review": updated, "threshold": selectors.threshold()}
        )
    submitted = services.review_submit(answers=form.answers(), **subject)
    sent_mark(scope="reviews", nonce=nonce)
    return render(
        request,
        "reviews/receipt.html",
        {"code": submitted.receipt_code, "review": submitted.review, "threshold": selectors.threshold()},
    )


def _wrong_code(request: HttpRequest, receipt: str) -> HttpResponse:
    form = ReceiptCodeForm({"receipt": receipt})
    form.is_valid()
    form.errors.pop("receipt", None)
    form.add_error("receipt", ValidationError(WRONG_CODE, code="wrong_code"))
    return render(request, "reviews/receipt_form.html", {"form": form}, status=200)


@public_page
@never_cache
@limit_body
@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest) -> HttpResponse:
    """Type the receipt code to see, change or withdraw your review."""
    return receipt_page(request, app="reviews", name="review", find=services.review_by_receipt)


@public_page
@never_cache
@limit_body
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest) -> HttpResponse:
    """Withdraw a review for good with its receipt code (asks once more before doing it)."""
    return withdraw_page(
        request,
        app="reviews",
        name="review",
        find=services.review_by_receipt,
        withdraw=lambda code: services.review_withdraw(receipt_code=code),
    )


@public_page
@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    """How many reviews arrived each month and what became of them: counts only."""
    return render(request, "reviews/transparency.html", {"report": selectors.transparency()})


def _subject_reviews(request: HttpRequest, subject: Any, kind: str) -> HttpResponse:
    summary = selectors.summary(subject)
    page = Paginator(selectors.visible_reviews(subject), selectors.PUBLIC_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reviews/subject_reviews.html",
        {
            "subject": subject,
            "kind": kind,
            "summary": summary,
            "page": page,
            "reviews": [(review, selectors.visible_reply(review)) for review in page.object_list],
            "subject_value": selectors.subject_value(subject),
        },
    )


@public_page
@require_GET
def employer_reviews(request: HttpRequest, slug: str) -> HttpResponse:
    employer = selectors.employer_by_slug(slug)
    if employer is None:
        raise Http404
    return _subject_reviews(request, employer, SubjectKind.EMPLOYER)


@public_page
@require_GET
def recruiter_reviews(request: HttpRequest, slug: str) -> HttpResponse:
    recruiter = selectors.recruiter_by_slug(slug)
    if recruiter is None:
        raise Http404
    return _subject_reviews(request, recruiter, SubjectKind.RECRUITER)


@public_page
@never_cache
@limit_body
@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest, slug: str) -> HttpResponse:
    """An employer asks to be verified, so it can reply to reviews."""
    employer = selectors.employer_by_slug(slug)
    if employer is None:
        raise Http404
    form = ClaimRequestForm(request.POST or None, initial={"employer": employer.slug})
    if request.method == "POST" and form.is_valid():
        if not RateLimit("reviews-claim", 5, 3600).hit_request(request):
            return too_many_requests(request)
        services.claim_request(
            employer=form.cleaned_data["employer"],
            contact_name=form.cleaned_data["contact_name"],
            contact_email=form.cleaned_data["contact_email"],
            contact_role=form.cleaned_data["contact_role"],
            message=form.cleaned_data["message"],
        )
        return render(request, "reviews/claim_sent.html", {"employer": employer})
    return render(request, "reviews/claim.html", {"employer": employer, "form": form})
