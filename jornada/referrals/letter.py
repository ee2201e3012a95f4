"""The printable referral letter: HTML made into a PDF by WeasyPrint, fetching nothing."""

from __future__ import annotations

from typing import Any


def _fetcher() -> Any:
    """Let WeasyPrint fetch nothing at all: the letter is self-contained."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def letter_pdf(html: str) -> bytes:
    """Return ``html`` as PDF bytes."""
    from weasyprint import HTML  # imported late: it loads Pango, which only this needs

    return bytes(HTML(string=html, url_fetcher=_fetcher()).write_pdf())
