"""The controlled vocabulary: what can go wrong for a worker, as data every app maps onto.

Reviews' questions, scam reports, intakes, cases and the published evidence all speak of the
same problems ("documents taken", "charged recruitment fees"); if each app named them its own
way, no count could be added across them. A ``Category`` is one such problem with a stable
``code``, a plain label for workers and a precise one for staff, in each language, kept in the
data so site administrators can correct a word without a release. Every edit is kept as a
``CategoryVersion`` (who, when, what it said); a category is retired, never deleted, so a case
filed under it years ago still reads as it did.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MAX_LABEL = 120
MAX_DESCRIPTION = 400
# The languages whose labels live in the data; every one in settings.LANGUAGES must be here.
LABEL_LANGUAGES = ("es", "en")
# The fields a version keeps: everything an administrator may change.
VERSIONED_FIELDS = (
    "group",
    "worker_label_es",
    "worker_label_en",
    "staff_label_es",
    "staff_label_en",
    "description_es",
    "description_en",
    "urgent",
    "position",
)


class Group(models.TextChoices):
    ILO = "ilo", _("ILO forced-labour indicators")
    US_LAW = "us_law", _("Problems under US law")
    NEED = "need", _("Urgent needs")


class Audience(models.TextChoices):
    WORKER = "worker", _("Worker")
    STAFF = "staff", _("Staff")


class CategoryQuerySet(models.QuerySet["Category"]):
    def active(self) -> CategoryQuerySet:
        return self.filter(retired_at__isnull=True)


class Category(models.Model):
    """One problem a worker may bring, under a code that never changes."""

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("Stable name used by cases, reports and statistics. It cannot be changed."),
    )
    group = models.CharField(_("group"), max_length=10, choices=Group.choices)
    worker_label_es = models.CharField(_("label for workers (Spanish)"), max_length=MAX_LABEL)
    worker_label_en = models.CharField(_("label for workers (English)"), max_length=MAX_LABEL)
    staff_label_es = models.CharField(_("label for staff (Spanish)"), max_length=MAX_LABEL)
    staff_label_en = models.CharField(_("label for staff (English)"), max_length=MAX_LABEL)
    description_es = models.CharField(
        _("plain description for workers (Spanish)"), max_length=MAX_DESCRIPTION
    )
    description_en = models.CharField(
        _("plain description for workers (English)"), max_length=MAX_DESCRIPTION
    )
    urgent = models.BooleanField(
        _("urgent"),
        default=False,
        help_text=_("A request for help in this category is treated as urgent at once."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(
        pgettext_lazy("category", "created"), default=timezone.now, editable=False
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["group", "position", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return f"{self.code} · {self.staff_label_en}"

    def is_active(self) -> bool:
        """Return True while new cases and forms may use this category."""
        return self.retired_at is None

    def label(self, language: str, audience: str = Audience.WORKER) -> str:
        """Return the label for ``audience`` in ``language`` (Spanish when the language has none)."""
        language = language if language in LABEL_LANGUAGES else LABEL_LANGUAGES[0]
        return str(getattr(self, f"{audience}_label_{language}"))

    def description(self, language: str) -> str:
        """Return the plain description for workers in ``language`` (Spanish when it has none)."""
        language = language if language in LABEL_LANGUAGES else LABEL_LANGUAGES[0]
        return str(getattr(self, f"description_{language}"))

    def snapshot(self) -> dict[str, Any]:
        """Return what a version keeps of this category."""
        return {name: getattr(self, name) for name in VERSIONED_FIELDS}


class CategoryVersion(models.Model):
    """What a category said from one edit to the next, and who made the edit. Never changed."""

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="versions", verbose_name=_("category")
    )
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
        help_text=_("Empty for the vocabulary that Jornada ships."),
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    change = models.CharField(_("change"), max_length=20)

    class Meta:
        ordering = ["category", "-number"]
        verbose_name = _("category version")
        verbose_name_plural = _("category versions")
        constraints = [models.UniqueConstraint(fields=["category", "number"], name="category_version_unique")]

    def __str__(self) -> str:
        return f"{self.category.code} v{self.number}"
