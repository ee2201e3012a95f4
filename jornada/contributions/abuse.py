"""Signals of abuse for moderators: near-duplicate text and bursts of praise.

Signals describe contributions, never people: nothing here knows or guesses who wrote what.
They are computed when a moderator looks, not stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from jornada.contributions.periods import months_before
from jornada.contributions.redaction import MARKER

NEAR_DUPLICATE_SCORE = 85
MIN_COMPARABLE_LENGTH = 30
BURST_MIN_COUNT = 5
BURST_FACTOR = 3
BURST_BASELINE_MONTHS = 6

_SPACES = re.compile(r"\s+")


def comparable(text: str) -> str:
    """Return ``text`` folded for comparison: case, spacing and redaction markers ignored."""
    return _SPACES.sub(" ", text.replace(MARKER, " ").casefold()).strip()


@dataclass(frozen=True)
class Duplicate:
    key: Any
    score: int


def near_duplicates(
    text: str, others: Iterable[tuple[Any, str]], *, threshold: int = NEAR_DUPLICATE_SCORE
) -> list[Duplicate]:
    """Return the ``others`` (key, text) whose text is at least ``threshold``% like ``text``.

    Word order is ignored (token-sort ratio), so reshuffled copies of one text still match.
    Very short texts are not compared: "Buen patrón" twice is not a campaign.
    """
    mine = comparable(text)
    if len(mine) < MIN_COMPARABLE_LENGTH:
        return []
    choices = {
        key: folded for key, other in others if len(folded := comparable(other)) >= MIN_COMPARABLE_LENGTH
    }
    found = process.extract(mine, choices, scorer=fuzz.token_sort_ratio, score_cutoff=threshold, limit=None)
    return sorted((Duplicate(key, round(score)) for _text, score, key in found), key=lambda d: -d.score)


def is_burst(
    counts_by_month: Mapping[dt.date, int],
    month: dt.date,
    *,
    minimum: int = BURST_MIN_COUNT,
    factor: int = BURST_FACTOR,
    baseline_months: int = BURST_BASELINE_MONTHS,
) -> bool:
    """Return True when ``month`` holds at least ``minimum`` items and ``factor`` times the usual.

    The usual is the monthly average over the ``baseline_months`` before it (zero for a
    subject nobody wrote about before, so a first wave of praise is a burst).
    """
    current = counts_by_month.get(month, 0)
    if current < minimum:
        return False
    previous = [counts_by_month.get(months_before(month, n), 0) for n in range(1, baseline_months + 1)]
    usual = sum(previous) / baseline_months
    return current >= factor * usual
