"""Forms of the protocol pages; a step's form is built from its field specs. The services check again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jornada.protocols.models import CaseType, ProtocolStep
from jornada.protocols.services import MAX_TEXT_ANSWER

MAX_REASON = 2_000


class ChooseTypeForm(forms.Form):
    case_type = forms.ModelChoiceField(label=_("Protocol"), queryset=CaseType.objects.none())

    def __init__(self, *args: Any, case_types: list[CaseType], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["case_type"]
        field.queryset = CaseType.objects.filter(pk__in=[case_type.pk for case_type in case_types])
        field.label_from_instance = lambda case_type: case_type.name(language)


def _field(spec: dict[str, Any], language: str) -> forms.Field:
    label = spec[f"label_{language}"]
    required = bool(spec["required"])
    kind = spec["type"]
    if kind == "text":
        return forms.CharField(
            label=label,
            required=required,
            max_length=MAX_TEXT_ANSWER,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    if kind == "yesno":
        return forms.ChoiceField(
            label=label,
            required=required,
            choices=[("yes", _("Yes")), ("no", _("No"))],
            widget=forms.RadioSelect,
        )
    choices = [(choice["value"], choice[f"label_{language}"]) for choice in spec.get("choices", [])]
    if kind == "choice":
        return forms.ChoiceField(label=label, required=required, choices=choices, widget=forms.RadioSelect)
    if kind == "multichoice":
        return forms.MultipleChoiceField(
            label=label, required=required, choices=choices, widget=forms.CheckboxSelectMultiple
        )
    if kind == "date":
        return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))
    return forms.DecimalField(label=label, required=required, max_digits=12, decimal_places=2)


class StepForm(forms.Form):
    """The answers one protocol step asks, and, for a step that shares the case, an override reason."""

    def __init__(self, *args: Any, step: ProtocolStep, language: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"step-{step.key}")
        super().__init__(*args, **kwargs)
        self.step = step
        for spec in step.fields:
            self.fields[spec["key"]] = _field(spec, language)
        if step.is_share():
            self.fields["override_reason"] = forms.CharField(
                label=_("Supervisor's reason to share without consent"),
                help_text=_(
                    "Only when the person has not consented to this: a supervisor may share anyway, "
                    "giving the reason. It is recorded and audited."
                ),
                required=False,
                max_length=MAX_REASON,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self) -> dict[str, Any]:
        """Return the answers for the service (without the override reason)."""
        return {key: value for key, value in self.cleaned_data.items() if key != "override_reason"}
