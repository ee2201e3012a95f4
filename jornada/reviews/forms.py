"""The review form (one form, shown in short steps), and the employer and moderator forms.

The same ``ReviewForm`` validates the web form and the API, so both give the same translated
errors with the same codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jornada.contributions.periods import Season
from jornada.contributions.text import FreeTextField
from jornada.reviews import selectors
from jornada.reviews.models import (
    MAX_EXPLANATION,
    MAX_FEE,
    MAX_NAME,
    MAX_REPLY,
    MAX_TEXT,
    ChargedBy,
    Currency,
    EmployerClaim,
    ReviewProgramme,
    SubjectKind,
    TakedownRequest,
)
from jornada.reviews.questions import CONTENT_FIELDS, QUESTIONS, RATINGS, STARS, Answer

SUBJECT_NAMED = "named"
YEARS_BACK = 10
CHOOSE_ANSWER = _("Choose one of the answers.")


def _radio(**kwargs: Any) -> forms.ChoiceField:
    kwargs.setdefault("required", False)
    kwargs.setdefault("error_messages", {"invalid_choice": CHOOSE_ANSWER, "required": CHOOSE_ANSWER})
    return forms.ChoiceField(widget=forms.RadioSelect, **kwargs)


class FeeAmountField(forms.DecimalField):
    """An amount of money as people write it: "15,000", "$15 000", "1500.50" or "1500,50"."""

    _THOUSANDS = re.compile(r"^\d{1,3}(?:[,.]\d{3})+$")
    _DECIMAL_COMMA = re.compile(r"^\d+,\d{1,2}$")

    def __init__(self, *, label: Any, max_value: int, **kwargs: Any) -> None:
        """An optional amount from 1 to ``max_value`` with two decimals, typed on a phone's number pad."""
        defaults: dict[str, Any] = {
            "required": False,
            "min_value": Decimal(1),
            "max_digits": 12,
            "decimal_places": 2,
            "widget": forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            "error_messages": AMOUNT_ERRORS,
        }
        super().__init__(label=label, max_value=Decimal(max_value), **{**defaults, **kwargs})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace("$", "").replace(" ", "").replace("\u00a0", "")
            if self._THOUSANDS.match(value):
                value = value.replace(",", "").replace(".", "")
            elif self._DECIMAL_COMMA.match(value):
                value = value.replace(",", ".")
            elif "," in value:
                value = value.replace(",", "")
        return super().to_python(value)


# What workers are told about an amount of money they typed (reviews' fees, scam reports' demands).
AMOUNT_ERRORS = {
    "invalid": _("Write the amount with numbers only, like 15000."),
    "min_value": _("The amount must be at least 1."),
    "max_value": _("The amount must be at most 10,000,000."),
    "max_digits": _("The amount must be at most 10,000,000."),
    "max_decimal_places": _("Use at most two decimals."),
    "max_whole_digits": _("The amount must be at most 10,000,000."),
}


def year_choices() -> list[tuple[int | str, Any]]:
    """The last ten years, after an empty choice: a preselected year would be answered by accident."""
    this_year = timezone.localdate().year
    return [
        ("", _("Choose the year")),
        *((year, str(year)) for year in range(this_year, this_year - YEARS_BACK, -1)),
    ]


@dataclass(frozen=True)
class Step:
    key: str
    title: str | Promise
    fields: tuple[str, ...]


ABOUT_FIELDS = ("subject_kind", "subject_name", "subject", "programme", "season_year", "work_season")
STEPS: tuple[Step, ...] = (
    Step("about", _("Who and when"), ABOUT_FIELDS),
    Step(
        "recruitment",
        _("Recruitment and travel"),
        (
            "fees_charged",
            "fees_amount",
            "fees_currency",
            "fees_charged_by",
            "costs_reimbursed",
            "documents_kept",
        ),
    ),
    Step(
        "pay",
        _("Pay and hours"),
        ("pay_as_promised", "paid_all_hours", "hours_guarantee", "unexplained_deductions"),
    ),
    Step(
        "living",
        _("Housing, transport and safety"),
        (
            "housing_free",
            "housing_safe",
            "housing_crowded",
            "transport_safe",
            "safety_risks",
            "safety_training",
        ),
    ),
    Step(
        "opinion",
        _("Treatment and your opinion"),
        ("threats", "retaliation", "would_return", *(rating.name for rating in RATINGS), "text"),
    ),
)
STEP_OF_FIELD = {name: index for index, step in enumerate(STEPS) for name in step.fields}


