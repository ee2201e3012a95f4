"""Forms of the staff intake queue: its filters, triage, and the three decisions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jornada.core.models import Organisation
from jornada.intake.models import DeclineReason, Intake
from jornada.intake.selectors_staff import MAX_SEARCH, QueueChoices, QueueFilters, place_label
from jornada.intake.services import MAX_CATEGORIES
from jornada.vocabulary.languages import MAX_LANGUAGE_NAME, language_name
from jornada.vocabulary.models import Audience
from jornada.vocabulary.selectors import categories


class OptionsMixin:
    """Choices with their selected state, for templates that write options out by hand.

    Django's widget templates render each option through its own template: a hundred options
    cost tens of milliseconds, more than the rest of a queue page.
    """

    def options(self, name: str) -> list[tuple[str, str, bool]]:
        field = self[name]  # type: ignore[index]
        value = field.value()
        chosen = {str(item) for item in value} if isinstance(value, list | tuple) else {str(value or "")}
        return [(str(key), str(label), str(key) in chosen) for key, label in field.field.choices]


def _category_choices() -> list[tuple[str, str]]:
    return [(choice.code, choice.label) for choice in categories(audience=Audience.STAFF)]


class QueueFilterForm(OptionsMixin, forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    urgent = forms.BooleanField(label=_("Urgent only"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    place = forms.ChoiceField(label=_("Where it happened"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    q = forms.CharField(label=_("Employer or recruiter"), required=False, max_length=MAX_SEARCH)

    def __init__(
        self, *args: Any, choices: QueueChoices, organisations: list[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        anything = ("", _("Any"))
        if len(organisations) > 1:
            self.fields["organisation"].choices = [  # type: ignore[attr-defined]
                (organisation.slug, organisation.name) for organisation in organisations
            ]
        else:
            del self.fields["organisation"]
        self.fields["category"].choices = [anything, *_category_choices()]  # type: ignore[attr-defined]
        self.fields["place"].choices = [anything, *choices.places]  # type: ignore[attr-defined]
        self.fields["language"].choices = [anything, *choices.languages]  # type: ignore[attr-defined]

    def filters(self) -> QueueFilters:
        """Return the filters chosen; a value that is not valid narrows nothing."""
        if not self.is_valid():
            data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        else:
            data = self.cleaned_data
        return QueueFilters(
            urgent=bool(data.get("urgent")),
            category=data.get("category") or "",
            place=data.get("place") or "",
            language=data.get("language") or "",
            search=(data.get("q") or "").strip(),
        )


class TriageForm(OptionsMixin, forms.Form):
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    categories = forms.MultipleChoiceField(
        label=_("Categories"), required=False, widget=forms.CheckboxSelectMultiple
    )
    language = forms.CharField(
        label=_("The worker's language"),
        max_length=MAX_LANGUAGE_NAME,
        help_text=_("Spanish, English, or the language the worker named, for example Mixteco."),
    )
    employer = forms.TypedChoiceField(
        label=_("Employer in the directory"), required=False, coerce=int, empty_value=None
    )
    recruiter = forms.TypedChoiceField(
        label=_("Recruiter in the directory"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, intake: Intake, found: list[tuple[str, int, str]], **kwargs: Any) -> None:
        """``found``: the directory search's hits, as (kind, id, label), offered beside the current links."""
        kwargs.setdefault(
            "initial",
            {
                "urgent": intake.urgent,
                "categories": intake.categories,
                "language": language_name(intake.language),
                "employer": intake.employer_id,
                "recruiter": intake.recruiter_id,
            },
        )
        super().__init__(*args, **kwargs)
        choices = _category_choices()
        known = {code for code, _label in choices}
        # A category retired since the worker chose it stays selectable on this request.
        choices += [(code, code) for code in intake.categories if code not in known]
        self.fields["categories"].choices = choices  # type: ignore[attr-defined]
        self.fields["categories"].help_text = _("At most %(limit)d.") % {"limit": MAX_CATEGORIES}
        for kind, linked in (("employer", intake.employer), ("recruiter", intake.recruiter)):
            options: list[tuple[Any, Any]] = [("", _("Not linked"))]
            if linked is not None:
                options.append((linked.pk, linked.name))
            options += [
                (pk, label)
                for hit_kind, pk, label in found
                if hit_kind == kind and pk != getattr(linked, "pk", None)
            ]
            self.fields[kind].choices = options  # type: ignore[attr-defined]


class PartySearchForm(forms.Form):
    party = forms.CharField(
        label=_("Find the employer or recruiter in the directory"), required=False, max_length=200
    )


class AcceptForm(forms.Form):
    confirm_conflicts = forms.BooleanField(
        label=_("I checked the cases and requests above: accept this request all the same."), required=False
    )


class DeclineForm(OptionsMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Why"), choices=DeclineReason.choices)


class DuplicateForm(OptionsMixin, forms.Form):
    duplicate_of = forms.TypedChoiceField(label=_("Duplicate of"), coerce=int)

    def __init__(self, *args: Any, candidates: list[Intake], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duplicate_of"].choices = [  # type: ignore[attr-defined]
            (
                other.pk,
                _("Received %(date)s · %(place)s · %(party)s")
                % {
                    "date": other.received_at.date().isoformat(),
                    "place": place_label(other.place) if other.place else "—",
                    "party": other.employer.name
                    if other.employer
                    else (other.recruiter.name if other.recruiter else "—"),
                },
            )
            for other in candidates
        ]
