"""Monthly snapshots of the published evidence, kept so a citation can be checked later."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    """Every public table as published in one month (codes and protected counts only)."""

    month = models.DateField(_("month"), unique=True, help_text=_("Always the first of the month."))
    built_on = models.DateField(_("built on"))
    tables = models.JSONField(_("tables"))

    class Meta:
        ordering = ["-month"]
        verbose_name = _("evidence snapshot")
        verbose_name_plural = _("evidence snapshots")

    def __str__(self) -> str:
        return self.label()

    def label(self) -> str:
        """Return the month as cited: YYYY-MM."""
        return f"{self.month:%Y-%m}"
