"""Staff forms for after the event: counts, and linking a request or case by the event's code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jornada.core.models import Organisation
from jornada.outreach.models import Campaign


class OutcomeForm(forms.Form):
    attendance = forms.IntegerField(
        label=_("People who attended"), min_value=0, max_value=100_000, required=False
    )
    referrals_made = forms.IntegerField(
        label=_("Referrals made"), min_value=0, max_value=100_000, required=False
    )


class LinkForm(forms.Form):
    """An event code and either a case number or a request number of the organisation."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    code = forms.CharField(
        label=_("Event code"),
        max_length=8,
        help_text=_("The code the worker gave, as printed on the event page."),
    )
    case_number = forms.CharField(label=_("Case number"), max_length=32, required=False)
    intake = forms.IntegerField(label=_("Request number"), min_value=1, required=False)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("case_number")) == bool(cleaned.get("intake")):
            raise ValidationError(_("Give a case number or a request number, one of the two."), code="one_of")
        return cleaned


class SummaryForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None, required=False
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("The whole organisation"),
    )

    def __init__(self, *args: Any, organisations: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
