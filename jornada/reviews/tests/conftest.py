"""Fixtures for the reviews tests: a fictional employer and a whole review's form data."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from jornada.directory.models import Employer
from jornada.reviews.forms import STEPS
from jornada.reviews.tests.factories import EmployerFactory


@pytest.fixture
def employer(db: None) -> Employer:
    return EmployerFactory(
        name="Granja Los Pinos Ficticia LLC",
        slug="granja-los-pinos",
        normalised_name="granja los pinos ficticia",
    )


def review_data(employer: Employer | None = None, **overrides: Any) -> dict[str, Any]:
    """Every answer of a valid review, as the web form posts it."""
    data: dict[str, Any] = {
        "subject_kind": "employer",
        "subject": f"employer:{employer.slug}" if employer else "named",
        "subject_name": "" if employer else "Rancho Sin Registro",
        "programme": "h2a",
        "season_year": "2025",
        "work_season": "summer",
        "fees_charged": "yes",
        "fees_amount": "15,000",
        "fees_currency": "MXN",
        "fees_charged_by": "recruiter",
        "costs_reimbursed": "no",
        "documents_kept": "no",
        "pay_as_promised": "yes",
        "paid_all_hours": "no",
        "hours_guarantee": "unknown",
        "unexplained_deductions": "yes",
        "housing_free": "yes",
        "housing_safe": "no",
        "housing_crowded": "yes",
        "transport_safe": "yes",
        "safety_risks": "yes",
        "safety_training": "no",
        "threats": "no",
        "retaliation": "unknown",
        "would_return": "no",
        "rating_pay": "2",
        "rating_housing": "1",
        "rating_treatment": "3",
        "rating_safety": "2",
        "rating_recruitment": "1",
        "text": "Nos cobraron 15 mil pesos por la visa. Las horas extra no se pagaron.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


class _HiddenInputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "hidden" and attributes.get("name"):
            self.values[attributes["name"] or ""] = attributes.get("value") or ""


def hidden_inputs(html: str) -> dict[str, str]:
    """Return the hidden inputs of a page, as a browser would send them back."""
    parser = _HiddenInputs()
    parser.feed(html)
    parser.values.pop("csrfmiddlewaretoken", None)
    return parser.values


def walk_form(client: Client, data: dict[str, Any], *, language: str = "es", **headers: Any) -> Any:
    """Post a review through every step as a browser would, returning the last response.

    Each post carries the page's hidden inputs (earlier answers, as the server rendered them)
    plus the answers of the step on screen only, so the hidden-field carrying is exercised.
    """
    url = f"/{language}/reviews/new/"
    response = client.get(url, **headers)
    assert response.status_code == 200
    for index, step in enumerate(STEPS):
        shown = {name: data[name] for name in step.fields if name in data}
        last = index == len(STEPS) - 1
        posted = {**hidden_inputs(response.content.decode()), **shown, "go": "send" if last else "next"}
        response = client.post(url, posted, **headers)
        if last or response.status_code != 200:
            return response
        assert response.context["step_index"] == index + 1, response.context["form"].errors
    return response


@pytest.fixture
def submit_review() -> Callable[..., Any]:
    return walk_form
