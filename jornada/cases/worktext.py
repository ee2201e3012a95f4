"""Checking the short texts staff type into a case's tasks and contacts before they are sealed."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Control characters other than tab and line breaks have no place in typed text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_clean(field: str, value: str, *, label: str | Promise, limit: int, required: bool = True) -> str:
    """Return ``value`` stripped; raise ValidationError on ``field``, naming it, when it is not fit to keep."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(
            {field: ValidationError(_("%(field)s is empty."), code="required", params={"field": label})}
        )
    if len(value) > limit:
        raise ValidationError(
            {
                field: ValidationError(
                    _("%(field)s is longer than %(limit)d characters."),
                    code="too_long",
                    params={"field": label, "limit": limit},
                )
            }
        )
    if _CONTROL.search(value):
        raise ValidationError(
            {
                field: ValidationError(
                    _("%(field)s contains control characters."),
                    code="control_characters",
                    params={"field": label},
                )
            }
        )
    return value


def anonymised_refusal() -> ValidationError:
    return ValidationError(
        _("This case was anonymised; its personal data cannot be written."), code="anonymised"
    )
