"""Scam warnings and follows as a section of the directory's employer and recruiter profiles,
and the signal that turns a newly visible review into an event for followers."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import get_language

from jornada.alerts import identifiers as ids
from jornada.alerts import selectors
from jornada.alerts.models import WARNINGS, FollowKind
from jornada.alerts.services import event_for_review
from jornada.contributions.models import Status
from jornada.core import generations
from jornada.directory.models import Employer, Recruiter
from jornada.directory.sections import profile_generation

# Profiles are the directory's busiest pages: the section is kept until a report changes.
SECTION_SECONDS = 10 * 60


def _render(request: HttpRequest, subject: Employer | Recruiter, kind: str) -> str:
    def render() -> str:
        # Rendered without the request: nothing in it depends on the visitor.
        warnings = selectors.matching_warnings(ids.understand(subject.name))
        return render_to_string(
            "alerts/includes/profile_section.html", {"subject": subject, "kind": kind, "warnings": warnings}
        )

    # Kept until a warning about this subject is published, redacted or withdrawn.
    return generations.cached(
        (WARNINGS, profile_generation(kind, subject.slug)),
        f"section:{kind}:{subject.pk}:{get_language()}",
        render,
        seconds=SECTION_SECONDS,
    )


def employer_section(request: HttpRequest, entity: object) -> str:
    if not isinstance(entity, Employer):
        return ""
    return _render(request, entity, FollowKind.EMPLOYER)


def recruiter_section(request: HttpRequest, entity: object) -> str:
    if not isinstance(entity, Recruiter):
        return ""
    return _render(request, entity, FollowKind.RECRUITER)


def review_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A review saved as published may be news for its subject's followers (after commit)."""
    if instance.status != Status.PUBLISHED:
        return
    transaction.on_commit(lambda: event_for_review(instance))
