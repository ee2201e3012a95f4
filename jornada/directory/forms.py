from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jornada.directory.dol.normalise import US_STATES

KIND_CHOICES = [
    ("", _("Everything")),
    ("employer", _("Employers")),
    ("recruiter", _("Recruiters")),
    ("agent", _("Agents and attorneys")),
]
PROGRAMME_CHOICES = [
    ("", _("H-2A and H-2B")),
    ("h2a", _("H-2A (farm work)")),
    ("h2b", _("H-2B (other work)")),
]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name of the employer, recruiter or agent"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )
    kind = forms.ChoiceField(label=_("Look for"), choices=KIND_CHOICES, required=False)
    programme = forms.ChoiceField(label=_("Visa"), choices=PROGRAMME_CHOICES, required=False)
    state = forms.ChoiceField(
        label=_("US state"),
        choices=[("", _("Any state")), *sorted(US_STATES.items(), key=lambda item: item[1])],
        required=False,
    )
    activity = forms.CharField(
        label=_("Crop or kind of work"),
        max_length=60,
        required=False,
        help_text=_("For example: apples, tobacco, landscaping."),
    )
