"""Article text: Markdown rendered to HTML that cannot carry markup or script, and plain text.

Two walls: markdown-it-py with raw HTML off, images off and a link allowlist (http, https,
mailto, tel and paths on this site), then nh3 (the ammonia sanitiser) keeping only the tags an
article uses. Rendering happens when a translation is saved; the page shows the stored result.
"""

from __future__ import annotations

import unicodedata

import nh3
from markdown_it import MarkdownIt

from jornada.rights.readability import markdown_to_sentences

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
ALLOWED_TAGS = frozenset(
    {"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre", "br", "hr"}
)


def link_allowed(url: str) -> bool:
    """Return True for http(s), mailto and tel links and for paths on this site (not //host)."""
    candidate = url.strip()
    if candidate.startswith("/"):
        return not candidate.startswith("//") and "\\" not in candidate
    scheme, colon, _rest = candidate.partition(":")
    return bool(colon) and scheme.lower() in LINK_SCHEMES


def _renderer() -> MarkdownIt:
    # html=False escapes any raw HTML as text; images would load from other sites (and leak a
    # worker's visit), so they are off; linkify stays off so bare text never becomes a link.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = link_allowed  # type: ignore[method-assign]
    return md


_MARKDOWN = _renderer()


def render_markdown(text: str) -> str:
    """Return safe HTML for an article body written in Markdown."""
    # The page's title is the only h1: a "# heading" in the text becomes a section heading.
    html = _MARKDOWN.render(text).replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={"a": {"href"}},
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_sentences(markdown: str) -> list[str]:
    """Return the readable sentences of a Markdown text (headings and list items included)."""
    return markdown_to_sentences(markdown)


def fold(text: str) -> str:
    """Return text lower-cased without accents and punctuation, for matching ("Prohíbe" -> "prohibe")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = (" " if not (ch.isalnum() or unicodedata.combining(ch)) else ch for ch in decomposed)
    return " ".join("".join(ch for ch in letters if not unicodedata.combining(ch)).split())
