"""Writes to the vocabulary: every edit makes a new version; a category is retired, never deleted."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jornada.core.audit import audit_record
from jornada.vocabulary.models import Category, CategoryVersion

AUDIT_ACTIONS: dict[str, str | Promise] = {
    "vocabulary.category_created": _("Added a category to the vocabulary"),
    "vocabulary.category_changed": _("Changed a category of the vocabulary"),
    "vocabulary.category_retired": _("Retired a category of the vocabulary"),
    "vocabulary.category_restored": _("Brought back a retired category"),
}


def _record(*, category: Category, by: Any, change: str) -> CategoryVersion:
    version = CategoryVersion(
        category=category,
        number=category.version,
        content=category.snapshot(),
        changed_by=by if by is not None and by.pk else None,
        change=change,
    )
    version.full_clean()
    version.save()
    audit_record(
        actor=version.changed_by,
        action=f"vocabulary.category_{change}",
        target=category,
        detail={"code": category.code, "version": category.version},
    )
    return version


@transaction.atomic
def category_save(*, category: Category, by: Any) -> Category:
    """Save a new or edited category as its next version; an unchanged one is left alone.

    The code is what cases and statistics hold, so it never changes once saved.
    """
    if category.pk is None:
        category.version = 1
        category.full_clean()
        category.save()
        _record(category=category, by=by, change="created")
        return category
    stored = Category.objects.select_for_update().get(pk=category.pk)
    if category.code != stored.code:
        raise ValidationError(
            {"code": _("A category's code cannot change; retire it and add a new one.")},
            code="code_changed",
        )
    if category.snapshot() == stored.snapshot():
        return stored
    category.version = stored.version + 1
    category.retired_at = stored.retired_at
    category.full_clean()
    category.save()
    _record(category=category, by=by, change="changed")
    return category


@transaction.atomic
def category_retire(*, category: Category, by: Any) -> Category:
    """Take a category out of new forms and lists; what already uses it keeps it."""
    locked = Category.objects.select_for_update().get(pk=category.pk)
    if not locked.is_active():
        return locked
    locked.retired_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["retired_at", "version"])
    _record(category=locked, by=by, change="retired")
    return locked


@transaction.atomic
def category_restore(*, category: Category, by: Any) -> Category:
    """Offer a retired category again."""
    locked = Category.objects.select_for_update().get(pk=category.pk)
    if locked.is_active():
        return locked
    locked.retired_at = None
    locked.version += 1
    locked.save(update_fields=["retired_at", "version"])
    _record(category=locked, by=by, change="restored")
    return locked
