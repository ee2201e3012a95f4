"""Showing worker text safely: always escaped, redactions marked, personal details highlighted."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from jornada.contributions import redaction
from jornada.contributions.scanner import Hit

register = template.Library()


@register.filter
def worker_text(text: str) -> SafeString:
    """Worker text as HTML paragraphs, escaped, with redactions shown as such."""
    return redaction.as_html(text or "")


@register.filter
def worker_words(text: str) -> SafeString:
    """A short field a worker filled in, escaped and inline, with redactions shown as such."""
    return redaction.as_inline_html(text or "")


@register.simple_tag
def highlighted(text: str, hits: Iterable[Hit]) -> SafeString:
    """Worker text for moderators: escaped, each possible personal detail marked and named."""
    text = text or ""
    label = f'<span class="redacted">{escape(redaction.marker_label())}</span>'
    parts: list[str] = []
    position = 0
    for hit in sorted(hits, key=lambda hit: hit.start):
        parts.append(escape(text[position : hit.start]))
        parts.append(f"<mark>{escape(hit.text)}</mark> <small>({escape(hit.label)})</small>")
        position = hit.end
    parts.append(escape(text[position:]))
    html = linebreaks("".join(parts))
    return mark_safe(html.replace(redaction.MARKER, label))  # noqa: S308 - every part escaped above
