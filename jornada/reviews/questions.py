"""The review's questions, grounded in the H-2A/H-2B rules and the ILO forced-labour indicators.

Each yes/no question names the answer that signals a problem (``concern``), how one review
reports it in a list ("Was charged fees") and how the aggregate says it ("7 of 10 workers say
they were charged …"). The sources are the DOL Wage and Hour fact sheets 26 (H-2A) and 78
(H-2B) and the ILO's indicators of forced labour (deception, retention of identity documents,
withholding of wages, debt bondage, intimidation and threats, abusive living conditions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("I don't know")


@dataclass(frozen=True)
class Question:
    name: str
    label: StrOrPromise
    concern: str  # the answer that signals a problem
    concern_label: StrOrPromise  # how one review lists the problem
    summary: Promise  # ngettext_lazy on "total", with %(count)d and %(total)d: how many said yes
    help_text: StrOrPromise = ""


QUESTIONS: tuple[Question, ...] = (
    Question(
        "fees_charged",
        _("Were you charged money for the recruitment, the visa or the trip?"),
        Answer.YES,
        _("Was charged for recruitment, visa or travel"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says they were charged for recruitment, visa or travel.",
            "%(count)d of %(total)d workers say they were charged for recruitment, visa or travel.",
            "total",
        ),
    ),
    Question(
        "costs_reimbursed",
        _("Did the employer pay you back for the trip and the visa?"),
        Answer.NO,
        _("Trip and visa were not paid back"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says the trip and visa were paid back.",
            "%(count)d of %(total)d workers say the trip and visa were paid back.",
            "total",
        ),
    ),
    Question(
        "documents_kept",
        _("Did someone keep your passport or another document?"),
        Answer.YES,
        _("Passport or document was kept"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says someone kept their passport or another document.",
            "%(count)d of %(total)d workers say someone kept their passport or another document.",
            "total",
        ),
    ),
    Question(
        "pay_as_promised",
        _("Were you paid what the job order promised?"),
        Answer.NO,
        _("Pay was not what was promised"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says the pay was what was promised.",
            "%(count)d of %(total)d workers say the pay was what was promised.",
            "total",
        ),
    ),
    Question(
        "paid_all_hours",
        _("Were you paid for every hour you worked?"),
        Answer.NO,
        _("Not paid for every hour"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says they were paid for every hour.",
            "%(count)d of %(total)d workers say they were paid for every hour.",
            "total",
        ),
    ),
    Question(
        "hours_guarantee",
        _("Did you get at least three-fourths of the hours you were promised?"),
        Answer.NO,
        _("Got less than three-fourths of the promised hours"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says they got at least three-fourths of the promised hours.",
            "%(count)d of %(total)d workers say they got at least three-fourths of the promised hours.",
            "total",
        ),
        _("The law calls this the three-fourths guarantee."),
    ),
    Question(
        "unexplained_deductions",
        _("Was money taken from your pay without an explanation?"),
        Answer.YES,
        _("Money taken from pay without explanation"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says money was taken from their pay without explanation.",
            "%(count)d of %(total)d workers say money was taken from their pay without explanation.",
            "total",
        ),
    ),
    Question(
        "housing_free",
        _("Was the housing free?"),
        Answer.NO,
        _("Had to pay for housing"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says the housing was free.",
            "%(count)d of %(total)d workers say the housing was free.",
            "total",
        ),
        _("With an H-2A visa, housing must be free."),
    ),
    Question(
        "housing_safe",
        _("Was the housing safe and clean?"),
        Answer.NO,
        _("Housing was not safe or clean"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says the housing was safe and clean.",
            "%(count)d of %(total)d workers say the housing was safe and clean.",
            "total",
        ),
    ),
    Question(
        "housing_crowded",
        _("Were too many people living in the housing?"),
        Answer.YES,
        _("Housing was crowded"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says the housing was crowded.",
            "%(count)d of %(total)d workers say the housing was crowded.",
            "total",
        ),
    ),
    Question(
        "transport_safe",
        _("Was the transport to work safe?"),
        Answer.NO,
        _("Transport was not safe"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says the transport was safe.",
            "%(count)d of %(total)d workers say the transport was safe.",
            "total",
        ),
    ),
    Question(
        "safety_risks",
        _("Were there pesticides or other dangers at work?"),
        Answer.YES,
        _("Pesticides or other dangers at work"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says there were pesticides or other dangers.",
            "%(count)d of %(total)d workers say there were pesticides or other dangers.",
            "total",
        ),
    ),
    Question(
        "safety_training",
        _("Did you get safety training and protective equipment?"),
        Answer.NO,
        _("No safety training or equipment"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says they got safety training and equipment.",
            "%(count)d of %(total)d workers say they got safety training and equipment.",
            "total",
        ),
    ),
    Question(
        "threats",
        _("Were there threats, violence or harassment?"),
        Answer.YES,
        _("Threats, violence or harassment"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says there were threats, violence or harassment.",
            "%(count)d of %(total)d workers say there were threats, violence or harassment.",
            "total",
        ),
    ),
    Question(
        "retaliation",
        _("Was anyone punished for complaining?"),
        Answer.YES,
        _("Punishment for complaining"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says people were punished for complaining.",
            "%(count)d of %(total)d workers say people were punished for complaining.",
            "total",
        ),
    ),
    Question(
        "would_return",
        _("Would you go back to work there?"),
        Answer.NO,
        _("Would not go back"),
        ngettext_lazy(
            "%(count)d of %(total)d worker says they would go back.",
            "%(count)d of %(total)d workers say they would go back.",
            "total",
        ),
    ),
)
QUESTION_BY_NAME = {question.name: question for question in QUESTIONS}


@dataclass(frozen=True)
class Rating:
    name: str
    label: StrOrPromise


RATINGS: tuple[Rating, ...] = (
    Rating("rating_pay", pgettext_lazy("star rating", "Pay")),
    Rating("rating_housing", pgettext_lazy("star rating", "Housing")),
    Rating("rating_treatment", pgettext_lazy("star rating", "Treatment")),
    Rating("rating_safety", pgettext_lazy("star rating", "Safety")),
    Rating("rating_recruitment", pgettext_lazy("star rating", "Honesty of the recruitment")),
)
STARS = (
    (1, _("1 – Very bad")),
    (2, _("2 – Bad")),
    (3, _("3 – So-so")),
    (4, _("4 – Good")),
    (5, _("5 – Very good")),
)

# What a review says, as opposed to whom it is about: handed to the services as ``answers``.
CONTENT_FIELDS: tuple[str, ...] = (
    "programme",
    "season_year",
    "work_season",
    "fees_amount",
    "fees_currency",
    "fees_charged_by",
    *(question.name for question in QUESTIONS),
    *(rating.name for rating in RATINGS),
    "text",
)
