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
from ninja import Router, Schema, Status

from jornada.contributions.limits import MAX_BODY_BYTES, body_too_large, submission_rule
from jornada.contributions.periods import season_label
from jornada.contributions.redaction import as_plain_text
from jornada.reviews import selectors, services
from jornada.reviews.forms import SUBJECT_NAMED, ReviewForm
from jornada.reviews.models import Review, SubjectKind
from jornada.reviews.questions import CONTENT_FIELDS, QUESTIONS, RATINGS

router = Router(tags=["reviews"])
API_PAGE_SIZE = 20
SUBJECT_FIELDS = ("employer", "recruiter", "subject_kind", "subject_name")
ACCEPTED_FIELDS = frozenset(SUBJECT_FIELDS + CONTENT_FIELDS)


class ErrorItem(Schema):
    code: str
    message: str


class ErrorsOut(Schema):
    errors: dict[str, list[ErrorItem]]


class ReceiptOut(Schema):
    receipt_code: str
    status: str


class ReviewIn(Schema):
    """A review, as the web form takes it. Answers are "yes", "no" or "unknown"; stars 1 to 5."""

    employer: str | None = None
    recruiter: str | None = None
    subject_kind: str | None = None
    subject_name: str | None = None
    programme: str
    season_year: int
    work_season: str | None = None
    fees_amount: Decimal | None = None
    fees_currency: str | None = None
    fees_charged_by: str | None = None
    fees_charged: str | None = None
    costs_reimbursed: str | None = None
    documents_kept: str | None = None
    pay_as_promised: str | None = None
    paid_all_hours: str | None = None
    hours_guarantee: str | None = None
    unexplained_deductions: str | None = None
    housing_free: str | None = None
    housing_safe: str | None = None
    housing_crowded: str | None = None
    transport_safe: str | None = None
    safety_risks: str | None = None
    safety_training: str | None = None
    threats: str | None = None
    retaliation: str | None = None
    would_return: str | None = None
    rating_pay: int | None = None
    rating_housing: int | None = None
    rating_treatment: int | None = None
    rating_safety: int | None = None
    rating_recruitment: int | None = None
    text: str | None = None


def _error(code: str, message: str) -> list[dict[str, str]]:
    return [{"code": code, "message": message}]


def _form_data(payload: Any) -> tuple[dict[str, str], dict[str, list[dict[str, str]]]]:
    """Turn a JSON body into the web form's data; report what cannot be one."""
    if not isinstance(payload, dict):
        return {}, {
            "__all__": _error("invalid_json", gettext("Send one JSON object with the review's fields."))
        }
    errors: dict[str, list[dict[str, str]]] = {}
    data: dict[str, str] = {}
    for key, value in payload.items():
        if key not in ACCEPTED_FIELDS:
            errors[str(key)[:60]] = _error("unknown_field", gettext("This is not a field of a review."))
        elif value is None:
            continue
        elif isinstance(value, bool) or not isinstance(value, str | int | float):
            errors[key] = _error("invalid_type", gettext("Send text or a number here."))
        else:
            data[key] = str(value)
    employer, recruiter = data.pop("employer", ""), data.pop("recruiter", "")
    if employer and recruiter:
        errors["__all__"] = _error("two_subjects", gettext("Send an employer or a recruiter, not both."))
    elif employer:
        data["subject"] = f"{SubjectKind.EMPLOYER}:{employer}"
        data.setdefault("subject_kind", SubjectKind.EMPLOYER)
    elif recruiter:
        data["subject"] = f"{SubjectKind.RECRUITER}:{recruiter}"
        data.setdefault("subject_kind", SubjectKind.RECRUITER)
    elif data.get("subject_name"):
        data["subject"] = SUBJECT_NAMED
    return data, errors


def _form_errors(form: ReviewForm) -> dict[str, list[dict[str, str]]]:
    errors = form.errors.get_json_data()
    if "subject" in errors:  # the API names the subject by "employer" or "recruiter"
        errors["employer"] = errors.pop("subject")
    return errors


@router.post(
    "",
    response={201: ReceiptOut, 400: ErrorsOut, 413: ErrorsOut, 422: ErrorsOut, 429: ErrorsOut},
    summary="Submit a review",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ReviewIn.model_json_schema()}},
        }
    },
)
def submit(request: HttpRequest) -> Status[dict[str, Any]]:
    """Store an anonymous review (waiting for moderation) and answer with its receipt code.

    Name the subject by ``employer`` or ``recruiter`` (directory slugs), or by ``subject_kind``
    and ``subject_name`` when it is not in the directory. Keep the receipt code: it is shown
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
    data, errors = _form_data(payload)
    if errors and "__all__" in errors and not data:
        return Status(400, {"errors": errors})
    form = ReviewForm(data, final=True)
    if errors or not form.is_valid():
        return Status(422, {"errors": {**_form_errors(form), **errors}})
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


@router.get("", response=ReviewPageOut, summary="Published reviews")
def published(request: HttpRequest, employer: str = "", recruiter: str = "", page: int = 1) -> dict[str, Any]:
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


@router.get("/employers/{slug}/summary", response=SummaryOut, summary="What workers say about an employer")
def employer_summary(request: HttpRequest, slug: str) -> dict[str, Any]:
    """Averages and answer counts, only once enough reviews are published (else only how many wait)."""
    employer = selectors.employer_by_slug(slug)
    if employer is None:
        raise Http404
    return _summary(employer)


@router.get("/recruiters/{slug}/summary", response=SummaryOut, summary="What workers say about a recruiter")
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


@router.get("/transparency", response=TransparencyOut, summary="Moderation counts per month")
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
