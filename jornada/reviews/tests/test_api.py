"""The reviews API: same validation and messages as the form, 201 with a receipt, threshold respected."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from jornada.contributions.models import Status
from jornada.contributions.redaction import MARKER
from jornada.reviews import services
from jornada.reviews.models import Review
from jornada.reviews.tests.factories import EmployerFactory, RecruiterFactory, ReplyFactory, published_reviews

URL = "/api/v1/reviews"


def post(payload, language: str = "es", **extra):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return Client().post(URL, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language, **extra)


def _valid(employer) -> dict:
    return {
        "employer": employer.slug,
        "programme": "h2a",
        "season_year": 2025,
        "fees_charged": "yes",
        "fees_amount": 15000,
        "fees_currency": "MXN",
        "would_return": "no",
        "rating_pay": 2,
        "text": "Nos cobraron la visa.",
    }


@pytest.mark.django_db
def test_it_accepts_a_review_and_answers_201_with_the_receipt_code(employer) -> None:
    """A valid review is stored waiting for moderation; the answer carries the code, not the id."""
    response = post(_valid(employer))
    assert response.status_code == 201
    body = json.loads(response.content)
    assert set(body) == {"receipt_code", "status"}
    assert body["status"] == "received"
    review = Review.objects.get()
    assert services.review_by_receipt(body["receipt_code"]) == review
    assert review.fees_amount == 15000
    assert review.rating_pay == 2


@pytest.mark.django_db
def test_it_accepts_a_recruiter_or_a_name_not_in_the_directory() -> None:
    """Recruiters by slug; unknown subjects by kind and name."""
    recruiter = RecruiterFactory()
    assert (
        post(
            {"recruiter": recruiter.slug, "programme": "h2b", "season_year": 2024, "threats": "yes"}
        ).status_code
        == 201
    )
    assert (
        post(
            {
                "subject_kind": "recruiter",
                "subject_name": "Don Chuy",
                "programme": "unknown",
                "season_year": 2024,
                "threats": "no",
            }
        ).status_code
        == 201
    )
    assert Review.objects.filter(recruiter=recruiter).count() == 1
    assert Review.objects.get(subject_name="Don Chuy").recruiter is None


@pytest.mark.django_db
def test_it_returns_the_forms_errors_per_field_in_the_clients_language(employer) -> None:
    """422 with {"errors": {field: [{code, message}]}}, Spanish by default, English on request."""
    payload = {**_valid(employer), "fees_currency": None, "rating_pay": 9, "season_year": 1980}
    spanish = json.loads(post(payload).content)["errors"]
    english = json.loads(post(payload, "en").content)["errors"]
    assert post(payload).status_code == 422
    assert spanish["fees_currency"][0]["code"] == english["fees_currency"][0]["code"] == "currency_required"
    assert english["fees_currency"][0]["message"] == "Choose the currency of the amount."
    assert spanish["fees_currency"][0]["message"] != english["fees_currency"][0]["message"]
    assert english["rating_pay"][0]["code"] == "invalid_choice"
    assert english["season_year"][0]["code"] == "invalid_choice"
    assert not Review.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "status", "key", "code"),
    [
        ("", 400, "__all__", "invalid_json"),
        ("{}", 422, "programme", "required"),
        ("{}", 422, "employer", "no_subject"),
        ("{not json", 400, "__all__", "invalid_json"),
        (b"\xff\xfe", 400, "__all__", "invalid_json"),
        ("[1, 2]", 400, "__all__", "invalid_json"),
        (
            json.dumps({"employer": "nobody", "programme": "h2a", "season_year": 2025, "threats": "no"}),
            404,
            "employer",
            "unknown_subject",
        ),
        (json.dumps({"programme": ["h2a"], "season_year": 2025}), 422, "programme", "invalid_type"),
        (json.dumps({"programme": "h2a", "season_year": 2025, "salary": 10}), 422, "salary", "unknown_field"),
        (
            json.dumps({"employer": "a", "recruiter": "b", "programme": "h2a", "season_year": 2025}),
            422,
            "__all__",
            "two_subjects",
        ),
    ],
)
def test_it_explains_malformed_and_hostile_bodies(body, status, key, code) -> None:
    """Empty, malformed, wrongly typed or unknown input gets a clear error naming the field."""
    response = post(body or "null")
    assert response.status_code == status, response.content
    errors = json.loads(response.content)["errors"]
    assert code in [error["code"] for error in errors[key]]
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_oversized_body_with_413(employer) -> None:
    """A body over 64 KB is refused before it is parsed."""
    response = post({**_valid(employer), "text": "x" * 70_000})
    assert response.status_code == 413
    assert json.loads(response.content)["errors"]["__all__"][0]["code"] == "too_large"


@pytest.mark.django_db
def test_it_limits_text_to_four_thousand_characters(employer) -> None:
    """4,000 characters pass; 4,001 are refused with the limit in the message."""
    assert post({**_valid(employer), "text": "a" * 4000}).status_code == 201
    response = post({**_valid(employer), "text": "a" * 4001}, "en")
    assert response.status_code == 422
    assert (
        json.loads(response.content)["errors"]["text"][0]["message"]
        == "Please write at most 4000 characters (you wrote 4001)."
    )


@pytest.mark.django_db
@override_settings(JORNADA_CONTRIBUTIONS_PER_HOUR=1)
def test_it_is_rate_limited_like_the_form(employer) -> None:
    """The second review from one client within the hour gets 429 with a translated error."""
    assert post(_valid(employer), REMOTE_ADDR="192.0.2.9").status_code == 201
    response = post(_valid(employer), REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 429
    assert json.loads(response.content)["errors"]["__all__"][0]["code"] == "throttled"
    assert Review.objects.count() == 1


@pytest.mark.django_db
def test_it_needs_no_csrf_token_and_no_cookie(employer) -> None:
    """API clients send JSON without cookies; nothing is set on them either."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, json.dumps(_valid(employer)), content_type="application/json")
    assert response.status_code == 201
    assert not response.cookies


