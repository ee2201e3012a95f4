"""Aggregates only where they cannot identify anyone: nothing is shown below the threshold."""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

from jornada.contributions.models import Status
from jornada.reviews import selectors
from jornada.reviews.sections import employer_section, recruiter_section
from jornada.reviews.tests.factories import (
    EmployerFactory,
    RecruiterFactory,
    ReviewFactory,
    published_reviews,
)


def _section(employer, language: str = "es") -> str:
    with translation.override(language):
        return employer_section(RequestFactory().get("/"), employer)


@pytest.mark.django_db
def test_it_hides_everything_at_two_published_reviews_and_shows_it_at_three() -> None:
    """Two published reviews: only "2 waiting for company"; the third reveals averages and answers."""
    employer = EmployerFactory()
    published_reviews(employer, 2, fees_charged="yes", rating_pay=1)
    summary = selectors.summary(employer)
    assert not summary.is_visible()
    assert summary.waiting() == 2
    assert summary.questions == summary.ratings == summary.fees == []
    assert not selectors.visible_reviews(employer).exists()
    html = _section(employer, "en")
    assert "2 reviews are waiting for company" in html
    assert "say they were charged" not in html

    published_reviews(employer, 1, fees_charged="no", rating_pay=4)
    summary = selectors.summary(employer)
    assert summary.is_visible()
    fees = next(q for q in summary.questions if q.question.name == "fees_charged")
    assert (fees.yes, fees.no, fees.total) == (2, 1, 3)
    assert selectors.visible_reviews(employer).count() == 3
    html = _section(employer, "en")
    assert "2 of 3 workers say they were charged for recruitment, visa or travel." in html
    assert "Pay: <strong>2.0</strong>" in html


@pytest.mark.django_db
def test_withdrawn_rejected_and_waiting_reviews_never_count() -> None:
    """Only published reviews count towards the threshold and the figures."""
    employer = EmployerFactory()
    published_reviews(employer, 2)
    for status in (Status.WITHDRAWN, Status.REJECTED, Status.RECEIVED):
        ReviewFactory(employer=employer, status=status)
    summary = selectors.summary(employer)
    assert summary.published == 2
    assert not summary.is_visible()
    assert not selectors.public_reviews(employer=employer).exists()


@pytest.mark.django_db
def test_it_hides_a_question_that_fewer_than_the_threshold_answered() -> None:
    """With four reviews but only two answers to a question, that question is not shown."""
    employer = EmployerFactory()
    published_reviews(employer, 2, documents_kept="yes")
    published_reviews(employer, 2, documents_kept="")
    names = [q.question.name for q in selectors.summary(employer).questions]
    assert "fees_charged" in names
    assert "documents_kept" not in names


@pytest.mark.django_db
@override_settings(JORNADA_REVIEWS_MIN_PUBLISHED=5)
def test_it_reads_the_threshold_from_settings() -> None:
    """JORNADA_REVIEWS_MIN_PUBLISHED=5: four published reviews still wait."""
    employer = EmployerFactory()
    published_reviews(employer, 4)
    assert selectors.summary(employer).waiting() == 4
    published_reviews(employer, 1)
    assert selectors.summary(employer).is_visible()


@pytest.mark.django_db
def test_it_applies_the_threshold_to_pages_and_the_api() -> None:
    """The reviews page and every API answer hide reviews and figures below the threshold."""
    employer = EmployerFactory()
    reviews = published_reviews(employer, 2, text="Texto de prueba que no debe verse.")
    page = Client().get(f"/en/reviews/employers/{employer.slug}/").content.decode()
    assert "Texto de prueba" not in page
    assert "2 reviews are waiting for company" in page
    summary = json.loads(Client().get(f"/api/v1/reviews/employers/{employer.slug}/summary").content)
    assert summary == {
        "visible": False,
        "threshold": 3,
        "published": None,
        "waiting_for_company": 2,
        "answers": [],
        "ratings": [],
        "fees": [],
    }
    listing = json.loads(Client().get(f"/api/v1/reviews?employer={employer.slug}").content)
    assert listing["count"] == 0
    assert listing["results"] == []
    assert json.loads(Client().get("/api/v1/reviews").content)["count"] == 0

    reviews += published_reviews(employer, 1)
    page = Client().get(f"/en/reviews/employers/{employer.slug}/").content.decode()
    assert "Texto de prueba" in page
    listing = json.loads(Client().get(f"/api/v1/reviews?employer={employer.slug}").content)
    assert listing["count"] == 3
    assert {item["id"] for item in listing["results"]} == {str(review.pk) for review in reviews}


