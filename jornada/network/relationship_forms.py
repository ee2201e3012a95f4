"""Forms of the relationship memory and the handover."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jornada.core.models import Organisation, User
from jornada.network.models import PartnerAgreement, PartnerContact, PartnerInteraction
from jornada.network.relationships import members_of

DATE = forms.DateInput(attrs={"type": "date"})


class MembersMixin:
    """Limit every user field to the organisation's own members."""

    member_fields: tuple[str, ...] = ("owner",)

    def limit_members(self, organisation: Organisation) -> None:
        fields: Any = getattr(self, "fields")  # noqa: B009 - a form's fields, set by Django
        for name in self.member_fields:
            fields[name].queryset = members_of(organisation)
            fields[name].label_from_instance = lambda user: user.name or user.email


class PartnerContactForm(MembersMixin, forms.ModelForm):
    # Not model fields: the service stores them sealed.
    name = forms.CharField(label=_("name"), max_length=200)
    channel = forms.CharField(
        label=_("how to reach them"),
        max_length=300,
        required=False,
        help_text=_("Telephone, e-mail or WhatsApp."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_members(organisation)

    class Meta:
        model = PartnerContact
        fields = ["name", "role", "channel", "since", "until", "owner"]
        widgets = {"since": DATE, "until": DATE}


class PartnerInteractionForm(forms.ModelForm):
    # Not a model field: the service stores it sealed.
    summary = forms.CharField(
        label=_("what happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = PartnerInteraction
        fields = ["kind", "happened_on", "summary"]
        widgets = {"happened_on": DATE}


class PartnerAgreementForm(MembersMixin, forms.ModelForm):
    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_members(organisation)

    class Meta:
        model = PartnerAgreement
        fields = ["kind", "title", "signed_on", "renew_on", "owner"]
        widgets = {"signed_on": DATE, "renew_on": DATE}


class HandoverForm(MembersMixin, forms.Form):
    member_fields = ("leaving", "successor")
    leaving = forms.ModelChoiceField(label=_("Who is leaving"), queryset=User.objects.none())
    successor = forms.ModelChoiceField(label=_("Who takes over"), queryset=User.objects.none())

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_members(organisation)