@pytest.mark.django_db
def test_it_lists_published_reviews_with_redactions_marked_and_replies() -> None:
    """Published reviews of subjects over the threshold, redacted text only, published reply included."""
    employer = EmployerFactory()
    reviews = published_reviews(employer, 3, text=f"Me llamo {MARKER} y no pagaron.", is_redacted=True)
    reply = ReplyFactory(review=reviews[0], status=Status.PUBLISHED, text="Lo revisamos.")
    ReplyFactory(review=reviews[1], claim=reply.claim, text="Aún no publicada.")
    data = json.loads(Client().get(f"{URL}?employer={employer.slug}", HTTP_ACCEPT_LANGUAGE="es").content)
    assert data["count"] == 3
    first = next(item for item in data["results"] if item["id"] == str(reviews[0].pk))
    assert first["text"] == "Me llamo [dato personal quitado] y no pagaron."
    assert first["is_redacted"] is True
    assert first["reply"] == {"text": "Lo revisamos.", "is_redacted": False}
    assert first["subject"] == {"kind": "employer", "slug": employer.slug, "name": employer.name}
    assert first["answers"]["fees_charged"] == "yes"
    assert all(item["reply"] is None for item in data["results"] if item["id"] != str(reviews[0].pk))
    assert Client().get(f"{URL}?employer=nobody").status_code == 404


@pytest.mark.django_db
def test_it_serves_a_summary_over_the_threshold() -> None:
    """Three published reviews: counts, averages and the translated sentence."""
    employer = EmployerFactory()
    published_reviews(employer, 3, fees_charged="yes", rating_pay=3)
    data = json.loads(
        Client().get(f"{URL}/employers/{employer.slug}/summary", HTTP_ACCEPT_LANGUAGE="en").content
    )
    assert data["visible"] is True
    assert data["published"] == 3
    fees = next(answer for answer in data["answers"] if answer["question"] == "fees_charged")
    assert (fees["yes"], fees["total"]) == (3, 3)
    assert fees["sentence"] == "3 of 3 workers say they were charged for recruitment, visa or travel."
    assert data["ratings"][0] == {"rating": "rating_pay", "label": "Pay", "average": "3.0", "count": 3}
    assert Client().get(f"{URL}/recruiters/nobody/summary").status_code == 404


