"""Forms every kind of contribution shares: the receipt code and the moderator's decisions."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jornada.contributions import redaction
from jornada.contributions.models import RedactReason, RejectReason
from jornada.contributions.receipts import MAX_TYPED_LENGTH, normalise_receipt_code
from jornada.contributions.scanner import FieldHits, Hit, hit_count, hits_fingerprint

WRONG_CODE = _("We could not find anything with that code. Check it and try again.")


class ReceiptCodeForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt code"),
        max_length=MAX_TYPED_LENGTH,
        help_text=_("The 12 letters and numbers you got when you sent it, like K7QM-4XPA-93TZ."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Write your receipt code.")},
    )

    def clean_receipt(self) -> str:
        # A malformed code gets the same answer as a wrong one: the form reveals nothing.
        code: str = self.cleaned_data["receipt"]
        if normalise_receipt_code(code) is None:
            raise ValidationError(WRONG_CODE, code="wrong_code")
        return code


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is it not published?"),
        choices=RejectReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )


class PublishForm(forms.Form):
    """Publish; when possible personal details were found, the moderator confirms having checked them."""

    checked = forms.BooleanField(
        label=_(
            "I checked every highlighted detail: none of them identifies a worker or another private person."
        ),
        required=False,
    )
    reviewed = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, fields: list[FieldHits], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_hits = hit_count(fields) > 0
        self.fields["reviewed"].initial = hits_fingerprint(fields)

    def reviewed_hits(self) -> str:
        """Return the fingerprint of the details the moderator confirmed, or "" if they did not."""
        if not self.is_valid() or not self.cleaned_data["checked"]:
            return ""
        return str(self.cleaned_data["reviewed"])


class RedactForm(forms.Form):
    """Choose flagged details and/or type exact phrases to remove from one text field."""

    spans = forms.MultipleChoiceField(
        label=_("Details found in the text"), required=False, widget=forms.CheckboxSelectMultiple
    )
    phrases = forms.CharField(
        label=_("Other words to remove"),
        required=False,
        max_length=2000,
        help_text=_("One per line, exactly as written in the text."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = forms.ChoiceField(
        label=_("Why?"),
        choices=RedactReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
    field = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args: Any, text: str, hits: list[Hit], field: str = "text", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.text = text
        self.field_name = field
        self.fields["field"].initial = field
        spans_field = cast(forms.MultipleChoiceField, self.fields["spans"])
        spans_field.choices = [(hit.value, f"{hit.text} ({hit.label})") for hit in hits]
        self.fields["fingerprint"].initial = redaction.fingerprint(text)

    def clean_spans(self) -> list[tuple[int, int]]:
        return [redaction.parse_span(value, len(self.text)) for value in self.cleaned_data["spans"]]

    def clean_phrases(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["phrases"].splitlines() if line.strip()]
        if len(lines) > redaction.MAX_PHRASES:
            raise ValidationError(
                _("Type at most %(limit)d phrases at a time."),
                code="too_many_phrases",
                params={"limit": redaction.MAX_PHRASES},
            )
        return lines

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not cleaned.get("spans") and not cleaned.get("phrases"):
            raise ValidationError(_("Choose or type what to remove."), code="nothing_chosen")
        return cleaned

    def redaction(self) -> dict[str, Any]:
        """What ``services.contribution_redact`` needs from a valid form, beside the record and moderator."""
        data = self.cleaned_data
        return {
            "field": self.field_name,
            "spans": data["spans"],
            "phrases": data["phrases"],
            "reason": data["reason"],
            "shown_fingerprint": data["fingerprint"],
        }


def posted_field(data: Any) -> str:
    """Return the text field a posted redaction is about (``text`` when the form does not say)."""
    return str(data.get("field") or "text") if data is not None else ""


def redact_forms(data: Any, fields: list[FieldHits]) -> list[tuple[FieldHits, RedactForm]]:
    """One redaction form per published text field; only the one ``data`` is about is bound."""
    chosen = posted_field(data)
    return [
        (
            field,
            RedactForm(
                data if field.name == chosen else None,
                text=field.text,
                hits=field.hits,
                field=field.name,
                auto_id=f"redact_{field.name}_%s",
            ),
        )
        for field in fields
    ]
