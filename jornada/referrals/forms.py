"""Forms of the referral pages. They check shape and size; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from jornada.cases.models import Case, CaseNote, Outcome
from jornada.core.models import Organisation
from jornada.referrals.models import SharedField
from jornada.referrals.services import MAX_PARTNER_CONTACT, MAX_PARTNER_NAME, MAX_TEXT
from jornada.vocabulary.models import Audience, Category


class _ShareForm(forms.Form):
    fields_shared = forms.MultipleChoiceField(
        label=_("What to share"),
        choices=[(value, label) for value, label in SharedField.choices if value != SharedField.NOTES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only what you tick is sent. The partner never sees the rest of the case."),
    )
    notes = forms.TypedMultipleChoiceField(
        label=_("Notes to share"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each note by its date and author; read them on the case page first."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        notes: Any = self.fields["notes"]
        notes.choices = [
            (note.pk, f"{date_format(timezone.localtime(note.created_at), 'j M Y H:i')} · {note.author_name}")
            for note in CaseNote.objects.filter(case=case, text_sealed__isnull=False)
            .annotate(author_name=Coalesce("author__name", Value("—")))
            .order_by("created_at", "id")
        ]

    override_reason = forms.CharField(
        label=_("Reason for sharing without consent (supervisors only)"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only needed when the worker has not consented to a referral."),
    )


class ReferralForm(_ShareForm):
    receiver = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Category.objects.none())

    def __init__(self, *args: Any, sender: Organisation, language: str, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        receiver: Any = self.fields["receiver"]
        receiver.queryset = Organisation.objects.exclude(pk=sender.pk).order_by("name")
        topic: Any = self.fields["topic"]
        topic.queryset = Category.objects.filter(retired_at__isnull=True)
        topic.label_from_instance = lambda category: category.label(language, Audience.STAFF)
        self.order_fields(["receiver", "topic", "fields_shared", "notes", "override_reason"])


class LetterForm(_ShareForm):
    partner_name = forms.CharField(label=_("Partner organisation"), max_length=MAX_PARTNER_NAME)
    partner_contact = forms.CharField(
        label=_("Contact at the partner"), max_length=MAX_PARTNER_CONTACT, required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        self.order_fields(["partner_name", "partner_contact", "fields_shared", "notes", "override_reason"])


class AcceptForm(forms.Form):
    open_case = forms.BooleanField(label=_("Open a case of ours from the shared details"), required=False)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you decline"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProgressForm(forms.Form):
    feedback = forms.CharField(
        label=_("Feedback for the sender"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DoneForm(ProgressForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)


class ConfirmForm(forms.Form):
    """A confirmation with no field: the button is the answer."""
