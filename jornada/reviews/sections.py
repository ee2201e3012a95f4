"""What workers say, as a section of the directory's employer and recruiter profile pages."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import get_language

from jornada.directory.models import Employer, Recruiter
from jornada.reviews import selectors
from jornada.reviews.models import SubjectKind


def section_generations() -> tuple[str, ...]:
    """What the section depends on beside its profile's own generation: the rights articles it may link."""
    try:
        from jornada.rights.selectors import ARTICLES  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return ()
    return (ARTICLES,)


def fees_article_url() -> str | None:
    """Return the rights library's article on recruitment fees, once the rights app offers it."""
    try:
        from jornada.rights.selectors import article_url_for_topic  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    url: str | None = article_url_for_topic("recruitment", get_language() or "es")
    return url


def _render(request: HttpRequest, subject: Employer | Recruiter, kind: str) -> str:
    summary = selectors.summary(subject)
    return render_to_string(
        "reviews/includes/profile_section.html",
        {
            "subject": subject,
            "kind": kind,
            "summary": summary,
            "subject_value": selectors.subject_value(subject),
            "fees_article_url": fees_article_url() if summary.fees_reported() else None,
        },
    )  # without the request: nothing here depends on the visitor, and context processors cost


def employer_section(request: HttpRequest, entity: object) -> str:
    if not isinstance(entity, Employer):
        return ""
    return _render(request, entity, SubjectKind.EMPLOYER)


def recruiter_section(request: HttpRequest, entity: object) -> str:
    if not isinstance(entity, Recruiter):
        return ""
    return _render(request, entity, SubjectKind.RECRUITER)
