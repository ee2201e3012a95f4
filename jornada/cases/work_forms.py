"""Forms for a case's tasks, documents and contacts; the services check what the forms leave open.

Text fields are not limited here: the services give the error that names the field and its
limit, for the pages and the API alike.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from jornada.cases.case_tasks import task_owners
from jornada.cases.models import ContactDirection, ContactMethod
from jornada.core.models import Organisation, User


class DateInput(forms.DateInput):
    input_type = "date"


class OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name or obj.email)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), required=False, widget=forms.TextInput(attrs={"maxlength": 300}))
    due_on = forms.DateField(label=_("Due date"), widget=DateInput)
    owner = OwnerChoice(label=_("Owner"), queryset=User.objects.none(), empty_label=None)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = task_owners(organisation)
        owner.choices = list(iter(owner.iterator(owner)))  # one read: rendering would read it twice
        owner.error_messages["invalid_choice"] = _(
            "The owner must be an advocate or supervisor of the case's organisation."
        )


class TaskDoneForm(forms.Form):
    done = forms.TypedChoiceField(
        label=_("Done"),
        choices=(("1", _("Done")), ("0", _("Not done"))),
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        required=False,
        help_text=_("A PDF, or a JPEG, PNG or WebP image, of at most 10 MB. Images lose their metadata."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
    )


class ContactForm(forms.Form):
    contacted_on = forms.DateField(label=_("Date"), widget=DateInput)
    method = forms.ChoiceField(label=_("Channel"), choices=ContactMethod.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=ContactDirection.choices)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
