"""One small form per step of the interview; each checks its answers with the services' own rules.

A form's ``cleaned_data`` is what the draft keeps (plain JSON values); ``interview.answers_build``
turns the kept answers of the steps that apply into ``IntakeAnswers``.
"""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.cases.models import ContactChannel
from jornada.directory.models import Employer, Recruiter
from jornada.intake.models import UrgentReason, Whereabouts
from jornada.intake.services import FIELD_LABELS, MAX_LENGTHS, clean_contact, clean_text
from jornada.vocabulary.languages import MAX_LANGUAGE_NAME, is_language_name
from jornada.vocabulary.places import CENTRAL_AMERICA, COUNTRIES, MX_STATES, US_STATES
from jornada.vocabulary.selectors import categories

YES_NO = (("yes", _("Yes")), ("no", _("No")))
_PICK = re.compile(r"^(employer|recruiter):([0-9]{1,12})$")


def _field_error(error: ValidationError, name: str) -> ValidationError:
    """Return the messages a service raised for ``name`` as a plain field error."""
    return ValidationError(error.error_dict[name]) if hasattr(error, "error_dict") else error


def _picked_exists(kind: str, pk: int) -> bool:
    if kind == "employer":
        return Employer.objects.filter(pk=pk).exists()
    return Recruiter.objects.filter(pk=pk).exists()


class StepForm(forms.Form):
    """A step's form; ``initial`` comes from the draft, so answers already given are shown again."""

    def kept(self) -> dict[str, Any]:
        """Return the answers to keep in the draft."""
        return dict(self.cleaned_data)


