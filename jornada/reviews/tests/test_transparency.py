"""The public transparency page: counts per month of what arrived and what became of it."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from jornada.contributions.models import Status
from jornada.contributions.periods import current_month, months_before
from jornada.reviews.models import TakedownRequest
from jornada.reviews.tests.factories import ReplyFactory, ReviewFactory


@pytest.mark.django_db
def test_it_counts_reviews_per_month_by_outcome_and_reason() -> None:
    """Each month shows received, published (and redacted), rejected by reason, withdrawn, waiting."""
    this, last = current_month(), months_before(current_month(), 1)
    ReviewFactory(status=Status.PUBLISHED, is_redacted=True)
    ReviewFactory(status=Status.PUBLISHED)
    ReviewFactory(status=Status.REJECTED, reject_reason="spam")
    ReviewFactory(status=Status.REJECTED, reject_reason="spam")
    ReviewFactory(status=Status.REJECTED, reject_reason="abusive")
    ReviewFactory(status=Status.WITHDRAWN)
    ReviewFactory(status=Status.RECEIVED)
    ReviewFactory(status=Status.PUBLISHED, received_month=last)
    data = json.loads(Client().get("/api/v1/reviews/transparency").content)
    assert data["reviews"][0] == {
        "month": this.strftime("%Y-%m"),
        "received": 7,
        "waiting": 1,
        "published": 2,
        "rejected": 3,
        "withdrawn": 1,
        "redacted": 1,
        "rejected_by_reason": {"spam": 2, "abusive": 1},
    }
    assert data["reviews"][1]["month"] == last.strftime("%Y-%m")
    assert data["reviews"][1]["published"] == 1
    page = Client().get("/en/reviews/transparency/").content.decode()
    assert "Spam or advertising: 2" in page
    assert "Insults, threats or hate: 1" in page


@pytest.mark.django_db
def test_it_counts_takedown_requests_and_their_outcomes() -> None:
    """Employers' takedown requests are counted per month with how they ended."""
    reply = ReplyFactory()
    for outcome in (
        TakedownRequest.Outcome.PENDING,
        TakedownRequest.Outcome.KEPT,
        TakedownRequest.Outcome.KEPT,
    ):
        TakedownRequest.objects.create(
            review=reply.review, claim=reply.claim, reason="untrue", explanation="No.", outcome=outcome
        )
    data = json.loads(Client().get("/api/v1/reviews/transparency").content)
    assert data["takedown_requests"] == [
        {"month": current_month().strftime("%Y-%m"), "requested": 3, "kept": 2, "redacted": 0}
    ]


@pytest.mark.django_db
def test_it_shows_only_counts() -> None:
    """No review text, subject or identifier appears on the transparency page."""
    review = ReviewFactory(status=Status.PUBLISHED, text="Texto único 7781 que no debe aparecer.")
    page = Client().get("/es/reviews/transparency/").content.decode()
    assert "7781" not in page
    assert str(review.pk) not in page
    assert review.employer.name not in page
