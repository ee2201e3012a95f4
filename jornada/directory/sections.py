"""Other apps add sections to the employer and recruiter profile pages through this registry.

The reviews app, for example, registers what workers say so it appears beside the DOL records::

    register_profile_section("employer", order=20, render=reviews_section, generations=("reviews.summaries",))

``render(request, entity)`` returns an HTML-safe string (usually ``render_to_string(...)``) or
an empty string to show nothing. Sections appear in ``order``; the directory's own records use
10 (findings and debarments) and 50 (seasons).

Whole profile pages are kept for anonymous visitors (``core.kept_pages``), so a section must
not depend on the visitor, and must name the generations (``core.generations``) whose renewal
means it has changed: a section's app renews them when what the section shows changes. What
changes for one employer or recruiter only (a review or a warning about them is published,
withdrawn or redacted) renews that profile's own generation, ``profile_generation(kind, slug)``,
through ``profiles_changed``: every other kept profile stays as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from django.http import HttpRequest
from django.utils.safestring import SafeString

from jornada.core import generations

Kind = Literal["employer", "recruiter"]
Render = Callable[[HttpRequest, object], str]


@dataclass(frozen=True)
class ProfileSection:
    kind: Kind
    order: int
    render: Render
    generations: tuple[str, ...]


_SECTIONS: list[ProfileSection] = []


def register_profile_section(kind: Kind, *, order: int, render: Render, generations: tuple[str, ...]) -> None:
    """Add a section to every profile of ``kind``; registering the same function twice is a no-op."""
    if any(section.kind == kind and section.render is render for section in _SECTIONS):
        return
    _SECTIONS.append(ProfileSection(kind, order, render, generations))
    _SECTIONS.sort(key=lambda section: section.order)


def profile_generations(kind: Kind) -> tuple[str, ...]:
    """Every generation the sections of ``kind``'s profiles depend on, each once."""
    return tuple(
        sorted({name for section in _SECTIONS if section.kind == kind for name in section.generations})
    )


def profile_generation(kind: str, slug: str) -> str:
    """The generation of everything kept about one employer's or recruiter's profile."""
    return f"profile:{kind}:{slug}"


def profiles_changed(subjects: Iterable[tuple[str, str]]) -> None:
    """Renew the kept profiles of these (kind, slug) subjects, now and once this transaction commits."""
    for kind, slug in sorted(set(subjects)):
        generations.renew(profile_generation(kind, slug), now=True)


def render_profile_sections(
    kind: Kind, request: HttpRequest, entity: object, *, before: int, after: int = 0
) -> SafeString:
    """Render the registered sections with ``after <= order < before``, in order."""
    parts = [
        section.render(request, entity)
        for section in _SECTIONS
        if section.kind == kind and after <= section.order < before
    ]
    return SafeString("".join(part for part in parts if part))