class UrgentForm(StepForm):
    urgent_reasons = forms.MultipleChoiceField(
        label=_("Is one of these happening to you now? Mark every one that is true."),
        help_text=_("If none is true, press Continue."),
        choices=UrgentReason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class WhatForm(StepForm):
    categories = forms.MultipleChoiceField(
        label=_("What happened? Mark every one that is true."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    narrative = forms.CharField(
        label=_("Tell it in your own words"),
        help_text=_("Only what you want to say. Do not write your name here."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["categories"]).choices = [
            (choice.code, choice.label) for choice in categories()
        ]

    def clean_narrative(self) -> str:
        try:
            return clean_text("narrative", self.cleaned_data.get("narrative", ""))
        except ValidationError as error:
            raise _field_error(error, "narrative") from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not cleaned.get("categories") and not cleaned.get("narrative"):
            self.add_error(
                "categories",
                ValidationError(_("Choose what happened, or tell it in your own words."), code="required"),
            )
        return cleaned


class WhoForm(StepForm):
    knows_party = forms.ChoiceField(
        label=_("Do you know the name of the employer or the recruiter?"),
        choices=(("yes", _("Yes")), ("no", _("No, I do not know it"))),
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer yes or no.")},
    )


class WhoNameForm(StepForm):
    """Pick the employer or recruiter from the directory's search results, or keep a typed name."""

    q = forms.CharField(label=_("Name of the employer or recruiter"), max_length=200, required=False)
    pick = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_q(self) -> str:
        try:
            return clean_text("party_name", self.cleaned_data.get("q", ""))
        except ValidationError as error:
            raise _field_error(error, "party_name") from None

    def clean_pick(self) -> str:
        pick = self.cleaned_data.get("pick", "")
        if pick in ("", "typed"):
            return pick
        match = _PICK.match(pick)
        if match is None or not _picked_exists(match.group(1), int(match.group(2))):
            raise ValidationError(_("Choose a name from the list again."), code="invalid_choice")
        return pick

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and cleaned.get("pick", "") in ("", "typed") and not cleaned.get("q"):
            self.add_error(
                "q",
                ValidationError(
                    _("Write the name, or go back and answer that you do not know it."), code="required"
                ),
            )
        return cleaned


def _place_choices() -> list[tuple[Any, Any]]:
    return [
        ("", _("I do not know")),
        (_("Countries"), [(place.code, place.name()) for place in COUNTRIES + CENTRAL_AMERICA]),
        (_("States of the United States"), [(place.code, place.name()) for place in US_STATES]),
        (_("States of Mexico"), [(place.code, place.name()) for place in MX_STATES]),
    ]


class WhereForm(StepForm):
    place = forms.ChoiceField(label=_("Where did it happen?"), required=False)
    year = forms.TypedChoiceField(label=_("In what year?"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["place"]).choices = _place_choices()
        this_year = timezone.localdate().year
        cast(forms.ChoiceField, self.fields["year"]).choices = [("", _("I do not remember"))] + [
            (str(year), str(year)) for year in range(this_year, this_year - 31, -1)
        ]


class NowForm(StepForm):
    whereabouts = forms.ChoiceField(
        label=_("Where are you now?"),
        choices=Whereabouts.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where you are now.")},
    )


class LanguageForm(StepForm):
    language = forms.ChoiceField(
        label=_("In what language do you want to talk?"),
        choices=(("es", _("Spanish")), ("en", _("English")), ("other", _("Another language"))),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose or write the language you speak.")},
    )
    language_other = forms.CharField(
        label=_("Which other language?"),
        help_text=_("For example Mixteco, Zapoteco, Mam or Triqui."),
        max_length=MAX_LANGUAGE_NAME,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        other = (cleaned.get("language_other") or "").strip()
        if cleaned.get("language") == "other":
            if not other:
                self.add_error(
                    "language_other", ValidationError(_("Write the name of your language."), code="required")
                )
            elif not is_language_name(other):
                self.add_error(
                    "language_other",
                    ValidationError(_("Write the name of a language, for example Mixteco."), code="invalid"),
                )
        else:
            cleaned["language_other"] = ""
        return cleaned


class ConsentForm(StepForm):
    consent_contact = forms.ChoiceField(
        label=_("May a person from the organisation contact you?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer yes or no.")},
    )
    consent_share = forms.ChoiceField(
        label=_("If they cannot help, may they send your request to another organisation that can?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer yes or no.")},
    )
    consent_count = forms.ChoiceField(
        label=_("May they count your case, without your name, to show how many workers this happens to?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer yes or no.")},
    )


CHANNELS = [(value, label) for value, label in ContactChannel.choices if value != ContactChannel.NONE]


class ContactForm(StepForm):
    contact_channel = forms.ChoiceField(
        label=_("How should they contact you?"),
        choices=CHANNELS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how to contact you.")},
    )


class ContactDetailsForm(StepForm):
    contact = forms.CharField(label=_("Your number or e-mail address"), required=False)
    safe_times = forms.CharField(
        label=_("When is it safe to contact you?"),
        help_text=_("For example: Sundays, or after 7 in the evening."),
        required=False,
    )
    may_leave_message = forms.ChoiceField(
        label=_("If you do not answer, may they leave a message?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer yes or no.")},
    )
    worker_name = forms.CharField(
        label=_("What name should they ask for?"),
        help_text=_("Any name you like. It can be a made-up name."),
        required=False,
    )

    def __init__(self, *args: Any, channel: str = ContactChannel.WHATSAPP, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channel = channel
        if channel == ContactChannel.EMAIL:
            self.fields["contact"].label = _("Your e-mail address")
        else:
            self.fields["contact"].label = _("Your phone number, with its country code")
            self.fields["contact"].help_text = _("For example +52 55 1234 5678 or +1 919 555 0100.")

    def _text(self, name: str) -> str:
        try:
            return clean_text(name, self.cleaned_data.get(name, ""))
        except ValidationError as error:
            raise _field_error(error, name) from None

    def clean_contact(self) -> str:
        try:
            return clean_contact(self.channel, self.cleaned_data.get("contact", ""))
        except ValidationError as error:
            raise _field_error(error, "contact") from None

    def clean_safe_times(self) -> str:
        return self._text("safe_times")

    def clean_worker_name(self) -> str:
        return self._text("worker_name")


class OrganisationsForm(StepForm):
    organisations = forms.MultipleChoiceField(
        label=FIELD_LABELS["organisations"], widget=forms.CheckboxSelectMultiple, required=False
    )
    any_organisation = forms.BooleanField(label=_("Whichever can help"), required=False)

    def __init__(self, *args: Any, slugs: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisations"]).choices = [(slug, slug) for slug in slugs or []]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cast(forms.ChoiceField, self.fields["organisations"]).choices:
            raise ValidationError(
                _("No organisation on Jornada takes requests like this one yet."), code="no_organisation"
            )
        if not self.errors and not cleaned.get("organisations") and not cleaned.get("any_organisation"):
            self.add_error(
                "organisations",
                ValidationError(
                    _("Choose an organisation, or let whichever can help see it."), code="required"
                ),
            )
        return cleaned


class AdditionForm(forms.Form):
    """What the worker adds from the status page; the service checks it (length, control characters)."""

    addition = forms.CharField(
        label=_("What you want to add"),
        help_text=_("Something that happened since, a detail you remembered, or a better time to reach you."),
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_LENGTHS["addition"]}),
        error_messages={"required": _("Write what you want to add first.")},
        # The service strips and checks it, and names the field in its own errors.
        strip=False,
    )
