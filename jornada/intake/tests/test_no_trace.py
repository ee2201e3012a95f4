"""Quick exit and no trace: every intake page is no-store and no-referrer, exits first, and stays out of the service worker."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from jornada.core.testing import PAGE_SAMPLES, load_samples
from jornada.intake.tests.walk import STEP_DATA, Walk, html

pytestmark = pytest.mark.django_db


def _intake_pages(taking: Any) -> list[Any]:
    client = Client()
    pages = [client.get("/es/ayuda/"), client.get("/en/ayuda/"), client.get("/es/ayuda/rastros/")]
    walk = Walk(client)
    pages.append(walk.begin(urgent_reasons=["threatened"]))
    while walk.step != "review":
        pages.append(walk.post(walk.step, **STEP_DATA[walk.step]))
    pages.append(walk.response)
    pages.append(walk.send())
    pages.append(client.post("/es/ayuda/", {"go": "resume", "resume": "0000-0000-0000"}))
    return pages


def test_every_intake_page_is_never_stored_and_sends_no_referrer(taking: Any) -> None:
    """Each step, the review, the receipt and the traces page: no-store, and no referrer to any other site.

    Pages with a form say ``same-origin`` (core.middleware: ``no-referrer`` would make the browser
    send ``Origin: null``, which CSRF protection refuses); that still sends nothing to the neutral
    site, and the exit link itself is ``rel=noreferrer``.
    """
    for response in _intake_pages(taking):
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] in ("no-referrer", "same-origin")


def test_every_intake_page_puts_the_quick_exit_first_and_links_the_traces_page(taking: Any) -> None:
    """The exit link (to the configured neutral site) comes before the heading; the script is external; the traces page is linked."""
    for response in _intake_pages(taking):
        page = html(response)
        exit_link = re.search(r'<a href="([^"]+)" rel="noreferrer" data-quick-exit>', page)
        assert exit_link is not None
        assert exit_link.group(1) == settings.JORNADA_QUICK_EXIT_URL
        assert page.index("data-quick-exit") < page.index("<h1")
        assert '<script src="/static/intake/quick_exit.js" defer></script>' in page
        assert "<script>" not in page
        assert 'href="/es/ayuda/rastros/"' in page or 'href="/en/ayuda/rastros/"' in page


@override_settings(JORNADA_QUICK_EXIT_URL="https://example.org/tiempo")
def test_it_leaves_for_the_configured_neutral_site(taking: Any) -> None:
    """Changing JORNADA_QUICK_EXIT_URL changes where the exit goes."""
    assert 'href="https://example.org/tiempo" rel="noreferrer" data-quick-exit' in html(
        Client().get("/es/ayuda/")
    )


def test_it_puts_no_answer_in_any_url_or_cookie(taking: Any) -> None:
    """Every step posts to /<lang>/ayuda/ itself; no cookie but the CSRF token is set, and it holds no answer."""
    walk = Walk()
    walk.answer_all()
    receipt = walk.send()
    for response in [*_intake_pages(taking), receipt]:
        assert set(re.findall(r'<form method="post" action="([^"]+)"', html(response))) <= {
            "/es/ayuda/",
            "/en/ayuda/",
        }
    assert set(walk.client.cookies) <= {"csrftoken"}
    for morsel in walk.client.cookies.values():
        assert "7Q" not in morsel.value


def _config(body: str) -> dict[str, Any]:
    found = re.search(r"^const CONFIG = (.*);$", body, re.MULTILINE)
    assert found is not None
    return dict(json.loads(found.group(1)))


def test_the_service_worker_never_keeps_intake_pages() -> None:
    """/sw.js lists /es/ayuda/ and /en/ayuda/ as never kept, checks them before any caching, and never precaches them."""
    with override_settings(JORNADA_OFFLINE_PAGES=["rights:index", "intake:start", "intake:traces"]):
        body = Client().get("/sw.js").content.decode()
    config = _config(body)
    assert config["never"] == ["/es/ayuda/", "/en/ayuda/"]
    assert not any(page.startswith(("/es/ayuda/", "/en/ayuda/")) for page in config["pages"])
    fetch_handler = body[body.index('addEventListener("fetch"') :]
    assert fetch_handler.index("isNeverKept(url)") < fetch_handler.index("respondWith")
    message_handler = body[body.index('addEventListener("message"') :]
    assert "isNeverKept(url)" in message_handler


def test_the_quick_exit_script_replaces_the_page_on_click_and_on_escape_twice() -> None:
    """The static script leaves with location.replace (Back does not return) on the link's click and a second Escape."""
    from django.contrib.staticfiles import finders

    path = finders.find("intake/quick_exit.js")
    assert path is not None
    script = open(path, encoding="utf-8").read()  # noqa: SIM115
    assert "location.replace(target)" in script
    assert 'addEventListener("click", leave)' in script
    assert '"Escape"' in script


@pytest.mark.parametrize("path", ["/es/", "/en/"])
def test_the_home_page_links_ask_for_help(path: str) -> None:
    """The home page's promise of help leads to the interview."""
    assert f'href="{path}ayuda/"' in html(Client().get(path))


@pytest.mark.parametrize(
    "name", ["directory:employer", "directory:recruiter", "alerts:warning", "rights:article"]
)
def test_profiles_warnings_and_articles_link_ask_for_help(name: str) -> None:
    """Employer and recruiter profiles, a published warning and a rights article each link /ayuda/."""
    load_samples()
    with translation.override("es"):
        url = reverse(name, kwargs=PAGE_SAMPLES[name]())
    response = Client().get(url)
    assert response.status_code == 200
    assert 'href="/es/ayuda/"' in html(response)


def test_the_look_up_links_ask_for_help_only_when_it_finds_a_warning() -> None:
    """A look-up matching a published warning links /ayuda/; one that finds nothing does not."""
    load_samples()
    with translation.override("es"):
        warning = reverse("alerts:warning", kwargs=PAGE_SAMPLES["alerts:warning"]())
    phone = re.search(r'href="/es/alerts/\?q=([^"]+)"', html(Client().get(warning)))
    assert phone is not None
    found = Client().get(f"/es/alerts/?q={phone.group(1)}")
    assert 'href="/es/ayuda/"' in html(found)
    nothing = Client().get("/es/alerts/?q=%2B52+55+0000+0000")
    assert 'href="/es/ayuda/"' not in html(nothing)
