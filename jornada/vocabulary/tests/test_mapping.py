"""Reviews' questions and scam reports name the vocabulary's categories they evidence."""

import pytest

from jornada.alerts.models import ScamReport
from jornada.reviews.questions import QUESTIONS, Answer
from jornada.vocabulary.initial import ILO_INDICATORS, INITIAL, US_LAW_CATEGORIES
from jornada.vocabulary.mapping import (
    REVIEW_QUESTION_CATEGORIES,
    SCAM_REPORT_CATEGORIES,
    SCAM_REPORT_FIELD_CATEGORIES,
    review_categories,
    scam_report_categories,
)
from jornada.vocabulary.models import Category, Group
from jornada.vocabulary.selectors import categories

SHIPPED = {entry.code for entry in INITIAL}
# What neither a review nor a scam report can say; a worker brings these through the intake.
ONLY_THROUGH_INTAKE = {
    "ilo-abuse-of-vulnerability",
    "ilo-restriction-of-movement",
    "ilo-isolation",
    "ilo-excessive-overtime",
    "injury-workers-compensation",
    "trafficking-indicators",
    "child-alone",
    "discrimination",
    "immigration-status",
}


def mapped_codes() -> set[str]:
    codes = set(SCAM_REPORT_CATEGORIES)
    for table in (REVIEW_QUESTION_CATEGORIES, SCAM_REPORT_FIELD_CATEGORIES):
        for named in table.values():
            codes.update(named)
    return codes


def test_it_names_only_codes_that_exist() -> None:
    """Every code the mapping names is a shipped category."""
    assert mapped_codes() - SHIPPED == set()


def test_it_maps_every_review_question_and_only_real_fields() -> None:
    """Each review question is listed (even with no category); each scam report field named exists."""
    assert set(REVIEW_QUESTION_CATEGORIES) == {question.name for question in QUESTIONS}
    assert set(SCAM_REPORT_FIELD_CATEGORIES) <= set(ScamReport.content_fields)


def test_it_documents_which_categories_only_the_intake_reaches() -> None:
    """The contributions plus the intake reach every ILO indicator and US-law category; the list stays honest."""
    wanted = set(ILO_INDICATORS) | set(US_LAW_CATEGORIES)
    assert wanted - mapped_codes() == ONLY_THROUGH_INTAKE


@pytest.mark.django_db
def test_it_reaches_every_ilo_indicator_and_us_category_through_the_selector() -> None:
    """The intake's choices (the selector) offer every ILO indicator and US-law category."""
    offered = {choice.code for choice in categories(group=Group.ILO)} | {
        choice.code for choice in categories(group=Group.US_LAW)
    }
    assert offered == set(ILO_INDICATORS) | set(US_LAW_CATEGORIES)
    assert Category.objects.filter(code__in=mapped_codes()).count() == len(mapped_codes())


def test_it_reads_the_categories_a_review_evidences() -> None:
    """Only answers that signal the problem count: kept documents yes, reimbursed costs no."""
    answers = {"documents_kept": Answer.YES, "costs_reimbursed": Answer.NO, "housing_free": Answer.YES}
    assert review_categories(answers) == {
        "document-retention",
        "ilo-retention-of-identity-documents",
        "travel-visa-costs",
    }


def test_it_reads_the_categories_a_scam_report_evidences() -> None:
    """A scam is deception; money asked for adds recruitment fees; an empty field adds nothing."""
    assert scam_report_categories({"asked_for": "", "paid": "no"}) == {"ilo-deception"}
    assert scam_report_categories({"asked_for": "la visa", "paid": "yes"}) == {
        "ilo-deception",
        "recruitment-fees",
        "ilo-debt-bondage",
    }