@pytest.mark.django_db
def test_it_documents_the_endpoints_in_the_openapi_schema() -> None:
    """The schema lists the submission (with its body) and the read endpoints."""
    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    paths = schema["paths"]
    assert {
        "/api/v1/reviews",
        "/api/v1/reviews/employers/{slug}/summary",
        "/api/v1/reviews/transparency",
    } <= set(paths)
    submit = paths["/api/v1/reviews"]["post"]
    assert "requestBody" in submit
    assert {"201", "422", "400", "413", "429"} <= set(submit["responses"])
    assert "fees_charged" in json.dumps(submit["requestBody"])
    assert "get" in paths["/api/v1/reviews"]


def _request_schema() -> dict:
    schema = json.loads(Client().get("/api/v1/openapi.json").content)
    return schema["paths"][URL]["post"]["requestBody"]["content"]["application/json"]["schema"]


def _bodies(slug: str) -> list[tuple[dict, int]]:
    """Bodies and their answers: schema-valid ones are stored (201) or name an unknown slug (404)."""
    from django.utils import timezone

    year = timezone.localdate().year
    base = {"programme": "h2a", "season_year": year}
    return [
        ({**base, "employer": slug, "threats": "no"}, 201),
        ({**base, "employer": slug, "subject_name": "  ", "subject_kind": "recruiter", "rating_pay": 5}, 201),
        (
            {
                **base,
                "season_year": year - 9,
                "subject_kind": "recruiter",
                "subject_name": "Don Chuy",
                "text": "Cobran.",
            },
            201,
        ),
        (
            {
                **base,
                "employer": slug,
                "fees_amount": "1500.50",
                "fees_currency": "USD",
                "fees_charged": "yes",
            },
            201,
        ),
        (
            {
                **base,
                "employer": slug,
                "fees_amount": 10_000_000,
                "fees_currency": "MXN",
                "work_season": None,
                "threats": "no",
            },
            201,
        ),
        ({**base, "recruiter": "nobody-at-all", "rating_safety": 1}, 404),
        ({**base, "season_year": float(year), "employer": slug, "rating_pay": 3.0}, 201),  # JSON integers
        ({**base, "employer": slug, "rating_pay": 3.5}, 422),
        ({**base, "employer": slug}, 422),  # says nothing
        ({**base, "employer": slug, "text": " \u200e\x07 "}, 422),  # nothing readable
        ({**base, "employer": slug, "fees_amount": 100, "threats": "no"}, 422),  # no currency
        ({**base, "employer": slug, "fees_amount": "15,000", "fees_currency": "MXN", "threats": "no"}, 422),
        ({**base, "employer": "", "subject_kind": "employer", "subject_name": "X", "threats": "no"}, 422),
        ({**base, "subject_kind": "employer", "subject_name": " \t", "threats": "no"}, 422),
        ({**base, "employer": slug, "work_season": "", "threats": "no"}, 422),
        ({**base, "employer": slug, "season_year": str(year), "threats": "no"}, 422),
        ({**base, "employer": slug, "season_year": year - 10, "threats": "no"}, 422),
        ({**base, "employer": slug, "rating_pay": True}, 422),
        ({**base, "employer": slug, "subject_name": "a\x00b", "threats": "no"}, 422),
        ({**base, "employer": slug, "text": "a" * 4000 + " ", "threats": "no"}, 422),
        ({"employer": slug, "threats": "no", "season_year": year}, 422),  # no programme
    ]


@pytest.mark.django_db
def test_it_accepts_exactly_what_its_schema_calls_valid(employer) -> None:
    """Each body the published schema calls valid is stored or names an unknown slug; each other one is refused."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(_request_schema())
    for body, status in _bodies(employer.slug):
        assert validator.is_valid(body) is (status != 422), body
        assert post(body).status_code == status, body
