"""The receipt code: the author alone can change or withdraw a review; a wrong code reveals nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings

from jornada.contributions.models import Status
from jornada.contributions.receipts import new_receipt_code
from jornada.reviews import services
from jornada.reviews.models import Review
from jornada.reviews.tests.conftest import hidden_inputs, review_data, walk_form
from jornada.reviews.tests.factories import ReviewFactory, published_reviews


def _page_text(response, typed: str = "") -> str:
    """The response without its CSRF token (different on every page) and the echoed code."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return text.replace(f'value="{typed}"', 'value="…"') if typed else text


@pytest.mark.django_db
def test_it_edits_a_review_with_its_receipt_code(employer) -> None:
    """The code opens the review; changing it keeps the code and sends it back to moderation."""
    code = new_receipt_code()
    review = ReviewFactory(
        employer=employer, code=code, status=Status.PUBLISHED, is_redacted=True, would_return="no"
    )
    client = Client()
    opened = client.post("/es/reviews/receipt/", {"receipt": code.lower()})
    assert opened.status_code == 200
    assert opened.context["review"] == review
    editing = client.post("/es/reviews/new/", {"go": "edit", "receipt": code})
    assert editing.context["step_index"] == 0
    carried = hidden_inputs(editing.content.decode())
    assert carried["receipt"] == code
    assert carried["would_return"] == "no"
    data = {
        **carried,
        **review_data(employer, would_return="yes", text="Cambié de opinión."),
        "step": "4",
        "go": "send",
    }
    done = client.post("/es/reviews/new/", data)
    assert done.status_code == 200
    review.refresh_from_db()
    assert review.would_return == "yes"
    assert review.text == "Cambié de opinión."
    assert review.status == Status.RECEIVED
    assert not review.is_redacted
    assert Review.objects.count() == 1


@pytest.mark.django_db
def test_it_withdraws_a_review_for_good_after_asking_once_more(employer) -> None:
    """Withdrawal asks for confirmation, then erases what the author wrote and hides the review."""
    code = new_receipt_code()
    review = ReviewFactory(employer=employer, code=code, status=Status.PUBLISHED)
    client = Client()
    confirm = client.post("/es/reviews/withdraw/", {"receipt": code})
    assert confirm.context["review"] == review
    Review.objects.filter(pk=review.pk).update()  # nothing changed yet
    review.refresh_from_db()
    assert review.status == Status.PUBLISHED
    assert client.post("/es/reviews/withdraw/", {"receipt": code, "confirm": "yes"}).status_code == 200
    review.refresh_from_db()
    assert review.status == Status.WITHDRAWN
    assert review.text == ""
    assert review.fees_charged == ""
    assert review.rating_pay is None
    # A withdrawn review cannot be changed back to life.
    assert client.post("/es/reviews/new/", {"go": "edit", "receipt": code}).context.get("step_index") is None


@pytest.mark.django_db
def test_a_wrong_code_reveals_nothing(employer) -> None:
    """A wrong, unknown or malformed code gets exactly the same page, on every path."""
    real = new_receipt_code()
    ReviewFactory(employer=employer, code=real)
    wrong_but_close = real[:-1] + ("A" if real[-1] != "A" else "B")
    unknown = new_receipt_code()
    for path, extra in (
        ("/es/reviews/receipt/", {}),
        ("/es/reviews/withdraw/", {}),
        ("/es/reviews/withdraw/", {"confirm": "yes"}),
    ):
        pages = {
            typed: Client().post(path, {"receipt": typed, **extra})
            for typed in (wrong_but_close, unknown, "not-a-code", "")
        }
        statuses = {response.status_code for response in pages.values()}
        assert statuses == {200}
        bodies = {_page_text(response, typed) for typed, response in pages.items() if typed}
        assert len(bodies) == 1, f"{path}: different answers for wrong codes"
    edit_pages = {
        _page_text(Client().post("/es/reviews/new/", {"go": "edit", "receipt": typed}), typed)
        for typed in (wrong_but_close, unknown, "x")
    }
    assert len(edit_pages) == 1
    assert Review.objects.get().status == Status.RECEIVED


@pytest.mark.django_db
def test_it_cannot_change_a_review_with_a_wrong_code_at_the_last_step(employer) -> None:
    """A forged receipt in the hidden field of the last step changes nothing and stores nothing."""
    review = ReviewFactory(employer=employer, text="Original.")
    data = {**review_data(employer, text="Forged."), "receipt": new_receipt_code(), "step": "4", "go": "send"}
    response = Client().post("/es/reviews/new/", data)
    assert response.status_code == 200
    assert "form" in response.context
    assert "receipt" in response.context["form"].errors
    review.refresh_from_db()
    assert review.text == "Original."
    assert Review.objects.count() == 1


@pytest.mark.django_db
@override_settings(JORNADA_CONTRIBUTIONS_PER_HOUR=1000)
def test_it_limits_how_many_codes_one_client_may_try(employer) -> None:
    """After 30 tries in an hour, a client gets 429 even with the right code."""
    code = new_receipt_code()
    ReviewFactory(employer=employer, code=code)
    client = Client(REMOTE_ADDR="192.0.2.50")
    for _ in range(30):
        client.post("/es/reviews/receipt/", {"receipt": new_receipt_code()})
    assert client.post("/es/reviews/receipt/", {"receipt": code}).status_code == 429


@pytest.mark.django_db
def test_the_services_answer_none_for_a_wrong_code(employer) -> None:
    """review_update and review_withdraw do nothing and say None for a code that is not right."""
    published_reviews(employer, 1)
    assert services.review_withdraw(receipt_code=new_receipt_code()) is None
    assert services.review_withdraw(receipt_code="") is None
    assert (
        services.review_update(
            receipt_code=new_receipt_code(), subject_kind="employer", employer=employer, answers={}
        )
        is None
    )
    assert Review.objects.get().status == Status.PUBLISHED


@pytest.mark.django_db
def test_the_receipt_page_shows_the_code_once_and_stores_only_its_hash(employer) -> None:
    """The code appears on the receipt page; the database holds its hash, not the code."""
    response = walk_form(Client(), review_data(employer))
    code = response.context["code"]
    review = Review.objects.get()
    assert review.receipt_hash != code
    assert code.replace("-", "") not in review.receipt_hash.upper()
    assert services.review_by_receipt(code) == review
