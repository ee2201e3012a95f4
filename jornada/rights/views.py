from __future__ import annotations

import hashlib
import json
import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import translation as i18n
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_GET

from jornada.core.access import public_page, system_endpoint
from jornada.core.site import site_base_url
from jornada.rights import printable as printables
from jornada.rights import selectors
from jornada.rights.models import launch_languages

RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
FILE_MAX_AGE = 60 * 60  # printables and recordings: an hour, then revalidate with the ETag
# Files every page needs offline, kept by the service worker along with JORNADA_OFFLINE_PAGES.
OFFLINE_STATIC = ("core/site.css", "rights/rights.css", "rights/offline.js")


@public_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    groups = selectors.library_index(language=selectors.interface_language())
    return render(request, "rights/index.html", {"groups": groups})


@public_page
@require_GET
def topic(request: HttpRequest, topic: str) -> HttpResponse:
    group = selectors.topic_or_404(topic=topic, language=selectors.interface_language())
    return render(request, "rights/topic.html", {"group": group})


@public_page
@require_GET
def article(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.article_page_or_404(slug=slug, language=selectors.interface_language())
    return render(request, "rights/article.html", {"page": page})


@public_page
@require_GET
def article_in(request: HttpRequest, slug: str, language: str) -> HttpResponseBase:
    """An article in a language the interface is not in (Mixteco, K'iche', …)."""
    if language in launch_languages():
        # A site language has its own address, with the interface in that language.
        with i18n.override(language):
            return redirect(reverse("rights:article", kwargs={"slug": slug}))
    page = selectors.article_page_or_404(slug=slug, language=language)
    return render(request, "rights/article.html", {"page": page})


@public_page
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    results = selectors.search(query=request.GET.get("q", ""), language=selectors.interface_language())
    return render(request, "rights/search.html", {"results": results})


def _conditional(request: HttpRequest, etag: str) -> HttpResponse | None:
    response = get_conditional_response(request, etag=etag)
    return response if response is not None and response.status_code == 304 else None


@system_endpoint
@require_GET
def printable(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The one-page PDF of an article in one language, made on first request and then kept."""
    translation = selectors.printable_or_404(slug=slug, language=language)
    site = site_base_url()
    name = printables.pdf_name(translation, site=site)
    etag = quote_etag(name.rsplit("-", 1)[-1].removesuffix(".pdf"))
    not_modified = _conditional(request, etag)
    if not_modified is not None:
        return not_modified
    _name, pdf = printables.pdf_for(translation, site=site)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}-{language}.pdf"'
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=FILE_MAX_AGE)
    return response


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """Return (start, end) inclusive for a single ``bytes=`` range, or None if it cannot be served."""
    match = RANGE_RE.match(header.strip())
    if not match or not (match.group(1) or match.group(2)):
        return None
    if match.group(1):
        start = int(match.group(1))
        end = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
    else:  # the last N bytes
        start, end = max(0, size - int(match.group(2))), size - 1
    return (start, end) if start <= end < size else None


@system_endpoint
@require_GET
def recording(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The recording (Ogg Opus) of an article, with byte ranges so players can seek."""
    translation = selectors.recording_or_404(slug=slug, language=language)
    etag = quote_etag(translation.audio.name.rsplit("-", 1)[-1].removesuffix(".ogg"))
    not_modified = _conditional(request, etag)
    if not_modified is not None:
        return not_modified
    try:
        with translation.audio.open("rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        raise Http404 from None
    size = len(data)
    wanted = request.headers.get("Range", "")
    byte_range = _byte_range(wanted, size) if wanted else None
    if wanted and byte_range is None and RANGE_RE.match(wanted.strip()):
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if byte_range is not None:
        start, end = byte_range
        response = HttpResponse(data[start : end + 1], status=206, content_type="audio/ogg")
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = HttpResponse(data, content_type="audio/ogg")
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = f'inline; filename="{slug}-{language}.ogg"'
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=FILE_MAX_AGE)
    return response


# Pages the service worker must never store, nor answer from a cache, in any language: a
# request for help leaves no copy on the phone (issue 19). Prefixes: everything under them too.
NEVER_KEPT = ("intake:start",)


def _reversed(names: tuple[str, ...] | list[str]) -> list[str]:
    paths = []
    for name in names:
        for language in launch_languages():
            with i18n.override(language):
                try:
                    paths.append(reverse(name))
                except NoReverseMatch:
                    continue  # an app listed in the setting but not installed here
    return paths


def _never_kept() -> list[str]:
    return _reversed(NEVER_KEPT)


def _offline_pages() -> list[str]:
    never = _never_kept()
    return [page for page in _reversed(settings.JORNADA_OFFLINE_PAGES) if not page.startswith(tuple(never))]


@system_endpoint
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker that keeps the library readable without signal (served at the root)."""
    library = {}
    for language in launch_languages():
        with i18n.override(language):
            library[language] = reverse("rights:index")
    config = {
        "pages": _offline_pages(),
        "never": _never_kept(),
        "static": [static(path) for path in OFFLINE_STATIC],
        "library": library,
        "staticPrefix": settings.STATIC_URL,
    }
    config_json = json.dumps(config, sort_keys=True)
    version = hashlib.sha256(config_json.encode()).hexdigest()[:12]
    response = render(
        request,
        "rights/sw.js",
        {"config_json": config_json, "version": version},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    patch_cache_control(response, no_cache=True)
    return response
