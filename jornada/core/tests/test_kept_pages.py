"""Whole pages kept for anonymous visitors: served from the cache only when nothing in them is a visitor's."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from jornada.core import generations
from jornada.core.kept_pages import kept_page

GENERATION = "test.kept"


class Page:
    """A page that says how many times it was rendered."""

    def __init__(self, request: HttpRequest, *, status: int = 200) -> None:
        self.request = request
        self.status = status
        self.renders = 0

    def __call__(self) -> HttpResponse:
        self.renders += 1
        return HttpResponse(f"rendered {self.renders}", status=self.status)


def _get(path: str = "/es/page/", **cookies: str) -> HttpRequest:
    request = RequestFactory().get(path)
    request.COOKIES.update(cookies)
    return request


def _serve(request: HttpRequest, page: Any, *, query: str = "") -> str:
    return kept_page(request, (GENERATION,), "page", page, query=query).content.decode()


def test_a_second_anonymous_visit_is_served_the_kept_page() -> None:
    first = Page(_get())
    assert _serve(first.request, first) == "rendered 1"
    second = Page(_get())
    assert _serve(second.request, second) == "rendered 1"
    assert second.renders == 0


@pytest.mark.django_db  # a generation is renewed when the transaction commits
def test_a_renewed_generation_renders_the_page_again(django_capture_on_commit_callbacks: Any) -> None:
    page = Page(_get())
    _serve(page.request, page)
    with django_capture_on_commit_callbacks(execute=True):
        generations.renew(GENERATION)
    assert _serve(_get(), page) == "rendered 2"


@pytest.mark.parametrize("cookie", ["sessionid", CookieStorage.cookie_name])
def test_a_visitor_with_a_session_or_a_message_is_neither_served_nor_kept(cookie: str) -> None:
    """A staff member's page or one with a flash message may hold what is theirs alone."""
    kept = Page(_get())
    _serve(kept.request, kept)
    own = Page(_get(**{cookie: "x"}))
    assert _serve(own.request, own) == "rendered 1"
    assert own.renders == 1
    assert _serve(_get(), Page(_get())) == "rendered 1"  # the anonymous page, not theirs


def test_another_query_string_is_rendered_for_itself() -> None:
    """The language switch copies the query string: one visitor's parameters never reach another."""
    page = Page(_get())
    _serve(page.request, page)
    odd = _get("/es/page/?page=1&from=someone")
    assert _serve(odd, page, query="page=1") == "rendered 2"
    assert _serve(_get("/es/page/?page=1"), page, query="page=1") == "rendered 3"
    assert _serve(_get("/es/page/?page=1"), page, query="page=1") == "rendered 3"
    assert _serve(_get(), page) == "rendered 1"


def test_a_page_with_a_csrf_token_or_a_cookie_is_not_kept() -> None:
    request = _get()

    def with_form() -> HttpResponse:
        return HttpResponse(f"form {get_token(request)}")

    kept_page(request, (GENERATION,), "page", with_form)
    page = Page(_get())
    assert _serve(page.request, page) == "rendered 1"

    def with_cookie() -> HttpResponse:
        response = HttpResponse("cookie")
        response.set_cookie("seen", "1")
        return response

    kept_page(_get(), (GENERATION,), "other", with_cookie)
    assert kept_page(_get(), (GENERATION,), "other", lambda: HttpResponse("again")).content == b"again"


def test_an_error_page_is_not_kept() -> None:
    missing = Page(_get(), status=404)
    _serve(missing.request, missing)
    _serve(_get(), missing)
    assert missing.renders == 2
