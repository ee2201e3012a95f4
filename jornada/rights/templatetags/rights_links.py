"""Links into the rights library for any template: ``{% load rights_links %}``.

``{% rights_topic_link "recruitment" %}`` renders a link to the published article on that topic
(in the active language), or nothing; ``{% rights_topic_url "recruitment" as url %}`` gives the
address alone. Topics are the codes of ``jornada.rights.models.Topic``.
"""

from __future__ import annotations

from typing import Any

from django import template

from jornada.rights import selectors

register = template.Library()


@register.simple_tag
def rights_topic_url(topic: str, language: str | None = None) -> str:
    """Return the address of the article on ``topic``, or "" when there is none."""
    return selectors.article_url_for_topic(topic, language) or ""


@register.inclusion_tag("rights/includes/topic_link.html")
def rights_topic_link(topic: str, text: str = "") -> dict[str, Any]:
    """Render a link to the article on ``topic`` (its title unless ``text`` is given), or nothing."""
    entry = selectors.article_entry_for_topic(topic)
    return {"entry": entry, "text": text}


@register.filter
def minutes(seconds: float | None) -> str:
    """Format a duration in seconds as minutes and seconds: 144.3 -> "2:24"."""
    if not seconds:
        return "0:00"
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
