"""Forms of the call screen, the callback queue, the report and the worker's callback request.

Forms only read what was typed; the checks that matter (a phone number, a time that can
happen, an outcome) live in the services, which answer in the user's language.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jornada.hotline.models import CallbackResult, NoticeChannel, Outcome
from jornada.intake.models import UrgentReason, Whereabouts
from jornada.vocabulary.places import PLACES

COUNTRY_CHOICES = [
    ("", "—"),
    ("MX", _("Mexico")),
    ("US", _("United States")),
    ("GT", _("Guatemala")),
    ("HN", _("Honduras")),
    ("SV", _("El Salvador")),
    ("NI", _("Nicaragua")),
    ("CA", _("Canada")),
]


class StartCallForm(forms.Form):
    hotline = forms.IntegerField(widget=forms.HiddenInput)
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)


class ConsentForm(forms.Form):
    consent_contact = forms.BooleanField(label=_("Agrees to be called back"), required=False)
    caller_number = forms.CharField(label=_("Number to call back"), max_length=40, required=False)
    may_leave_message = forms.BooleanField(label=_("A message may be left"), required=False)
    caller_name = forms.CharField(label=_("Name the caller gave (optional)"), max_length=200, required=False)
    consent_count = forms.BooleanField(
        label=_("Agrees to be counted in reports without a name"), required=False
    )
    consent_share = forms.BooleanField(
        label=_("Agrees that the request may go to another organisation"), required=False
    )


class WhatForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("What happened"), required=False, widget=forms.CheckboxSelectMultiple
    )
    narrative = forms.CharField(
        label=_("In the caller's words"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=10_000,
    )

    def __init__(self, *args: Any, categories: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = categories  # type: ignore[attr-defined]


class WhoForm(forms.Form):
    party = forms.CharField(required=False, max_length=40)  # "employer:ID" or "recruiter:ID"
    party_name = forms.CharField(
        label=_("Employer or recruiter, as the caller says it"), max_length=200, required=False
    )

    def picks(self) -> dict[str, int | None]:
        """Return the directory employer and recruiter chosen (none when the pick is unreadable)."""
        kind, _colon, pk = (self.cleaned_data.get("party") or "").partition(":")
        chosen = int(pk) if pk.isdigit() else None
        return {
            "employer_id": chosen if kind == "employer" else None,
            "recruiter_id": chosen if kind == "recruiter" else None,
        }


class WhereForm(forms.Form):
    caller_country = forms.ChoiceField(
        label=_("Country the caller is calling from"), choices=COUNTRY_CHOICES, required=False
    )
    place = forms.ChoiceField(label=_("State where they work"), required=False)
    whereabouts = forms.ChoiceField(
        label=_("Where the caller is now"), choices=[("", "—"), *Whereabouts.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [("", "—"), *((place.code, place.name()) for place in PLACES)]  # type: ignore[attr-defined]


class LanguageForm(forms.Form):
    language = forms.CharField(label=_("Language of the call"), max_length=60, required=False)


class UrgencyForm(forms.Form):
    urgent_reasons = forms.MultipleChoiceField(
        label=_("Urgent situations"),
        choices=UrgentReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class EndForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, required=False, widget=forms.RadioSelect
    )
    referred_to = forms.CharField(label=_("Referred to"), max_length=200, required=False)
    article = forms.CharField(label=_("Article sent"), max_length=200, required=False)
    partner = forms.ChoiceField(label=_("Partner organisation"), required=False)

    def __init__(self, *args: Any, partners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", "—"), *partners]  # type: ignore[attr-defined]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Look up an employer, recruiter, number or right"), max_length=100, required=False
    )


class CallbackRecordForm(forms.Form):
    result = forms.ChoiceField(
        label=_("What happened"), choices=CallbackResult.choices, required=False, widget=forms.RadioSelect
    )


class ReportPeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    audience = forms.ChoiceField(
        label=_("For"),
        choices=[
            ("internal", _("This organisation")),
            ("external", _("Outside the organisation (small counts hidden)")),
        ],
        required=False,
    )


class CallbackRequestForm(forms.Form):
    """The worker's callback request: no JavaScript, every field a plain input."""

    day = forms.DateField(label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    from_time = forms.TimeField(
        label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    until_time = forms.TimeField(
        label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    language = forms.CharField(label=_("Your language"), max_length=60, required=False, initial="Español")
    number = forms.CharField(label=_("Your phone number"), max_length=40, required=False)
    may_leave_message = forms.BooleanField(label=_("A message may be left on this phone"), required=False)
    notice_channel = forms.ChoiceField(
        label=_("Tell me when it is scheduled"),
        choices=NoticeChannel.choices,
        required=False,
        initial=NoticeChannel.NONE,
    )
    notice_contact = forms.CharField(
        label=_("E-mail address (for a notice by e-mail)"), max_length=254, required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["notice_channel"] = cleaned.get("notice_channel") or NoticeChannel.NONE
        return cleaned
