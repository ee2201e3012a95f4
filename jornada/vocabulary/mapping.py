"""What the existing contributions evidence, in the vocabulary's codes.

A review's yes/no answer that signals a problem (``Question.concern``) and a scam report's filled
field each count towards the categories named here, so reviews, warnings, intakes and cases
add up in one set of statistics. A question or field not listed evidences no category (an
opinion such as "would you go back", or who the scammer was).
"""

from __future__ import annotations

from jornada.reviews.questions import QUESTION_BY_NAME

REVIEW_QUESTION_CATEGORIES: dict[str, tuple[str, ...]] = {
    "fees_charged": ("recruitment-fees", "ilo-debt-bondage"),
    "costs_reimbursed": ("travel-visa-costs",),
    "documents_kept": ("document-retention", "ilo-retention-of-identity-documents"),
    "pay_as_promised": ("wage-theft", "ilo-deception"),
    "paid_all_hours": ("wage-theft", "ilo-withholding-of-wages"),
    "hours_guarantee": ("three-fourths-guarantee",),
    "unexplained_deductions": ("wage-theft", "ilo-withholding-of-wages"),
    "housing_free": ("housing",),
    "housing_safe": ("housing", "ilo-abusive-working-living-conditions"),
    "housing_crowded": ("housing", "ilo-abusive-working-living-conditions"),
    "transport_safe": ("transport",),
    "safety_risks": ("pesticides-safety", "ilo-abusive-working-living-conditions"),
    "safety_training": ("pesticides-safety",),
    "threats": ("ilo-intimidation-threats", "ilo-physical-sexual-violence", "sexual-harassment-gbv"),
    "retaliation": ("retaliation-blacklisting", "ilo-intimidation-threats"),
    "would_return": (),
}

# A scam is itself deception: every report evidences it; money asked for evidences the fee.
SCAM_REPORT_CATEGORIES: tuple[str, ...] = ("ilo-deception",)
SCAM_REPORT_FIELD_CATEGORIES: dict[str, tuple[str, ...]] = {
    "asked_amount": ("recruitment-fees",),
    "asked_for": ("recruitment-fees",),
    "paid": ("recruitment-fees", "ilo-debt-bondage"),
    "documents_asked": ("ilo-retention-of-identity-documents",),
    "offer_employer": ("ilo-deception",),
    "offer_job": ("ilo-deception",),
    "offer_wage": ("ilo-deception",),
    "offer_dates": ("ilo-deception",),
    "offer_place": ("ilo-deception",),
}


def review_categories(answers: dict[str, str]) -> set[str]:
    """Return the codes a review's answers evidence: those of each question answered with its concern."""
    found: set[str] = set()
    for name, codes in REVIEW_QUESTION_CATEGORIES.items():
        question = QUESTION_BY_NAME[name]
        if answers.get(name) == question.concern:
            found.update(codes)
    return found


def scam_report_categories(fields: dict[str, object]) -> set[str]:
    """Return the codes a scam report evidences, from the fields the worker filled in."""
    found = set(SCAM_REPORT_CATEGORIES)
    for name, codes in SCAM_REPORT_FIELD_CATEGORIES.items():
        value = fields.get(name)
        if value not in (None, "", "no"):
            found.update(codes)
    return found
