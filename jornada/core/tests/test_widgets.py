"""QuickSelect renders what Django's Select renders, without a template per option."""

from __future__ import annotations

import re

import pytest
from django import forms

from jornada.core.widgets import QuickSelect

CHOICES = [("", "Cualquiera"), ("wages", "Salario <robado>"), ("fees", 'Cobros & "cuotas"'), ("7", "Siete")]


def _form(widget: type[forms.Select], data: dict[str, str] | None) -> forms.Form:
    class Form(forms.Form):
        topic = forms.ChoiceField(
            label="Tema", choices=CHOICES, required=False, help_text="Ayuda", widget=widget
        )

    return Form(data)


@pytest.mark.parametrize("data", [None, {}, {"topic": "fees"}, {"topic": "7"}, {"topic": "nope"}])
def test_it_renders_the_same_markup_as_django_s_select(data: dict[str, str] | None) -> None:
    """Same element, attributes (id, name, aria), options, escaping and selection as forms.Select."""
    ours = str(_form(QuickSelect, data)["topic"])
    django_s = str(_form(forms.Select, data)["topic"])
    assert ours == re.sub(r">\s+<", "><", django_s)  # Django indents its options; nothing else differs
    assert "&lt;robado&gt;" in ours


def test_it_renders_boolean_attributes_as_django_does() -> None:
    """A required, disabled field: bare attributes, in Django's order."""

    def form(widget: type[forms.Select]) -> str:
        class Form(forms.Form):
            topic = forms.ChoiceField(choices=CHOICES, widget=widget, disabled=True)

        return str(Form({"topic": "wages"})["topic"])

    assert form(QuickSelect) == re.sub(r">\s+<", "><", form(forms.Select))
    assert " required" in form(QuickSelect)
