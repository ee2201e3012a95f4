"""The first-render budget: a worker-facing page's HTML plus its stylesheets, gzip-compressed.

About 14 KB is what fits in the first round trip of a new connection (TCP's initial window of
ten segments), so a page within it starts to render after one trip even on a 2G network.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

GZIP_LEVEL = 6  # what Django's GZipMiddleware and most servers use
# Script elements holding data, which browsers never run (outreach: schema.org JSON-LD).
DATA_BLOCKS = ("application/json", "application/ld+json")


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


class _StylesheetLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.inline_scripts = 0
        self.inline_styles = 0
        self._in_script_without_src = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.hrefs.append(attributes.get("href") or "")
        elif tag == "style":
            self.inline_styles += 1
        elif tag == "script" and not attributes.get("src") and attributes.get("type") not in DATA_BLOCKS:
            self.inline_scripts += 1
        if "style" in attributes:
            self.inline_styles += 1


def stylesheet_path(href: str) -> Path:
    """Return the file behind a stylesheet URL served from STATIC_URL."""
    if not href.startswith(settings.STATIC_URL):
        raise ValueError(f"stylesheet {href!r} is not served from {settings.STATIC_URL}")
    found = finders.find(href.removeprefix(settings.STATIC_URL))
    if not found:
        raise ValueError(f"stylesheet {href!r} does not exist")
    return Path(found if isinstance(found, str) else found[0])


@dataclass(frozen=True)
class PageWeight:
    html_gzip: int
    stylesheets_gzip: int
    stylesheets: tuple[str, ...]
    inline_scripts: int
    inline_styles: int

    @property
    def total(self) -> int:
        return self.html_gzip + self.stylesheets_gzip

    def within_budget(self, budget: int | None = None) -> bool:
        """Return True when HTML plus stylesheets fit the first-render budget."""
        return self.total <= (budget or settings.JORNADA_PAGE_BUDGET_BYTES)


def page_weight(html: bytes) -> PageWeight:
    """Measure a page as a browser's first render needs it: HTML and every stylesheet it links."""
    parser = _StylesheetLinks()
    parser.feed(html.decode("utf-8"))
    stylesheets = tuple(parser.hrefs)
    css = sum(gzip_size(stylesheet_path(href).read_bytes()) for href in stylesheets)
    return PageWeight(gzip_size(html), css, stylesheets, parser.inline_scripts, parser.inline_styles)
