"""Rendered profile records, kept in the cache until the directory's records change.

A profile's DOL records (enforcement findings, seasons, worksites, housing, recruiters) change
only when a file is imported or staff merge or split records, yet rendering them for an employer
with dozens of seasons takes tens of queries and milliseconds of templates. The record and its rendered
HTML are kept per record, page and language under a *generation* token; every write that changes the
records draws a new token, so all older renderings are simply never read again (the cache
expires them). Sections other apps add to profiles (reviews, warnings) are not cached here: they
change on their own schedule and may hold per-visitor forms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.utils.translation import get_language

from jornada.core import generations

GENERATION = "directory"
# The search vocabulary SQLite servers keep in memory for typo correction (search/backends.py).
VOCABULARY = "directory.vocabulary"
# A backstop for writes that bypass the services (the Django admin's plain edit forms).
RENDERED_SECONDS = 10 * 60
MAX_PAGE = 9999
T = TypeVar("T")


def records_changed() -> None:
    """Forget every cached rendering, once the current transaction commits."""
    generations.renew(GENERATION)


def page_number(value: str | None) -> int:
    """The page asked for, as the key of its rendering: anything odd is page 1, as Paginator reads it."""
    if value and value.isdecimal() and len(value) <= len(str(MAX_PAGE)):
        return max(1, int(value))
    return 1


def rendered(kind: str, key: str, page: int, render: Callable[[], T]) -> T:
    """Return what ``render()`` makes for this record, page and language, from the cache if possible.

    ``render`` may raise (``Http404`` for an unknown record): nothing is kept then.
    """
    return generations.cached(
        GENERATION, f"rendered:{kind}:{key}:{page}:{get_language()}", render, seconds=RENDERED_SECONDS
    )
