"""Reads of the vocabulary, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

from jornada.vocabulary.models import LABEL_LANGUAGES, Audience, Category


@dataclass(frozen=True)
class CategoryChoice:
    """One category as a form or a page shows it: its code and its words in one language."""

    code: str
    group: str
    label: str
    description: str
    urgent: bool
    retired: bool


def _language(language: str | None) -> str:
    wanted = (language or get_language() or LABEL_LANGUAGES[0]).split("-")[0]
    return wanted if wanted in LABEL_LANGUAGES else LABEL_LANGUAGES[0]


def _choice(category: Category, language: str, audience: str) -> CategoryChoice:
    return CategoryChoice(
        code=category.code,
        group=category.group,
        label=category.label(language, audience),
        description=category.description(language),
        urgent=category.urgent,
        retired=not category.is_active(),
    )


def categories(
    *, group: str | None = None, language: str | None = None, audience: str = Audience.WORKER
) -> list[CategoryChoice]:
    """Return the active categories (of ``group``, if given), labelled in ``language``.

    Without a language, the active one; a language without labels in the data gets Spanish.
    """
    found = Category.objects.active()
    if group is not None:
        found = found.filter(group=group)
    chosen = _language(language)
    return [_choice(category, chosen, audience) for category in found]


def category_labels(
    codes: list[str], *, language: str | None = None, audience: str = Audience.STAFF
) -> list[CategoryChoice]:
    """Return the categories named by ``codes``, retired ones included, for reading old records."""
    chosen = _language(language)
    found = Category.objects.filter(code__in=codes)
    return [_choice(category, chosen, audience) for category in found]


def active_categories() -> list[Category]:
    """Return the active category records, in their display order (for forms)."""
    return list(Category.objects.active())
