"""Hostile text is shown as text everywhere: public pages, moderation pages, the API."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from jornada.reviews.tests.factories import EmployerFactory, ReviewFactory, published_reviews

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> <a href="javascript:alert(2)">clic</a>'


@pytest.mark.django_db
def test_it_escapes_worker_text_on_the_public_page() -> None:
    """Markup in a published review is shown literally and never becomes a tag or a link."""
    employer = EmployerFactory()
    published_reviews(employer, 3, text=HOSTILE)
    html = Client().get(f"/es/reviews/employers/{employer.slug}/").content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_it_escapes_worker_text_for_moderators(three_orgs, staff_client) -> None:
    """The highlighted text on the moderation page is escaped too, link included."""
    review = ReviewFactory(text=HOSTILE)
    html = staff_client(three_orgs.alice).get(f"/es/staff/reviews/{review.pk}/").content.decode()
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html
    assert "<mark>javascript:alert(2)</mark>" in html  # flagged as a link, shown as text


@pytest.mark.django_db
def test_it_returns_worker_text_unchanged_as_json_text() -> None:
    """The API returns the text as a JSON string; rendering it safely is the client's job."""
    employer = EmployerFactory()
    published_reviews(employer, 3, text=HOSTILE)
    response = Client().get(f"/api/v1/reviews?employer={employer.slug}")
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["results"][0]["text"] == HOSTILE


@pytest.mark.django_db
def test_it_escapes_a_typed_employer_name() -> None:
    """A hostile name typed by a worker is escaped when the form shows it back."""
    response = Client().post(
        "/es/reviews/new/",
        {"step": "0", "go": "search", "subject_kind": "employer", "subject_name": "<b>x</b>"},
    )
    html = response.content.decode()
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
