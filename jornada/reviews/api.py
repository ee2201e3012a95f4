"""The reviews part of the JSON API: submit a review; read published reviews and aggregates.

A submission goes through the same ``ReviewForm`` and service as the web form, so errors are
the same translated messages (in the language of Accept-Language) with the same codes::

    {"errors": {"fees_currency": [{"code": "currency_required", "message": "…"}]}}

Reading respects the threshold exactly like the pages: a subject's reviews, answers and
averages appear only once it has ``JORNADA_REVIEWS_MIN_PUBLISHED`` published reviews.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status

from jornada.contributions.limits import MAX_BODY_BYTES, body_too_large, submission_rule
from jornada.contributions.periods import season_label
from jornada.contributions.redaction import as_plain_text
from jornada.core.api_errors import ErrorsOut, responses
from jornada.reviews import selectors, services
from jornada.reviews.api_input import MAX_SLUG, form_data, request_schema
from jornada.reviews.forms import ReviewForm
from jornada.reviews.models import Review
from jornada.reviews.questions import CONTENT_FIELDS, QUESTIONS, RATINGS

router = Router(tags=["reviews"])
API_PAGE_SIZE = 20
MAX_PAGE = 10_000
SUBJECT_FIELDS = ("employer", "recruiter", "subject_kind", "subject_name")
ACCEPTED_FIELDS = frozenset(SUBJECT_FIELDS + CONTENT_FIELDS)


class ReceiptOut(Schema):
    receipt_code: str
    status: str


def _error(code: str, message: str) -> list[dict[str, str]]:
    return [{"code": code, "message": message}]


def _codes(errors: dict[str, list[dict[str, str]]]) -> set[str]:
    return {error["code"] for items in errors.values() for error in items}


def _form_errors(form: ReviewForm) -> dict[str, list[dict[str, str]]]:
    errors = form.errors.get_json_data()
    if "subject" in errors:  # the API names the subject by "employer" or "recruiter"
        errors["employer"] = errors.pop("subject")
    return errors


@router.post(
    "",
    response={
        201: ReceiptOut,
        400: ErrorsOut,
        404: ErrorsOut,
        413: ErrorsOut,
        422: ErrorsOut,
        429: ErrorsOut,
    },
    summary="Submit a review",
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": request_schema()}}}
    },
)
def submit(request: HttpRequest) -> Status[dict[str, Any]]:
    """Store an anonymous review (waiting for moderation) and answer with its receipt code.

    Name the subject by ``employer`` or ``recruiter`` (directory slugs), or by ``subject_kind``
    and ``subject_name`` when it is not in the directory; a slug the directory does not know
    answers 404. Keep the receipt code: it is shown
    once and is the only way to change or withdraw the review. Nothing about the client
    (address, user agent) is stored.
    """
    if body_too_large(request):
        limit = MAX_BODY_BYTES // 1024
        message = gettext("The request is larger than %(limit)d KB.") % {"limit": limit}
        return Status(413, {"errors": {"__all__": _error("too_large", message)}})
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return Status(
            400, {"errors": {"__all__": _error("invalid_json", gettext("The body is not valid JSON."))}}
        )
    data, errors = form_data(payload, ACCEPTED_FIELDS)
    if errors and "__all__" in errors and not data:
        return Status(400, {"errors": errors})
    form = ReviewForm(data, final=True)
    if errors or not form.is_valid():
        form_errors = _form_errors(form)
        if not errors and list(form_errors) == ["employer"] and _codes(form_errors) == {"unknown_subject"}:
            return Status(404, {"errors": form_errors})
        return Status(422, {"errors": {**form_errors, **errors}})
    if not submission_rule().hit_request(request):
        message = gettext("Too many reviews from this connection. Wait an hour, then try again.")
        return Status(429, {"errors": {"__all__": _error("throttled", message)}})
    submitted = services.review_submit(
        subject_kind=form.cleaned_data["subject_kind"],
        employer=form.employer,
        recruiter=form.recruiter,
        subject_name=form.cleaned_data.get("subject_name") or "",
        answers=form.answers(),
    )
    return Status(201, {"receipt_code": submitted.receipt_code, "status": submitted.review.status})


class SubjectOut(Schema):
    kind: str
    slug: str
    name: str


class ReplyOut(Schema):
    text: str
    is_redacted: bool


class PublicReviewOut(Schema):
    id: str
    subject: SubjectOut
    programme: str
    season_year: int
    work_season: str
    received: str
    answers: dict[str, str]
    ratings: dict[str, int]
    fees_amount: Decimal | None
    fees_currency: str
    fees_charged_by: str
    text: str
    is_redacted: bool
    reply: ReplyOut | None


class ReviewPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[PublicReviewOut]


def _public(review: Review) -> dict[str, Any]:
    subject = review.subject
    if subject is None:  # publishing requires a directory link, so this cannot happen
        raise ValueError("a published review without a subject")
    reply = selectors.visible_reply(review)
    return {
        "id": str(review.pk),
        "subject": {"kind": review.subject_kind, "slug": subject.slug, "name": subject.name},
        "programme": review.programme,
        "season_year": review.season_year,
        "work_season": review.work_season,
        "received": season_label(review.received_month),
        "answers": {q.name: value for q in QUESTIONS if (value := getattr(review, q.name))},
        "ratings": {r.name: value for r in RATINGS if (value := getattr(review, r.name)) is not None},
        "fees_amount": review.fees_amount,
        "fees_currency": review.fees_currency,
        "fees_charged_by": review.fees_charged_by,
        "text": as_plain_text(review.text),
        "is_redacted": review.is_redacted,
        "reply": {"text": as_plain_text(reply.text), "is_redacted": reply.is_redacted} if reply else None,
    }


@router.get("", response=responses(ReviewPageOut, not_found=True), summary="Published reviews")
def published(
    request: HttpRequest,
    employer: str = Query("", max_length=MAX_SLUG, description="An employer's slug"),
    recruiter: str = Query("", max_length=MAX_SLUG, description="A recruiter's slug"),
    page: int = Query(1, ge=1, le=MAX_PAGE, description="Page number, from 1"),
) -> dict[str, Any]:
    """Published reviews, newest season first, with personal details removed.

    Only reviews of subjects with at least ``JORNADA_REVIEWS_MIN_PUBLISHED`` published reviews
    are listed; filter by ``employer`` or ``recruiter`` slug.
    """
    employer_record = selectors.employer_by_slug(employer) if employer else None
    recruiter_record = selectors.recruiter_by_slug(recruiter) if recruiter else None
    if (employer and employer_record is None) or (recruiter and recruiter_record is None):
        raise Http404
    reviews = selectors.public_reviews(employer=employer_record, recruiter=recruiter_record)
    paginator = Paginator(reviews, API_PAGE_SIZE)
    current = paginator.get_page(page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "results": [_public(review) for review in current.object_list],
    }


class AnswerOut(Schema):
    question: str
    label: str
    yes: int
    no: int
    unknown: int
    total: int
    sentence: str


class RatingOut(Schema):
    rating: str
    label: str
    average: Decimal
    count: int


class FeeOut(Schema):
    currency: str
    median: Decimal
    count: int


class SummaryOut(Schema):
    visible: bool
    threshold: int
    published: int | None
    waiting_for_company: int
    answers: list[AnswerOut]
    ratings: list[RatingOut]
    fees: list[FeeOut]


def _summary(subject: Any) -> dict[str, Any]:
    summary = selectors.summary(subject)
    return {
        "visible": summary.is_visible(),
        "threshold": summary.threshold,
        "published": summary.published if summary.is_visible() else None,
        "waiting_for_company": summary.waiting(),
        "answers": [
            {
                "question": q.question.name,
                "label": str(q.question.label),
                "yes": q.yes,
                "no": q.no,
                "unknown": q.unknown,
                "total": q.total,
                "sentence": q.sentence(),
            }
            for q in summary.questions
        ],
        "ratings": [
            {"rating": r.rating.name, "label": str(r.rating.label), "average": r.average, "count": r.count}
            for r in summary.ratings
        ],
        "fees": [{"currency": str(f.currency), "median": f.median, "count": f.count} for f in summary.fees],
    }


@router.get(
    "/employers/{slug}/summary",
    response=responses(SummaryOut, not_found=True, invalid=False),
    summary="What workers say about an employer",
)
def employer_summary(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Averages and answer counts, only once enough reviews are published (else only how many wait)."""
    employer = selectors.employer_by_slug(slug)
    if employer is None:
        raise Http404
    return _summary(employer)


