"""Redaction: a moderator replaces spans of a worker's text with a visible marker, nothing more.

The removed text is not kept anywhere (not in another column, not encrypted, not in the audit
log): what is not stored cannot leak or be demanded by a court. The stored text holds one
private-use character (U+E000) per removed span; it is shown as "[dato personal quitado]" /
"[personal detail removed]" in the reader's language. Worker input has every private-use
character stripped (``text.clean_free_text``), so a worker cannot fake a redaction.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MARKER = "\ue000"
MAX_PHRASES = 20


def marker_label() -> str:
    return gettext("[personal detail removed]")


def fingerprint(text: str) -> str:
    """Return a short digest of ``text``, so a redaction is applied only to the text that was shown."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def parse_span(value: str, length: int) -> tuple[int, int]:
    """Parse a ``start:end`` form value into a span inside a text of ``length`` characters."""
    try:
        start_text, end_text = value.split(":", 1)
        start, end = int(start_text), int(end_text)
    except ValueError:
        raise ValidationError(_("That part of the text does not exist."), code="bad_span") from None
    if not 0 <= start < end <= length:
        raise ValidationError(_("That part of the text does not exist."), code="bad_span")
    return start, end


def phrase_spans(text: str, phrases: Iterable[str]) -> list[tuple[int, int]]:
    """Return every occurrence of every phrase (ignoring case); each phrase must occur."""
    spans: list[tuple[int, int]] = []
    for phrase in list(phrases)[:MAX_PHRASES]:
        needle = phrase.strip()
        if not needle:
            continue
        found = [match.span() for match in re.finditer(re.escape(needle), text, re.IGNORECASE)]
        if not found:
            raise ValidationError(
                _("“%(phrase)s” is not in the text. Copy it exactly as it is written."),
                code="phrase_not_found",
                params={"phrase": needle[:80]},
            )
        spans.extend(found)
    return spans


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def redact(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Return ``text`` with each (merged) span replaced by one redaction marker."""
    parts: list[str] = []
    position = 0
    for start, end in merge_spans(spans):
        parts.append(text[position:start])
        parts.append(MARKER)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def as_plain_text(text: str) -> str:
    """Return stored text for machines (the API): markers become the translated label."""
    return text.replace(MARKER, marker_label())


def as_html(text: str) -> SafeString:
    """Return stored text as HTML paragraphs: everything escaped, markers shown as such."""
    label = f'<span class="redacted">{escape(marker_label())}</span>'
    html = linebreaks(escape(text))  # escape first: a worker's markup is only ever text
    return mark_safe(html.replace(MARKER, label))  # noqa: S308 - built from escaped parts only


def as_inline_html(text: str) -> SafeString:
    """Return a short stored field as inline HTML: escaped, markers shown as such."""
    label = f'<span class="redacted">{escape(marker_label())}</span>'
    return mark_safe(escape(text).replace(MARKER, label))  # noqa: S308 - built from escaped parts only
