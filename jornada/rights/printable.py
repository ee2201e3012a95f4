"""One-page printables: an article on a single Letter page, black on white, with a QR code.

Made to hand out at workshops and to survive a black-and-white photocopier: no colour, no grey
backgrounds, large type, thick rules. The PDF is made on first request and kept in storage
under a hash of its HTML, so any change to the text, the sources or the address makes a new one.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import segno
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation as i18n

from jornada.rights.models import ArticleTranslation, launch_languages
from jornada.rights.selectors import article_path

logger = logging.getLogger(__name__)

# Body type sizes tried in turn (points) until the article fits on one page.
TYPE_SIZES = (12.5, 12.0, 11.5, 11.0, 10.5, 10.0, 9.5)
STORAGE_DIR = "rights/pdf"
# Bump when the printable's layout changes in a way its HTML does not show (fonts, engine).
LAYOUT_VERSION = "1"


def online_url(translation: ArticleTranslation, *, site: str) -> str:
    """Return the absolute address of the article online, in the translation's language."""
    interface = translation.language if translation.language in launch_languages() else launch_languages()[0]
    with i18n.override(interface):
        return site + article_path(translation.article, translation.language)


def _interface_language(translation: ArticleTranslation) -> str:
    return translation.language if translation.language in launch_languages() else launch_languages()[0]


def printable_html(translation: ArticleTranslation, *, site: str, type_size: float = TYPE_SIZES[0]) -> str:
    """Return the HTML of the printable (WeasyPrint turns it into the PDF)."""
    url = online_url(translation, site=site)
    qr = segno.make(url, error="m")
    context: dict[str, Any] = {
        "translation": translation,
        "article": translation.article,
        "fact_sheets": ", ".join(
            f"#{number}" for number in dict.fromkeys(s.fact_sheet for s in translation.article.sources.all())
        ),
        "url": url,
        "qr": qr.svg_data_uri(scale=4, border=2, dark="#000", light="#fff"),
        "type_size": type_size,
        "small_size": round(type_size * 0.8, 1),
    }
    with i18n.override(_interface_language(translation)):
        return render_to_string("rights/printable.html", context)


def _fetcher() -> Any:
    """Let WeasyPrint read only the inline QR code: a printable never fetches from the network."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def render_pdf(translation: ArticleTranslation, *, site: str) -> bytes:
    """Render the printable on one page, stepping the type down until it fits."""
    from weasyprint import HTML  # imported late: it loads Pango, which only this needs

    document = None
    for size in TYPE_SIZES:
        html = printable_html(translation, site=site, type_size=size)
        document = HTML(string=html, url_fetcher=_fetcher()).render()
        if len(document.pages) == 1:
            break
    assert document is not None  # noqa: S101 - TYPE_SIZES is never empty
    if len(document.pages) != 1:
        logger.warning("Printable %s is %d pages even at the smallest type", translation, len(document.pages))
    return bytes(document.write_pdf())


def pdf_name(translation: ArticleTranslation, *, site: str) -> str:
    """Return the storage name of the PDF for the translation's current content."""
    html = printable_html(translation, site=site)
    digest = hashlib.sha256(f"{LAYOUT_VERSION}\n{html}".encode()).hexdigest()[:20]
    return f"{STORAGE_DIR}/{translation.article.slug}-{translation.language}-{digest}.pdf"


def pdf_for(translation: ArticleTranslation, *, site: str) -> tuple[str, bytes]:
    """Return the PDF's storage name and bytes, making and keeping it on first request."""
    name = pdf_name(translation, site=site)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return name, stored.read()
    pdf = render_pdf(translation, site=site)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(pdf))
        _remove_older(translation, keep=name)
    return name, pdf


def _remove_older(translation: ArticleTranslation, *, keep: str) -> None:
    prefix = f"{translation.article.slug}-{translation.language}-"
    try:
        _dirs, files = default_storage.listdir(STORAGE_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    for file in files:
        name = f"{STORAGE_DIR}/{file}"
        if file.startswith(prefix) and name != keep and len(file) == len(keep.rsplit("/", 1)[1]):
            default_storage.delete(name)
