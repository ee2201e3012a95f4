"""Every step of the form, with errors and long answers, fits the first-render budget in both languages."""

from __future__ import annotations

import random
import re
from pathlib import Path

import polib
import pytest
from django.test import Client

from jornada.core.pagebudget import page_weight
from jornada.reviews.forms import STEPS
from jornada.reviews.tests.conftest import review_data
from jornada.reviews.tests.factories import EmployerFactory, published_reviews


def _vocabulary() -> list[str]:
    """Every word of the Spanish interface text: a realistic vocabulary for worker prose."""
    catalogue = Path(__file__).resolve().parents[1] / "locale" / "es" / "LC_MESSAGES" / "django.po"
    text = " ".join(entry.msgstr for entry in polib.pofile(str(catalogue)))
    return sorted(set(re.findall(r"[^\W\d_]{2,}", text)))


WORDS = _vocabulary()


def long_text(length: int = 4000, seed: int = 7) -> str:
    """Spanish-looking text of ``length`` characters (random words compress worse than prose)."""
    rng = random.Random(seed)
    words: list[str] = []
    while sum(len(word) + 1 for word in words) < length:
        words.append(rng.choice(WORDS) + rng.choice(["", "", "", ",", "."]))
    return " ".join(words)[:length]


def _assert_within_budget(response) -> None:
    weight = page_weight(response.content)
    assert weight.inline_scripts == 0
    assert weight.inline_styles == 0
    assert weight.within_budget(), f"{weight.total} bytes (html {weight.html_gzip})"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("step", range(len(STEPS)))
def test_every_step_fits_the_budget_with_every_answer_carried(language: str, step: int) -> None:
    """Each step, carrying a full review (4,000-character text included) in hidden fields, fits."""
    employer = EmployerFactory()
    data = review_data(employer, text=long_text())
    response = Client().post(
        f"/{language}/reviews/new/", {**data, "step": str(max(step - 1, 0)), "go": "next" if step else "back"}
    )
    assert response.context["step_index"] == step
    _assert_within_budget(response)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_step_full_of_errors_fits_the_budget(language: str) -> None:
    """The first step with every error shown fits too."""
    response = Client().post(f"/{language}/reviews/new/", {"step": "0", "go": "next", "programme": "x"})
    assert response.status_code == 422
    _assert_within_budget(response)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_page_of_long_reviews_fits_the_budget(language: str) -> None:
    """A full page of published reviews of 4,000 characters each, with the summary, fits."""
    from jornada.reviews.selectors import PUBLIC_PAGE_SIZE

    employer = EmployerFactory()
    for seed in range(PUBLIC_PAGE_SIZE + 1):
        published_reviews(employer, 1, text=long_text(seed=seed))
    response = Client().get(f"/{language}/reviews/employers/{employer.slug}/")
    assert len(response.context["reviews"]) == PUBLIC_PAGE_SIZE
    _assert_within_budget(response)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "en"])
def test_the_search_step_and_the_receipt_fit_the_budget(language: str) -> None:
    """The step listing directory matches, and the receipt page, fit."""
    for n in range(8):
        EmployerFactory(name=f"Granja Los Pinos {n} LLC", normalised_name=f"granja los pinos {n}")
    response = Client().post(
        f"/{language}/reviews/new/",
        {"step": "0", "go": "search", "subject_kind": "employer", "subject_name": "pinos"},
    )
    assert len(response.context["matches"]) == 8
    _assert_within_budget(response)
    employer = EmployerFactory()
    receipt = Client().post(f"/{language}/reviews/new/", {**review_data(employer), "step": "4", "go": "send"})
    assert receipt.context["code"]
    _assert_within_budget(receipt)
