"""The review form: five short steps, earlier answers in hidden fields, nothing stored until the end."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, override_settings

from jornada.reviews.models import Review
from jornada.reviews.tests.conftest import hidden_inputs, review_data, walk_form
from jornada.reviews.tests.factories import EmployerFactory, RecruiterFactory

URL = "/es/reviews/new/"


@pytest.mark.django_db
def test_it_stores_a_review_only_after_the_last_step(employer) -> None:
    """Four steps store nothing and create no session; the fifth stores the review and shows the code."""
    client = Client()
    data = review_data(employer)
    response = client.post(URL, {**data, "step": "3", "go": "next"})
    assert response.status_code == 200
    assert response.context["step_index"] == 4
    assert not Review.objects.exists()
    assert not Session.objects.exists()
    receipt = walk_form(client, data)
    assert receipt.status_code == 200
    review = Review.objects.get()
    assert review.employer == employer
    assert review.fees_amount == 15000
    assert review.rating_housing == 1
    assert review.text == data["text"]
    assert receipt.context["code"] in receipt.content.decode()
    assert not Session.objects.exists()
    assert "sessionid" not in client.cookies


@pytest.mark.django_db
def test_it_carries_earlier_answers_in_hidden_fields(employer) -> None:
    """Step 3 holds the answers of steps 1 and 2 as hidden inputs, escaped, and nothing of step 3."""
    data = review_data(employer, fees_amount="15000")
    response = Client().post(URL, {**data, "step": "1", "go": "next"})
    hidden = hidden_inputs(response.content.decode())
    assert hidden["subject"] == f"employer:{employer.slug}"
    assert hidden["fees_amount"] == "15000"
    assert hidden["text"] == data["text"]  # later steps, already answered, are carried too
    assert "pay_as_promised" not in hidden  # shown on this step as radio buttons


@pytest.mark.django_db
def test_it_finds_the_employer_by_name_and_offers_to_use_the_typed_name(employer) -> None:
    """Searching lists directory matches as choices, plus "use the name I wrote"."""
    response = Client().post(
        URL, {"step": "0", "go": "search", "subject_kind": "employer", "subject_name": "los pinos"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert [match.name for match in response.context["matches"]] == ["Granja Los Pinos Ficticia LLC"]
    assert f'value="employer:{employer.slug}"' in html
    assert 'value="named"' in html


@pytest.mark.django_db
def test_it_searches_when_a_name_is_typed_but_not_chosen(employer) -> None:
    """Pressing Next with a typed name and nothing chosen shows the matches instead of an error."""
    response = Client().post(
        URL,
        {
            "step": "0",
            "go": "next",
            "subject_kind": "employer",
            "subject_name": "Pinos",
            "programme": "h2a",
            "season_year": "2025",
        },
    )
    assert response.context["step_index"] == 0
    assert response.context["matches"]


@pytest.mark.django_db
def test_it_accepts_a_name_that_is_not_in_the_directory() -> None:
    """A worker who cannot find the employer names it; the review waits for a moderator to link it."""
    walk_form(Client(), review_data(None, subject_name="Rancho Sin Registro"))
    review = Review.objects.get()
    assert review.employer is None
    assert review.subject_name == "Rancho Sin Registro"


@pytest.mark.django_db
def test_it_starts_from_a_profile_with_the_subject_chosen() -> None:
    """?employer=slug or ?recruiter=slug preselects the subject."""
    employer, recruiter = EmployerFactory(), RecruiterFactory()
    page = Client().get(f"{URL}?employer={employer.slug}").content.decode()
    assert employer.name in page
    assert f'name="subject" value="employer:{employer.slug}"' in page
    page = Client().get(f"{URL}?recruiter={recruiter.slug}").content.decode()
    assert f'name="subject" value="recruiter:{recruiter.slug}"' in page
    assert Client().get(f"{URL}?employer=nobody").status_code == 200


@pytest.mark.django_db
def test_it_goes_back_without_losing_answers(employer) -> None:
    """Back shows the previous step with its answers checked and no errors."""
    data = review_data(employer)
    response = Client().post(URL, {**data, "step": "2", "go": "back"})
    assert response.context["step_index"] == 1
    html = response.content.decode()
    assert 'name="fees_charged" value="yes" id="id_fees_charged_0" checked' in html
    assert "errorlist" not in html


@pytest.mark.django_db
def test_it_refuses_an_empty_submission_with_a_reason_per_field() -> None:
    """Next with nothing filled in names each required field, in Spanish, and stores nothing."""
    response = Client().post(URL, {"step": "0", "go": "next"})
    assert response.status_code == 422
    errors = response.context["form"].errors.get_json_data()
    assert {"subject_kind", "subject", "programme", "season_year"} <= set(errors)
    html = response.content.decode()
    assert 'aria-describedby="id_programme_error"' in html or 'id="id_programme_error"' in html
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_review_that_says_nothing(employer) -> None:
    """A subject and a year alone are not a review: the last step says so."""
    data = {
        key: value
        for key, value in review_data(employer).items()
        if key in {"subject_kind", "subject", "programme", "season_year"}
    }
    response = Client().post(URL, {**data, "step": "4", "go": "send"})
    assert response.status_code == 422
    assert response.context["form"].non_field_errors().as_data()[0].code == "empty_review"
    assert not Review.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "code", "step"),
    [
        ("season_year", "1999", "invalid_choice", 0),
        ("programme", "h3z", "invalid_choice", 0),
        ("subject", "employer:does-not-exist", "unknown_subject", 0),
        ("subject", "named", "name_required", 0),
        ("subject_name", "x" * 201, "max_length", 0),
        ("fees_amount", "mucho", "invalid", 1),
        ("fees_amount", "0", "min_value", 1),
        ("fees_amount", "99999999999", "max_value", 1),
        ("fees_amount", "12.3456", "max_decimal_places", 1),
        ("fees_currency", "", "currency_required", 1),
        ("fees_currency", "EUR", "invalid_choice", 1),
        ("housing_free", "maybe", "invalid_choice", 3),
        ("rating_pay", "6", "invalid_choice", 4),
        ("text", "x" * 4001, "max_length", 4),
    ],
)
def test_it_names_the_field_and_the_reason_for_bad_input(employer, field, value, code, step) -> None:
    """Each bad value sends the worker back to its step with a translated error on that field."""
    data = review_data(employer)
    if field == "subject" and value == "named":
        data["subject_name"] = ""
    data[field] = value
    response = Client().post(URL, {**data, "step": "4", "go": "send"})
    assert response.status_code == 422
    errors = response.context["form"].errors.as_data()
    error_field = "subject_name" if code == "name_required" else field
    assert code in [error.code for error in errors[error_field]]
    assert response.context["step_index"] == step
    assert 'class="errorlist"' in response.content.decode()
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_it_reads_amounts_written_the_usual_ways(employer) -> None:
    """ "$15,000", "15 000" and "1500,50" are amounts."""
    from jornada.reviews.forms import ReviewForm

    for typed, expected in (("$15,000", 15000), ("15 000", 15000), ("1500,50", "1500.50"), ("15.000", 15000)):
        form = ReviewForm(review_data(employer, fees_amount=typed), final=True)
        assert form.is_valid(), form.errors
        assert (
            str(form.cleaned_data["fees_amount"]) == str(expected)
            or form.cleaned_data["fees_amount"] == expected
        )


@pytest.mark.django_db
def test_it_answers_an_oversized_body_with_413_and_stores_nothing(employer) -> None:
    """A body over 64 KB is refused before it is read, with a translated page."""
    response = Client().post(URL, {**review_data(employer), "step": "4", "go": "send", "text": "x" * 70_000})
    assert response.status_code == 413
    assert not Review.objects.exists()


@pytest.mark.django_db
@override_settings(JORNADA_CONTRIBUTIONS_PER_HOUR=2)
def test_it_limits_submissions_per_client(employer) -> None:
    """The third review from one address within the hour is refused with 429; the first two are kept."""
    client = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(2):
        assert walk_form(client, review_data(employer)).status_code == 200
    assert walk_form(client, review_data(employer)).status_code == 429
    assert Review.objects.count() == 2
    assert walk_form(Client(REMOTE_ADDR="192.0.2.11"), review_data(employer)).status_code == 200


@pytest.mark.django_db
def test_it_does_not_store_a_review_twice_when_the_last_step_is_sent_again(employer) -> None:
    """Resending the last step (a reload, a double tap) says it was already sent."""
    client = Client()
    start = client.get(URL)
    nonce = hidden_inputs(start.content.decode())["nonce"]
    data = {**review_data(employer), "nonce": nonce, "step": "4", "go": "send"}
    assert client.post(URL, data).context["code"]
    again = client.post(URL, data)
    assert again.status_code == 200
    assert "code" not in again.context
    assert Review.objects.count() == 1


@pytest.mark.django_db
def test_it_shows_markup_in_answers_as_text(employer) -> None:
    """Hidden fields and redisplayed values escape markup: nothing injected runs."""
    hostile = '"><script>alert(1)</script>'
    response = Client().post(URL, {**review_data(employer), "text": hostile, "step": "1", "go": "next"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_it_strips_invisible_control_characters_from_text(employer) -> None:
    """NUL bytes, bidi overrides and other invisible controls never reach the database."""
    walk_form(Client(), review_data(employer, text="a\x00b \u202ec\u202c d\x1b"))
    assert Review.objects.get().text == "ab c d"


@pytest.mark.django_db
def test_it_lets_the_worker_choose_another_subject_without_losing_answers(employer) -> None:
    """ "Choose another one" clears only the subject and shows the search again."""
    data = review_data(employer)
    response = Client().post(URL, {**data, "step": "0", "go": "change"})
    assert response.context["step_index"] == 0
    html = response.content.decode()
    assert 'name="subject_name"' in html
    assert f'value="employer:{employer.slug}"' not in html
    assert hidden_inputs(html)["fees_charged"] == "yes"


@pytest.mark.django_db
def test_it_uses_the_directorys_forgiving_search() -> None:
    """A misspelt name finds the employer through the directory's search index."""
    from jornada.directory.services.refresh import search_entries_refresh

    employer = EmployerFactory(name="Blueberry Hill Farms LLC", normalised_name="blueberry hill farms")
    search_entries_refresh("employer", [employer.pk])
    response = Client().post(
        URL, {"step": "0", "go": "search", "subject_kind": "employer", "subject_name": "bluebery hil"}
    )
    assert [match.value for match in response.context["matches"]] == [f"employer:{employer.slug}"]
