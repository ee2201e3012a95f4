"""Forms of the worker's side of a request for help."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jornada.intake.services import MAX_LENGTHS


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