@pytest.mark.django_db
def test_it_counts_each_subject_on_its_own() -> None:
    """Three reviews split between an employer and a recruiter show nothing for either."""
    employer, recruiter = EmployerFactory(), RecruiterFactory()
    published_reviews(employer, 2)
    published_reviews(recruiter, 1)
    assert not selectors.summary(employer).is_visible()
    assert not selectors.summary(recruiter).is_visible()
    with translation.override("en"):
        html = recruiter_section(RequestFactory().get("/"), recruiter)
    assert "1 review is waiting for company" in html


@pytest.mark.django_db
def test_it_forgets_the_cached_summary_when_a_review_is_withdrawn() -> None:
    """A cached summary never outlives a change: withdrawing the third review hides it all again."""
    from jornada.contributions.receipts import new_receipt_code
    from jornada.reviews import services

    employer = EmployerFactory()
    published_reviews(employer, 2)
    code = new_receipt_code()
    ReviewFactory(employer=employer, status=Status.PUBLISHED, code=code)
    assert selectors.summary(employer).is_visible()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "django.db.transaction.on_commit", lambda function, using=None, robust=False: function()
        )
        services.review_withdraw(receipt_code=code)
    assert not selectors.summary(employer).is_visible()


@pytest.mark.django_db
def test_the_section_invites_a_first_review_and_links_the_form() -> None:
    """With no review, the profile section says so and links to the form about this employer."""
    employer = EmployerFactory()
    html = _section(employer, "en")
    assert "No worker has written about it yet." in html
    assert f"/en/reviews/new/?employer={employer.slug}" in html


@pytest.mark.django_db
def test_the_section_links_the_fees_article_when_the_rights_app_offers_one(monkeypatch) -> None:
    """When workers report fees, the section links the rights library's fees article (if it exists)."""
    employer = EmployerFactory()
    published_reviews(employer, 3, fees_charged="yes")
    monkeypatch.setattr("jornada.reviews.sections.fees_article_url", lambda: "/es/derechos/cobros/")
    assert 'href="/es/derechos/cobros/"' in _section(employer)


@pytest.mark.django_db
def test_the_profile_pages_show_what_workers_say_beside_the_dol_records() -> None:
    """The directory's employer and recruiter pages carry the reviews section."""
    employer, recruiter = EmployerFactory(), RecruiterFactory()
    published_reviews(employer, 3, fees_charged="yes")
    page = Client().get(f"/en/directory/employers/{employer.slug}/").content.decode()
    assert "What workers say" in page
    assert "3 of 3 workers say they were charged for recruitment, visa or travel." in page
    assert page.index("What workers say") < page.index("Season by season")
    page = Client().get(f"/es/directory/recruiters/{recruiter.slug}/").content.decode()
    assert "Lo que dicen los trabajadores" in page


@pytest.mark.django_db
def test_the_section_links_the_rights_librarys_fees_article() -> None:
    """With the rights library's recruitment article published, reported fees link to it."""
    from jornada.rights.tests.factories import make_article

    make_article(slug="cobros-de-prueba")
    employer = EmployerFactory()
    published_reviews(employer, 3, fees_charged="yes")
    assert 'href="/es/derechos/cobros-de-prueba/"' in _section(employer, "es")
    quiet = EmployerFactory()
    published_reviews(quiet, 3, fees_charged="no")
    assert "/derechos/" not in _section(quiet, "es")
