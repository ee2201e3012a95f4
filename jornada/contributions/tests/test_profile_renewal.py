"""A kept profile stays kept until something public about its own subject changes."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.shortcuts import render
from django.test import Client

from jornada.alerts.services import report_submit
from jornada.contributions import redaction
from jornada.contributions.services import contribution_publish, contribution_redact
from jornada.directory import views
from jornada.directory.tests.factories import busy_employer
from jornada.reviews.services import review_submit, review_withdraw
from jornada.reviews.tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db


def _url(employer: Any) -> str:
    return f"/es/directory/employers/{employer.slug}/"


def _served_from_cache(employer: Any) -> bool:
    """Return True when an anonymous visit is served the kept page: the profile is not rendered."""
    renders = []

    def counting_render(*args: Any, **kwargs: Any) -> Any:
        renders.append(args[1])
        return render(*args, **kwargs)

    with mock.patch.object(views, "render", counting_render):
        assert Client().get(_url(employer)).status_code == 200
    return not renders


def _review(employer: Any, text: str = "Nos pagaron menos horas de las prometidas.") -> Any:
    answers = {"programme": "h2a", "season_year": 2025, "text": text}
    return review_submit(subject_kind="employer", employer=employer, answers=answers)


def test_it_keeps_a_profile_through_thirty_unpublished_submissions(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Reviews and scam reports waiting for moderation change nothing public: the kept page stays valid."""
    employer = busy_employer(seasons=1)
    Client().get(_url(employer))
    assert _served_from_cache(employer)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(20):
            _review(employer)
        for _ in range(10):
            report_submit(
                answers={"offer_employer": employer.name, "text": "Me pidieron dinero por la visa."}
            )
    assert _served_from_cache(employer)


def test_it_renews_only_the_profile_of_what_was_published(
    three_orgs: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Publishing a review about one employer re-renders that profile; another employer's stays kept."""
    reviewed = busy_employer(seasons=1)
    other = EmployerFactory()
    submitted = _review(reviewed)
    for employer in (reviewed, other):
        Client().get(_url(employer))
    with django_capture_on_commit_callbacks(execute=True):
        contribution_publish(contribution=submitted.review, moderator=three_orgs.alice)
    assert not _served_from_cache(reviewed)
    assert _served_from_cache(other)


def test_it_renews_a_profile_when_a_published_review_is_redacted_or_withdrawn(
    three_orgs: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Redacting published text and the author's withdrawal change the public page: it is renewed."""
    employer = busy_employer(seasons=1)
    submitted = _review(employer, "El mayordomo Pedro nos gritaba.")
    with django_capture_on_commit_callbacks(execute=True):
        contribution_publish(contribution=submitted.review, moderator=three_orgs.alice)
    Client().get(_url(employer))
    assert _served_from_cache(employer)
    with django_capture_on_commit_callbacks(execute=True):
        contribution_redact(
            contribution=submitted.review,
            moderator=three_orgs.alice,
            field="text",
            phrases=["Pedro"],
            reason="other_person",
            shown_fingerprint=redaction.fingerprint(submitted.review.text),
        )
    assert not _served_from_cache(employer)
    assert _served_from_cache(employer)
    with django_capture_on_commit_callbacks(execute=True):
        review_withdraw(receipt_code=submitted.receipt_code)
    assert not _served_from_cache(employer)