@router.get(
    "/recruiters/{slug}/summary",
    response=responses(SummaryOut, not_found=True, invalid=False),
    summary="What workers say about a recruiter",
)
def recruiter_summary(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Averages and answer counts, only once enough reviews are published (else only how many wait)."""
    recruiter = selectors.recruiter_by_slug(slug)
    if recruiter is None:
        raise Http404
    return _summary(recruiter)


class MonthOut(Schema):
    month: str
    received: int
    waiting: int
    published: int
    rejected: int
    withdrawn: int
    redacted: int
    rejected_by_reason: dict[str, int]


class TakedownMonthOut(Schema):
    month: str
    requested: int
    kept: int
    redacted: int


class TransparencyOut(Schema):
    reviews: list[MonthOut]
    takedown_requests: list[TakedownMonthOut]


@router.get(
    "/transparency", response=responses(TransparencyOut, invalid=False), summary="Moderation counts per month"
)
def transparency(request: HttpRequest) -> dict[str, Any]:
    """How many reviews arrived each month and what became of them; takedown requests and outcomes."""
    report = selectors.transparency()
    return {
        "reviews": [
            {
                "month": counts.month.strftime("%Y-%m"),
                "received": counts.received,
                "waiting": counts.waiting,
                "published": counts.published,
                "rejected": counts.rejected,
                "withdrawn": counts.withdrawn,
                "redacted": counts.redacted,
                "rejected_by_reason": counts.rejected_by_reason,
            }
            for counts in report.months
        ],
        "takedown_requests": [
            {"month": month.strftime("%Y-%m"), "requested": requested, "kept": kept, "redacted": redacted}
            for month, requested, kept, redacted in report.takedowns
        ],
    }
