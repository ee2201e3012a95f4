"""Tests for jornada.rights.content.check (plain functions, no Django)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jornada.rights.content.check import (
    ARTICLES_DIR,
    check_articles,
    count_words,
    split_front_matter,
)


def test_it_accepts_the_shipped_articles(capsys: pytest.CaptureFixture[str]) -> None:
    """The 14 articles in the repository pass every check."""
    report = check_articles(ARTICLES_DIR, None)
    assert report.failures == []
    assert "grade-" in capsys.readouterr().out


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A writable copy of the shipped articles."""
    target = tmp_path / "articles"
    shutil.copytree(ARTICLES_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_it_rejects_an_unverified_phone_number(articles: Path) -> None:
    """Any number other than the DOL helpline and trafficking hotline fails."""
    _edit(
        articles / "vivienda" / "es.md",
        "1-866-487-9243",
        "1-520-555-0100",
    )
    failures = check_articles(articles, None).failures
    assert any("unverified phone number" in f for f in failures)


def test_it_requires_the_closing_section(articles: Path) -> None:
    """An article must end with '## ¿Qué puedes hacer?' / '## What you can do'."""
    _edit(articles / "comidas" / "en.md", "## What you can do", "## Next steps")
    failures = check_articles(articles, None).failures
    assert any("comidas/en.md" in f and "last section" in f for f in failures)


def test_it_rejects_an_unknown_fact_sheet_title(articles: Path) -> None:
    """A source must carry the fact sheet's exact English title."""
    _edit(
        articles / "comidas" / "meta.toml",
        'title = "Meal Obligations for H-2A Employers"',
        'title = "Meals"',
    )
    failures = check_articles(articles, None).failures
    assert any("title should be" in f for f in failures)


def test_it_rejects_hard_spanish(articles: Path) -> None:
    """A Spanish body below 70 on Fernández-Huerta fails."""
    path = articles / "represalias" / "es.md"
    text = path.read_text(encoding="utf-8")
    front, _body = text.split("+++\n\n", 1)
    long_sentence = (
        "La administración correspondiente determinará consecuentemente "
        "las responsabilidades administrativas extraordinarias "
    ) * 30
    path.write_text(
        front + "+++\n\n## ¿Qué puedes hacer?\n\n" + long_sentence + ".\n",
        encoding="utf-8",
    )
    failures = check_articles(articles, None).failures
    assert any("represalias/es.md" in f and "Fernández-Huerta" in f for f in failures)


def test_it_checks_sections_against_the_fact_sheets(articles: Path, tmp_path: Path) -> None:
    """With the sheets available, a section must open a line of the sheet."""
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    (sheets / "fs_26d_h2a_meal_obligations.md").write_text(
        "# Fact Sheet #26D: Meal Obligations for H-2A Employers\n\n## Meal Obligations\n\nText.\n",
        encoding="utf-8",
    )
    failures = check_articles(articles, sheets).failures
    assert any("comidas/meta.toml" in f and "'Employer-Provided Meals'" in f for f in failures)
    assert not any("'Meal Obligations' does not open" in f for f in failures)


def test_it_counts_codes_and_phone_numbers_as_one_word() -> None:
    """Word counts treat H-2A and 1-866-487-9243 as single words."""
    assert count_words("## Visa H-2A\n\n- Llama al 1-866-487-9243.") == 5


def test_it_splits_toml_front_matter() -> None:
    """Front matter sits between the first two +++ lines."""
    assert split_front_matter('+++\ntitle = "x"\n+++\nBody\n') == (
        'title = "x"\n',
        "Body\n",
    )
    assert split_front_matter("No front matter\n") is None
