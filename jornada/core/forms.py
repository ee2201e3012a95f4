from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jornada.core.models import MAX_OFFICE_HOURS, IntakeSettings, Role
from jornada.vocabulary.languages import KNOWN_LANGUAGES, language_name
from jornada.vocabulary.models import Audience
from jornada.vocabulary.places import CENTRAL_AMERICA, COUNTRIES, MX_STATES, PLACES, US_STATES
from jornada.vocabulary.selectors import categories

ROLE_HELP = {
    Role.ADVOCATE: _("Takes in requests for help and follows cases."),
    Role.SUPERVISOR: _("Oversees advocates' work and reads the audit log."),
    Role.ORG_ADMIN: _("Manages the team: invites members and changes roles."),
}


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows now, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split()).lower()
        if not token.isalnum():
            raise forms.ValidationError(_("A code has only digits and letters."), code="invalid_token")
        return token


class RolesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=Role.choices,
            widget=forms.CheckboxSelectMultiple,
            label=_("Roles"),
            error_messages={"required": _("Choose at least one role.")},
            **kwargs,
        )


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    roles = RolesField()


class RolesForm(forms.Form):
    roles = RolesField()


class ModerationGrantForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the account"),
        max_length=254,
        help_text=_("The person must already have an account and should not speak for an employer."),
    )


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )


class AuditFilterForm(forms.Form):
    action = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class IntakeSettingsForm(forms.Form):
    """Which requests for help an organisation takes; the service checks the choices again."""

    accepts_intakes = forms.BooleanField(
        label=_("We accept requests for help through Jornada"),
        required=False,
        help_text=_("When unticked, no worker is sent to you, whatever is chosen below."),
    )
    places = forms.MultipleChoiceField(
        label=_("Places"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where the worker is or where the problem happened. A whole country covers its states."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages someone on your team speaks well enough to take a case in."),
    )
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        max_length=400,
        help_text=_("Separated by commas, for example: Chatino, Mixe."),
    )
    topics = forms.MultipleChoiceField(label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple)
    takes_urgent = forms.BooleanField(
        label=_("We take urgent cases"),
        required=False,
        help_text=_(
            "Injury, no food or shelter, documents taken, threats, a child alone: you answer the same day."
        ),
    )
    office_hours_es = forms.CharField(
        label=_("Office hours, in Spanish"),
        required=False,
        max_length=MAX_OFFICE_HOURS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "As a worker should read them, for example: Lunes a viernes, de 9 a 5 (hora del Centro)."
        ),
    )
    office_hours_en = forms.CharField(
        label=_("Office hours, in English"),
        required=False,
        max_length=MAX_OFFICE_HOURS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["places"].choices = [(place.code, place.name()) for place in PLACES]
        fields["languages"].choices = [(language.key, language.name()) for language in KNOWN_LANGUAGES]
        fields["topics"].choices = [
            (choice.code, choice.label) for choice in categories(audience=Audience.STAFF)
        ]

    @classmethod
    def initial_from(cls, settings: IntakeSettings) -> dict[str, Any]:
        """Return the form's initial values for saved ``settings``."""
        known = {language.key for language in KNOWN_LANGUAGES}
        return {
            "accepts_intakes": settings.accepts_intakes,
            "places": settings.places,
            "languages": [key for key in settings.languages if key in known],
            "other_languages": ", ".join(
                language_name(key) for key in settings.languages if key not in known
            ),
            "topics": list(settings.topics.values_list("code", flat=True)) if settings.pk else [],
            "takes_urgent": settings.takes_urgent,
            "office_hours_es": settings.office_hours_es,
            "office_hours_en": settings.office_hours_en,
        }

    def chosen_languages(self) -> list[str]:
        """Return the ticked languages followed by the ones typed in, as names."""
        typed = [name.strip() for name in self.cleaned_data["other_languages"].split(",")]
        return [*self.cleaned_data["languages"], *(name for name in typed if name)]

    def place_groups(self) -> list[tuple[str, list[Any], bool]]:
        """Return the place checkboxes in groups (countries, US, Mexico, Central America), and whether any is ticked."""
        boxes = {box.data["value"]: box for box in self["places"]}
        groups = (
            (_("Whole countries"), COUNTRIES),
            (_("United States"), US_STATES),
            (_("Mexico"), MX_STATES),
            (_("Central America"), CENTRAL_AMERICA),
        )
        grouped = [(str(label), [boxes[place.code] for place in places]) for label, places in groups]
        return [(label, group, any(box.data["selected"] for box in group)) for label, group in grouped]
