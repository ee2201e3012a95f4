"""Checking the short texts staff type into a case's tasks and contacts before they are sealed."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jornada.cases.models import Case

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


def case_fresh(case: Case) -> Case:
    """Return ``case`` read again and locked until the caller's transaction ends.

    A service must not seal anything with a data key an anonymisation destroyed meanwhile: the
    instance it was given may predate that.
    """
    return Case.objects.select_for_update().select_related("organisation").get(pk=case.pk)
