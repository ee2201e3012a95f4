"""Forms of the case pages. They check shape and size; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jornada.cases.models import (
    MAX_AMOUNT_DIGITS,
    RETENTION_MAX_DAYS,
    RETENTION_MIN_DAYS,
    CaseSettings,
    CaseStage,
    ComplaintBody,
    Currency,
    Decision,
    Outcome,
    PartyRole,
    StepKind,
)
from jornada.cases.services import MAX_LENGTHS
from jornada.core.models import User
from jornada.directory.models import Employer, Recruiter
from jornada.vocabulary.models import Audience, Category

MAX_QUERY = 100


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class CaseFilterForm(forms.Form):
    """The case list's filters and search, read from the query string."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY,
        help_text=_(
            "Case number, category, or the name of an employer or recruiter linked from the directory. "
            "Names typed into a case are encrypted and cannot be searched."
        ),
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=_blank(_("Any")) + list(CaseStage.choices)
    )
    assignee = forms.ChoiceField(label=_("Advocate"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    urgent = forms.ChoiceField(
        label=_("Urgency"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Urgent only")), ("no", _("Not urgent"))],
    )
    overdue = forms.BooleanField(label=_("Only cases with overdue tasks"), required=False)

    def __init__(self, *args: Any, advocates: list[User], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["assignee"].choices = [
            ("", _("Anyone")),
            ("none", _("Nobody yet")),
            *((str(user.pk), user.name) for user in advocates),
        ]
        fields["category"].choices = _blank(_("Any")) + [
            (category.code, category.label(language, Audience.STAFF)) for category in Category.objects.all()
        ]

    def filters(self) -> dict[str, Any]:
        """Return the keyword arguments of ``selectors.cases_filter`` for the valid fields."""
        data = self.cleaned_data if self.is_valid() else {}
        assignee = data.get("assignee", "")
        urgent = data.get("urgent", "")
        return {
            "query": data.get("q", ""),
            "stage": data.get("stage", ""),
            "assignee": int(assignee) if assignee not in ("", "none") else None,
            "unassigned": assignee == "none",
            "category": data.get("category", ""),
            "urgent": None if not urgent else urgent == "yes",
            "overdue": bool(data.get("overdue")),
        }


class ActionForm(forms.Form):
    """A form of the case page; ``action`` tells the page which one was sent."""

    action = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.action)
        super().__init__(*args, **kwargs)


class AssignForm(ActionForm):
    action = "assign"
    advocate = forms.ChoiceField(label=_("Advocate"))

    def __init__(self, *args: Any, advocates: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.advocates = {str(user.pk): user for user in advocates}
        fields: dict[str, Any] = self.fields
        fields["advocate"].choices = [(key, user.name) for key, user in self.advocates.items()]

    def chosen(self) -> User:
        return self.advocates[self.cleaned_data["advocate"]]


class PartyForm(ActionForm):
    action = "party"
    role = forms.ChoiceField(label=_("Role"), choices=PartyRole.choices)
    directory = forms.CharField(
        label=_("Employer or recruiter in the directory"),
        required=False,
        max_length=300,
        help_text=_(
            "The address of its page in the directory, or the last part of it (for example huertas-del-norte)."
        ),
    )
    name = forms.CharField(
        label=_("Or the name"),
        required=False,
        max_length=MAX_LENGTHS["party_name"],
        help_text=_("Encrypted like the worker's details, so it cannot be searched."),
    )

    def clean_directory(self) -> str:
        value = self.cleaned_data["directory"].strip().rstrip("/")
        return value.rsplit("/", 1)[-1]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slug, role = data.get("directory"), data.get("role")
        data["employer"] = data["recruiter"] = None
        if slug:
            model: type[Employer] | type[Recruiter] = Recruiter if role == PartyRole.RECRUITER else Employer
            if role not in (PartyRole.EMPLOYER, PartyRole.RECRUITER):
                self.add_error(
                    "directory",
                    ValidationError(
                        _("Only an employer or a recruiter is in the directory."), code="wrong_role"
                    ),
                )
            elif (record := model.objects.filter(slug=slug).first()) is None:
                message = (
                    _("The directory has no recruiter at this address.")
                    if role == PartyRole.RECRUITER
                    else _("The directory has no employer at this address.")
                )
                self.add_error("directory", ValidationError(message, code="not_found"))
            else:
                data["employer" if role == PartyRole.EMPLOYER else "recruiter"] = record
        return data


class CategoriesForm(ActionForm):
    action = "categories"
    categories = forms.MultipleChoiceField(
        label=_("Categories"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, language: str, filed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["categories"].choices = [
            (category.code, category.label(language, Audience.STAFF))
            for category in Category.objects.all()
            if category.is_active() or category.code in filed
        ]


class UrgencyForm(ActionForm):
    action = "urgency"
    urgent = forms.BooleanField(label=_("Urgent"), required=False)


class NoteForm(ActionForm):
    action = "note"
    text = forms.CharField(
        label=_("New note"),
        max_length=MAX_LENGTHS["note"],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Notes are never edited: to correct one, add a new note that says so."),
    )


class EvaluationForm(ActionForm):
    action = "evaluation"
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    summary = forms.CharField(
        label=_("Summary of the evaluation"),
        max_length=MAX_LENGTHS["summary"],
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ClosingForm(ActionForm):
    action = "closing"
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    complaint_body = forms.ChoiceField(
        label=_("Complaint filed with"),
        required=False,
        choices=_blank(_("Not a complaint")) + list(ComplaintBody.choices),
    )
    summary = forms.CharField(
        label=_("Summary, or why no action was taken"),
        required=False,
        max_length=MAX_LENGTHS["summary"],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when no action was taken."),
    )
    back_wages = forms.DecimalField(
        label=_("Back wages recovered"),
        max_digits=MAX_AMOUNT_DIGITS,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    back_wages_currency = forms.ChoiceField(
        label=_("Currency of back wages"), required=False, choices=_blank("—") + list(Currency.choices)
    )
    fees = forms.DecimalField(
        label=_("Fees recovered"), max_digits=MAX_AMOUNT_DIGITS, decimal_places=2, min_value=0, required=False
    )
    fees_currency = forms.ChoiceField(
        label=_("Currency of fees"), required=False, choices=_blank("—") + list(Currency.choices)
    )


class ApproveForm(ActionForm):
    action = "approve"
    kind = forms.ChoiceField(
        choices=[
            (StepKind.EVALUATION, StepKind.EVALUATION.label),
            (StepKind.CLOSING, StepKind.CLOSING.label),
        ],
        widget=forms.HiddenInput,
    )


class ReopenForm(ActionForm):
    action = "reopen"
    reason = forms.CharField(
        label=_("Why reopen the case"),
        max_length=MAX_LENGTHS["reason"],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CaseSettingsForm(forms.Form):
    """How an organisation works its cases; the service checks the bounds again."""

    evaluation_needs_approval = forms.BooleanField(
        label=_("A supervisor approves each evaluation"),
        required=False,
        help_text=_("Until approved, the case stays in evaluation."),
    )
    closing_needs_approval = forms.BooleanField(
        label=_("A supervisor approves each closing"),
        required=False,
        help_text=_("Until approved, the case stays open."),
    )
    retention_days = forms.IntegerField(
        label=_("Days to keep personal data after closing"),
        min_value=RETENTION_MIN_DAYS,
        max_value=RETENTION_MAX_DAYS,
        help_text=_(
            "Afterwards the case is anonymised: names, contact details, narrative, notes and typed "
            "party names are erased; its categories, outcome, amounts and months stay for statistics."
        ),
    )

    @classmethod
    def initial_from(cls, settings: CaseSettings) -> dict[str, Any]:
        return {
            "evaluation_needs_approval": settings.evaluation_needs_approval,
            "closing_needs_approval": settings.closing_needs_approval,
            "retention_days": settings.retention_days,
        }
