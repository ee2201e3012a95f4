"""Helpers for tests that every app's pages inherit: the URL survey and sample registries.

Each app describes how to build one example of its parameterised pages in
``<app>/tests/samples.py`` with ``@page_sample`` (public pages: page budget) and
``@staff_sample`` (protected pages: the three-organisations check). Tests that walk every URL
fail when a parameterised page has no sample, so no new page escapes them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

from jornada.core.i18n import app_dirs

PageSample = Callable[[], dict[str, Any]]
StaffSample = Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class ApiCall:
    """One concrete call of a staff API operation about a record organisation A owns."""

    path: str
    body: dict[str, Any] | None = None


ApiSample = Callable[[Any], ApiCall]

PAGE_SAMPLES: dict[str, PageSample] = {}
STAFF_SAMPLES: dict[str, StaffSample] = {}
API_SAMPLES: dict[str, ApiSample] = {}


def page_sample(url_name: str) -> Callable[[PageSample], PageSample]:
    """Register how to make the URL kwargs of one example of a public page (creating records)."""

    def register(function: PageSample) -> PageSample:
        PAGE_SAMPLES[url_name] = function
        return function

    return register


def staff_sample(url_name: str) -> Callable[[StaffSample], StaffSample]:
    """Register how to make kwargs for a record that organisation A (alice's) owns.

    The function receives the ``three_orgs`` fixture value.
    """

    def register(function: StaffSample) -> StaffSample:
        STAFF_SAMPLES[url_name] = function
        return function

    return register


def api_sample(operation: str) -> Callable[[ApiSample], ApiSample]:
    """Register a call of a staff API operation, named ``"METHOD /api/v1/path/{param}"``.

    The function receives the ``three_orgs`` fixture value and returns an ``ApiCall`` about a
    record of organisation A; the tests check that bob (organisation B) gets 404 and that a
    caller without a verified staff session gets 401.
    """

    def register(function: ApiSample) -> ApiSample:
        API_SAMPLES[operation] = function
        return function

    return register


def load_samples() -> None:
    for app_dir in app_dirs():
        if (app_dir / "tests" / "samples.py").exists():
            importlib.import_module(f"jornada.{app_dir.name}.tests.samples")


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    callback: Callable[..., Any]
    parameters: tuple[str, ...]
    localised: bool

    @property
    def audience(self) -> str | None:
        return getattr(self.callback, "jornada_audience", None)


def routes() -> list[Route]:
    """Return every named URL of the project except Django's own admin."""
    found: list[Route] = []

    def walk(
        patterns: list[Any], namespace: str, prefix: str, localised: bool, params: tuple[str, ...]
    ) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                inner_namespace = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                is_locale = isinstance(pattern.pattern, LocalePrefixPattern)
                walk(
                    pattern.url_patterns,
                    inner_namespace,
                    prefix + ("" if is_locale else str(pattern.pattern)),
                    localised or is_locale,
                    params + tuple(getattr(pattern.pattern, "converters", {}).keys()),
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                converters = tuple(getattr(pattern.pattern, "converters", {}).keys())
                found.append(
                    Route(
                        name=f"{namespace}{pattern.name}",
                        route=prefix + str(pattern.pattern),
                        callback=pattern.callback,
                        parameters=params + converters,
                        localised=localised,
                    )
                )

    walk(get_resolver().url_patterns, "", "", False, ())
    return found
