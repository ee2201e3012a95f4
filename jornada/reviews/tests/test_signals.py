"""Abuse signals for moderators: near-duplicate text and bursts of praise for one employer."""

from __future__ import annotations

import datetime as dt

import pytest

from jornada.contributions.models import Status
from jornada.contributions.periods import current_month, months_before
from jornada.reviews import selectors
from jornada.reviews.tests.factories import EmployerFactory, ReviewFactory

SPAM = "Excelente patrón, pagan muy bien, la vivienda es de primera, todos regresamos felices cada año."


@pytest.mark.django_db
def test_it_flags_near_duplicate_text_across_recent_reviews(three_orgs, staff_client) -> None:
    """Copies with small changes are flagged and linked for the moderator; unrelated text is not."""
    first = ReviewFactory(text=SPAM)
    copy = ReviewFactory(text=SPAM.replace("Excelente", "Muy buen").upper())
    other = ReviewFactory(
        text="Nos quitaron el pasaporte al llegar y lo devolvieron al final de la temporada."
    )
    signals = selectors.review_signals(copy)
    assert [d.key for d in signals.duplicates] == [first.pk]
    assert selectors.review_signals(other).duplicates == []
    page = staff_client(three_orgs.alice).get(f"/es/staff/reviews/{copy.pk}/").content.decode()
    assert f"/es/staff/reviews/{first.pk}/" in page


@pytest.mark.django_db
def test_it_ignores_withdrawn_and_old_reviews_for_duplicates() -> None:
    """Withdrawn text is gone; reviews from more than three months before are not compared."""
    ReviewFactory(text=SPAM, status=Status.WITHDRAWN)
    ReviewFactory(text=SPAM, received_month=months_before(current_month(), 6))
    review = ReviewFactory(text=SPAM)
    assert selectors.review_signals(review).duplicates == []


@pytest.mark.django_db
def test_it_flags_a_burst_of_praise_for_one_employer() -> None:
    """Five positive reviews of one employer in a month, where there were none before, are a burst."""
    employer = EmployerFactory()
    praise = {"would_return": "yes", "fees_charged": "no", "rating_pay": 5, "rating_treatment": 5}
    reviews = [ReviewFactory(employer=employer, **praise) for _ in range(5)]
    complaint = ReviewFactory(employer=employer, would_return="no", rating_pay=1, rating_treatment=1)
    assert selectors.review_signals(reviews[0]).burst
    assert not selectors.review_signals(complaint).burst  # criticism is never "a burst of praise"


@pytest.mark.django_db
def test_it_does_not_flag_the_usual_pace_of_praise() -> None:
    """An employer praised five times every month is not bursting when praised five times again."""
    employer = EmployerFactory()
    praise = {"would_return": "yes", "status": Status.PUBLISHED}
    month = current_month()
    for back in range(1, 7):
        for _ in range(5):
            ReviewFactory(employer=employer, received_month=months_before(month, back), **praise)
    reviews = [ReviewFactory(employer=employer, would_return="yes") for _ in range(5)]
    assert not selectors.review_signals(reviews[0]).burst
    assert isinstance(month, dt.date)
