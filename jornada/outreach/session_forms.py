"""The promoter's session form: plain HTML, small, usable on a cheap phone without JavaScript."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jornada.core.models import Organisation
from jornada.outreach.forms import state_choices
from jornada.outreach.sessions import SessionInput
from jornada.vocabulary.models import Category

NO_PERSONAL_DATA = _("Do not write names, telephone numbers or anything that identifies a worker.")


class TopicChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, language: str = "es", **kwargs: Any) -> None:
        self.language = language
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label(self.language, "worker"))


class SessionForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    client_id = forms.UUIDField(widget=forms.HiddenInput)
    # An <input type=date> reads only ISO dates: a localised one ("06/12/2026") left it empty.
    held_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    town = forms.CharField(label=_("Town"), max_length=120)
    state = forms.ChoiceField(label=_("State"))
    topic = TopicChoiceField(label=_("Topic"), queryset=Category.objects.none(), required=False)
    attendees = forms.IntegerField(label=_("How many workers attended"), min_value=1, max_value=10_000)
    women = forms.IntegerField(label=_("Of them, women"), min_value=0, max_value=10_000, required=False)
    men = forms.IntegerField(label=_("Of them, men"), min_value=0, max_value=10_000, required=False)
    h2a = forms.IntegerField(
        label=_("Of them, with H-2A visas"), min_value=0, max_value=10_000, required=False
    )
    h2b = forms.IntegerField(
        label=_("Of them, with H-2B visas"), min_value=0, max_value=10_000, required=False
    )
    materials = forms.CharField(label=_("Materials used"), max_length=500, required=False)
    questions = forms.CharField(
        label=_("Questions asked"),
        max_length=2000,
        required=False,
        help_text=NO_PERSONAL_DATA,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_ups = forms.CharField(
        label=_("Follow-ups needed"),
        max_length=2000,
        required=False,
        help_text=NO_PERSONAL_DATA,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, organisations: Any, language: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("client_id", uuid.uuid4())
        kwargs["initial"].setdefault("held_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        organisation: Any = self.fields["organisation"]
        organisation.queryset = organisations
        if organisations.count() == 1:
            organisation.initial = organisations.first()
        topic: Any = self.fields["topic"]
        topic.queryset = Category.objects.active()
        topic.language = language
        self.fields["state"].choices = state_choices(language, "")  # type: ignore[attr-defined]

    def session_input(self) -> SessionInput:
        data = self.cleaned_data
        return SessionInput(
            client_id=data["client_id"],
            held_on=data["held_on"],
            town=data["town"],
            state=data["state"],
            attendees=data["attendees"],
            topic=data["topic"],
            women=data["women"],
            men=data["men"],
            h2a=data["h2a"],
            h2b=data["h2b"],
            materials=data["materials"],
            questions=data["questions"],
            follow_ups=data["follow_ups"],
        )