class ReviewForm(forms.Form):
    """Every answer of a review. ``final=True`` also requires the review to say something."""

    subject_kind = forms.ChoiceField(
        label=_("Who is your review about?"),
        choices=SubjectKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an employer or a recruiter."), "invalid_choice": CHOOSE_ANSWER},
    )
    subject_name = forms.CharField(
        label=_("Name"),
        max_length=MAX_NAME,
        required=False,
        help_text=_("As you know it. You can search for it or write it yourself."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": _("Write at most %(limit_value)d characters.")},
    )
    subject = forms.CharField(max_length=MAX_NAME, required=False, widget=forms.HiddenInput)
    programme = forms.ChoiceField(
        label=_("Which visa did you have?"),
        choices=ReviewProgramme.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose your visa, or “I don't know”."),
            "invalid_choice": CHOOSE_ANSWER,
        },
    )
    season_year = forms.TypedChoiceField(
        label=_("Year you worked"),
        coerce=int,
        choices=year_choices,
        error_messages={
            "required": _("Choose the year you worked."),
            "invalid_choice": _("Choose one of the years in the list."),
        },
    )
    work_season = _radio(label=_("Season"), choices=Season.choices)

    fees_amount = FeeAmountField(label=_("How much did you pay in total?"), max_value=MAX_FEE)
    fees_currency = _radio(label=_("Currency"), choices=Currency.choices)
    fees_charged_by = _radio(label=_("Who charged you?"), choices=ChargedBy.choices)
    text = FreeTextField(
        label=_("Anything else other workers should know?"),
        max_length=MAX_TEXT,
        required=False,
        help_text=_(
            "Do not write your name, phone or other details about you: we remove them before publishing."
        ),
    )

    def __init__(self, *args: Any, final: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.final = final
        for question in QUESTIONS:
            self.fields[question.name] = _radio(
                label=question.label, help_text=question.help_text, choices=Answer.choices
            )
        for rating in RATINGS:
            self.fields[rating.name] = forms.TypedChoiceField(
                label=rating.label,
                choices=STARS,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose from 1 to 5 stars.")},
            )
        self.employer: Any = None
        self.recruiter: Any = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._clean_subject(cleaned)
        if cleaned.get("fees_amount") is not None and not cleaned.get("fees_currency"):
            self.add_error(
                "fees_currency",
                ValidationError(_("Choose the currency of the amount."), code="currency_required"),
            )
        if self.final and not self.errors and not self._says_something(cleaned):
            raise ValidationError(
                _("Your review is empty. Answer at least one question, give stars or write something."),
                code="empty_review",
            )
        return cleaned

    def _clean_subject(self, cleaned: dict[str, Any]) -> None:
        value: str = cleaned.get("subject") or ""
        if value == SUBJECT_NAMED:
            if not cleaned.get("subject_name"):
                self.add_error(
                    "subject_name",
                    ValidationError(_("Write the name of the employer or recruiter."), code="name_required"),
                )
            return
        if not value:
            if "subject" not in self.errors:
                self.add_error(
                    "subject",
                    ValidationError(
                        _("Search for the employer or recruiter and choose it, or use the name you wrote."),
                        code="no_subject",
                    ),
                )
            return
        subject = selectors.subject_from_value(value)
        if subject is None:
            self.add_error(
                "subject",
                ValidationError(
                    _("We could not find that employer or recruiter. Search again."), code="unknown_subject"
                ),
            )
            return
        kind, record = subject
        cleaned["subject_kind"] = kind
        if kind == SubjectKind.EMPLOYER:
            self.employer = record
        else:
            self.recruiter = record

    @staticmethod
    def _says_something(cleaned: dict[str, Any]) -> bool:
        return (
            any(cleaned.get(question.name) for question in QUESTIONS)
            or any(cleaned.get(rating.name) is not None for rating in RATINGS)
            or bool(cleaned.get("text"))
        )

    def answers(self) -> dict[str, Any]:
        """Return the validated content (not the subject), as the services take it."""
        return {name: self.cleaned_data.get(name) for name in CONTENT_FIELDS}


class ReplyForm(forms.Form):
    text = FreeTextField(
        label=_("Your public reply"),
        max_length=MAX_REPLY,
        help_text=_("Staff check every reply before it is published. Do not name or describe the author."),
        error_messages={"required": _("Write your reply.")},
    )


class TakedownForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why should it be taken down?"),
        choices=TakedownRequest.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )
    explanation = FreeTextField(
        label=_("Explain"),
        max_length=MAX_EXPLANATION,
        help_text=_(
            "Staff read every request. Reviews are never removed because an employer asks; "
            "personal details are."
        ),
        error_messages={"required": _("Explain your request.")},
    )


class ClaimRequestForm(forms.Form):
    employer = forms.CharField(widget=forms.HiddenInput, max_length=140)
    contact_name = forms.CharField(label=_("Your name"), max_length=MAX_NAME)
    contact_email = forms.EmailField(label=_("Your work e-mail address"), max_length=254)
    contact_role = forms.CharField(label=_("Your position at the employer"), max_length=MAX_NAME)
    message = FreeTextField(
        label=_("How can staff check that you speak for this employer?"),
        max_length=MAX_EXPLANATION,
        required=False,
        help_text=_(
            "For example: the address and the agent or attorney in the Department of Labor "
            "records, or documents you can show. Do not attach or send documents here."
        ),
    )

    def clean_employer(self) -> Any:
        employer = selectors.employer_by_slug(self.cleaned_data["employer"])
        if employer is None:
            raise ValidationError(_("We could not find that employer."), code="unknown_employer")
        return employer


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=(("verify", _("Verify")), ("refuse", _("Refuse"))),
        widget=forms.RadioSelect,
    )
    evidence = forms.ChoiceField(
        label=_("Verified by"),
        choices=EmployerClaim.Evidence.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label=_("What you checked"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "verify" and not cleaned.get("evidence"):
            self.add_error(
                "evidence", ValidationError(_("Say how you verified it."), code="evidence_required")
            )
        return cleaned


class TakedownDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            choice
            for choice in TakedownRequest.Outcome.choices
            if choice[0] != TakedownRequest.Outcome.PENDING
        ],
        widget=forms.RadioSelect,
    )


class LinkSubjectForm(forms.Form):
    subject = forms.CharField(max_length=MAX_NAME)

    def clean_subject(self) -> tuple[str, Any]:
        found = selectors.subject_from_value(self.cleaned_data["subject"])
        if found is None:
            raise ValidationError(_("We could not find that employer or recruiter."), code="unknown_subject")
        return found
