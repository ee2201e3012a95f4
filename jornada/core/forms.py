from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jornada.core.models import Role

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
